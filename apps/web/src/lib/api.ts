/**
 * The Search API client (SPEC contract A) and the enrolment call. Turns every failure into an
 * ApiError with a kind the UI can name in the user's language.
 * @module
 */

export interface BoundingBox {
  Width: number;
  Height: number;
  Left: number;
  Top: number;
}

export interface FaceMatch {
  Similarity: number;
  Face: { FaceId?: string; ExternalImageId?: string; Confidence?: number };
  /** facegate serve: the person's name in any script (absent from other servers). */
  DisplayName?: string;
}

export interface SearchPayloads {
  timestamp?: string;
  SearchedFaceBoundingBox?: BoundingBox;
  SearchedFaceConfidence?: number;
  FaceMatches: FaceMatch[];
  FaceModelVersion?: string;
}

/** What the UI shows: the best match, or none (unknown person). */
export interface SearchResult {
  box?: BoundingBox;
  match?: { name: string; externalImageId: string; similarity: number; confident: boolean };
}

export type ApiErrorKind =
  | 'forbidden'
  | 'noFace'
  | 'tooLarge'
  | 'format'
  | 'tooMany'
  | 'badRequest'
  | 'server'
  | 'timeout'
  | 'network'
  /** The SIM itself was refused (SIM modes): not on the allowlist, or Endorse/Beam off for its group. */
  | 'simRefused';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Long enough for a slow cellular uplink, short enough that a dead link is reported. */
export const REQUEST_TIMEOUT_MS = 30_000;

const KIND_BY_STATUS: Record<number, ApiErrorKind> = {
  400: 'badRequest',
  401: 'forbidden',
  403: 'forbidden',
  413: 'tooLarge',
  421: 'noFace',
  422: 'tooLarge',
  423: 'format',
  429: 'tooMany',
};

/** ExternalImageId as people read it: `Taro_Yamada` → `Taro Yamada`. */
export function displayName(externalImageId: string): string {
  return externalImageId.replace(/_/g, ' ').trim();
}

async function readMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { msg?: unknown; message?: unknown };
    return String(body.msg ?? body.message ?? '');
  } catch {
    return '';
  }
}

/**
 * POSTs JSON with x-api-key (when there is one) and a timeout; throws ApiError for anything
 * but 2xx. `headers` adds others, e.g. an Endorse token.
 */
export async function postJson(
  url: string,
  apiKey: string,
  body: unknown,
  timeoutMs = REQUEST_TIMEOUT_MS,
  headers: Record<string, string> = {},
): Promise<unknown> {
  return requestJson('POST', url, apiKey, body, timeoutMs, headers);
}

/** Any method with x-api-key (when given) and a timeout; throws ApiError for anything but 2xx. */
export async function requestJson(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  apiKey: string,
  body?: unknown,
  timeoutMs = REQUEST_TIMEOUT_MS,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(apiKey ? { 'x-api-key': apiKey } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: ctrl.signal,
    });
  } catch (err) {
    const aborted = ctrl.signal.aborted || (err instanceof Error && err.name === 'AbortError');
    throw new ApiError(aborted ? 'timeout' : 'network', 0, aborted ? 'timeout' : 'network error');
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) {
    const kind = KIND_BY_STATUS[res.status] ?? (res.status >= 500 ? 'server' : 'badRequest');
    throw new ApiError(kind, res.status, await readMessage(res));
  }
  try {
    return await res.json();
  } catch {
    throw new ApiError('server', res.status, 'response is not JSON');
  }
}

/**
 * Below this similarity a match is shown as uncertain ("probably …, please confirm"). On LFW
 * people the calibration never saw (docs/benchmarks.md, section "Open-set identification", 379
 * enrolled), no enrolled person was named as someone else at 90 or more and 0.4 % of strangers
 * reached it; between the threshold (80 by default) and 90, 2 % of strangers and 0.5 % of
 * enrolled people named as someone else still get through.
 */
export const CONFIDENT_SIMILARITY = 90;

/** Reads a 200 answer of the Search API into what the UI shows. */
export function toSearchResult(body: unknown): SearchResult {
  const payloads = (body as { payloads?: Partial<SearchPayloads> } | null)?.payloads;
  const best = [...(payloads?.FaceMatches ?? [])].sort((a, b) => b.Similarity - a.Similarity)[0];
  const id = best?.Face?.ExternalImageId;
  return {
    box: payloads?.SearchedFaceBoundingBox,
    match: best
      ? {
          // A stored name as it is (山田 花子); an id without one reads with spaces (Taro Yamada).
          name:
            best.DisplayName && best.DisplayName !== id
              ? best.DisplayName
              : displayName(id ?? best.Face?.FaceId ?? '?'),
          externalImageId: id ?? '',
          similarity: best.Similarity,
          confident: best.Similarity >= CONFIDENT_SIMILARITY,
        }
      : undefined,
  };
}

/** Asks the Search API who is in the photo (SPEC contract A). */
export async function searchFace(
  endpoint: string,
  apiKey: string,
  imageDataUrl: string,
  threshold: number,
  timeoutMs?: number,
  headers?: Record<string, string>,
): Promise<SearchResult> {
  const body = await postJson(
    endpoint,
    apiKey,
    { image_base64str: imageDataUrl, threshold },
    timeoutMs,
    headers,
  );
  return toSearchResult(body);
}

/** ExternalImageId from what an operator types: spaces become `_`; null when not allowed. */
export function toExternalImageId(name: string): string | null {
  const id = name.trim().replace(/\s+/g, '_');
  return /^[a-zA-Z0-9_.\-:]{1,255}$/.test(id) ? id : null;
}

/** What an operator may type as a name: any script, 1-100 characters, no control characters. */
export function validPersonName(name: string): boolean {
  const n = name.normalize('NFC').trim().replace(/\s+/gu, ' ');
  // eslint-disable-next-line no-control-regex
  return n.length > 0 && [...n].length <= 100 && !/[\u0000-\u001f\u007f]/u.test(n);
}

export interface Enrolled {
  personId: string;
  displayName: string;
}

/**
 * Enrols a person: `POST {base}/faces` with `{"name","image_base64str"}`. facegate keeps the
 * name as typed (山田 花子) and answers with the id it maps to.
 */
export async function enrolFace(
  base: string,
  apiKey: string,
  name: string,
  imageDataUrl: string,
  personId?: string,
): Promise<Enrolled> {
  const body = (await postJson(`${base}/faces`, apiKey, {
    ...(personId !== undefined ? { personId } : { name: name.trim() }),
    image_base64str: imageDataUrl,
  })) as { payloads?: { PersonId?: string; DisplayName?: string; FaceRecords?: unknown[] } };
  const p = body?.payloads;
  return { personId: p?.PersonId ?? name.trim(), displayName: p?.DisplayName ?? name.trim() };
}

/** The key's name and scopes (`GET {base}/session`): checked at the console's sign-in. */
export async function getSession(
  base: string,
  apiKey: string,
): Promise<{ keyName: string | null; scopes: string[] }> {
  const body = (await requestJson('GET', `${base}/session`, apiKey)) as {
    KeyName?: string | null;
    Scopes?: unknown;
  };
  return {
    keyName: body?.KeyName ?? null,
    scopes: Array.isArray(body?.Scopes) ? body.Scopes.map(String) : [],
  };
}

export interface PersonRow {
  PersonId: string;
  DisplayName: string;
  Named: boolean;
  FaceCount: number;
  CreatedAt: string;
  Thumbnail: string | null;
}

export interface PersonFaceRow {
  FaceId: string;
  ImageId: string;
  CreatedAt: string;
  UserId?: string;
  Thumbnail: string | null;
}

export interface PersonDetail {
  PersonId: string;
  DisplayName: string;
  Named: boolean;
  CreatedAt: string;
  Faces: PersonFaceRow[];
}

export interface LogRow {
  Id: number;
  Time: string;
  Route: string;
  KeyName: string | null;
  Source: string | null;
  Imsi: string | null;
  Status: number;
  PersonId: string | null;
  DisplayName: string | null;
  Similarity: number | null;
  LatencyMs: number;
}

const enc = encodeURIComponent;

export async function listPeople(base: string, key: string, query = ''): Promise<PersonRow[]> {
  const body = (await requestJson('GET', `${base}/people?q=${enc(query)}&limit=500`, key)) as {
    People?: PersonRow[];
  };
  return body?.People ?? [];
}

export async function getPerson(base: string, key: string, id: string): Promise<PersonDetail> {
  return (await requestJson('GET', `${base}/people/${enc(id)}`, key)) as PersonDetail;
}

export async function deletePerson(base: string, key: string, id: string): Promise<void> {
  await requestJson('DELETE', `${base}/people/${enc(id)}`, key);
}

export async function deleteFace(
  base: string,
  key: string,
  id: string,
  faceId: string,
): Promise<void> {
  await requestJson('DELETE', `${base}/people/${enc(id)}/faces/${enc(faceId)}`, key);
}

export async function readLog(base: string, key: string, before?: number): Promise<LogRow[]> {
  const page = before !== undefined ? `&before=${before}` : '';
  const body = (await requestJson('GET', `${base}/log?limit=100${page}`, key)) as {
    Entries?: LogRow[];
  };
  return body?.Entries ?? [];
}
