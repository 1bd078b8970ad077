/**
 * Settings the app needs to call the Search API, and the pure helpers around them: parsing
 * the SIM's userdata (SPEC contract C), clamping the threshold, reading and writing the manual
 * settings kept on the phone. No Vue here so it is testable in Node.
 * @module
 */

/** Where the metadata service lives on a SORACOM SIM (plain HTTP, by design). */
export const DEFAULT_METADATA_URL = 'http://metadata.soracom.io/v1/userdata';
/** The hands-on's default threshold. */
export const DEFAULT_THRESHOLD = 80;
export const MIN_THRESHOLD = 10;
export const MAX_THRESHOLD = 100;

/**
 * How the phone proves itself: `apikey` (the hands-on's key in the userdata), `endorse` (a
 * SORACOM Endorse token fetched from the SIM's network for each search; no key anywhere) or
 * `beam` (plain HTTP to Beam's entry point, which signs for the SIM; no key anywhere).
 */
export type PhoneMode = 'apikey' | 'beam' | 'endorse';

export interface ApiSettings {
  /** Full URL of the Search API, ending in `/search` (for example `.../prod/search`); in Beam mode, Beam's entry point with that path. */
  apiEndpoint: string;
  /** Empty in the SIM modes. */
  apiKey: string;
  threshold: number;
  /** Absent: `apikey`. */
  mode?: PhoneMode;
  /** Endorse mode: where the token comes from (`https://endorse.soracom.io` on a SORACOM SIM). */
  endorseUrl?: string;
}

export const modeOf = (s: ApiSettings): PhoneMode => s.mode ?? 'apikey';

export type SettingsSource = 'sim' | 'manual' | 'none';

/** Keeps the threshold inside the slider's 10–100 range; anything unreadable becomes 80. */
export function clampThreshold(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return DEFAULT_THRESHOLD;
  return Math.min(MAX_THRESHOLD, Math.max(MIN_THRESHOLD, Math.round(n)));
}

/**
 * Reads the SIM group's userdata text: JSON `{"apiEndpoint","apiKey","threshold"?}`, or in the
 * SIM modes `{"mode":"endorse","apiEndpoint","endorseUrl"}` / `{"mode":"beam","apiEndpoint"}`.
 * Returns undefined when it is not that shape (the group may hold other userdata).
 */
export function parseUserdata(text: string): ApiSettings | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  if (typeof d.apiEndpoint !== 'string' || !d.apiEndpoint) return undefined;
  const threshold = clampThreshold(d.threshold ?? DEFAULT_THRESHOLD);
  const apiEndpoint = d.apiEndpoint.trim();
  if (d.mode === 'beam') return { mode: 'beam', apiEndpoint, apiKey: '', threshold };
  if (d.mode === 'endorse') {
    if (typeof d.endorseUrl !== 'string' || !d.endorseUrl) return undefined;
    return { mode: 'endorse', apiEndpoint, apiKey: '', threshold, endorseUrl: d.endorseUrl.trim() };
  }
  if (d.mode !== undefined && d.mode !== 'apikey') return undefined;
  if (typeof d.apiKey !== 'string') return undefined;
  return { apiEndpoint, apiKey: d.apiKey.trim(), threshold };
}

/**
 * Accepts a bare metadata base (`http://metadata.soracom.io`, as the emulator prints it) as
 * well as the full userdata URL.
 */
export function normalizeMetadataUrl(url: string): string {
  const trimmed = url.trim();
  try {
    const u = new URL(trimmed);
    if (u.pathname === '/' || u.pathname === '') return `${u.origin}/v1/userdata`;
  } catch {
    // not a URL: leave it as typed, the fetch will fail and say so
  }
  return trimmed;
}

/** The API base for other routes: the endpoint without its trailing `/search`. */
export function apiBase(apiEndpoint: string): string {
  return apiEndpoint.replace(/\/+$/, '').replace(/\/search$/, '');
}

/** True when the settings can be used to call the API. */
export function isComplete(s: ApiSettings): boolean {
  if (!/^https?:\/\//i.test(s.apiEndpoint)) return false;
  const mode = modeOf(s);
  if (mode === 'beam') return true;
  if (mode === 'endorse') return /^https?:\/\//i.test(s.endorseUrl ?? '');
  return s.apiKey.length > 0;
}

const MANUAL_KEY = 'facegate.settings';
const METADATA_KEY = 'facegate.metadataUrl';

/** The manual settings kept in localStorage, if any. */
export function loadManual(storage: Pick<Storage, 'getItem'>): ApiSettings | undefined {
  try {
    const raw = storage.getItem(MANUAL_KEY);
    return raw ? parseUserdata(raw) : undefined;
  } catch {
    return undefined;
  }
}

export function saveManual(storage: Pick<Storage, 'setItem'>, s: ApiSettings): void {
  try {
    storage.setItem(MANUAL_KEY, JSON.stringify(s));
  } catch {
    // storage full or blocked: the settings still apply for this visit
  }
}

/** The metadata URL the user typed, if they changed it. */
export function loadMetadataUrl(storage: Pick<Storage, 'getItem'>): string | undefined {
  try {
    return storage.getItem(METADATA_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveMetadataUrl(
  storage: Pick<Storage, 'setItem' | 'removeItem'>,
  url: string | undefined,
): void {
  try {
    if (url) storage.setItem(METADATA_KEY, url);
    else storage.removeItem(METADATA_KEY);
  } catch {
    // ignore, as above
  }
}

/**
 * GETs the userdata with a hard timeout (the hands-on used 1 s: off a SORACOM SIM the
 * hostname does not answer at all, and the user should not wait for that).
 */
export async function fetchUserdata(
  url: string,
  timeoutMs = 1000,
  fetchImpl: typeof fetch = fetch,
): Promise<ApiSettings | undefined> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    const res = await fetchImpl(url, { signal: ctrl.signal, cache: 'no-store' });
    if (!res.ok) return undefined;
    return parseUserdata(await res.text());
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Asks the server that served the page where the metadata service is (`facegate serve` points
 * it at the local emulator). Any failure means "not served by facegate": use the default.
 */
export async function fetchServerMetadataUrl(
  timeoutMs = 1000,
  fetchImpl: typeof fetch = fetch,
): Promise<string | undefined> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    const res = await fetchImpl('./facegate-config.json', {
      signal: ctrl.signal,
      cache: 'no-store',
    });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { metadataUrl?: unknown };
    return typeof body.metadataUrl === 'string' && body.metadataUrl
      ? normalizeMetadataUrl(body.metadataUrl)
      : undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
