/**
 * How the SORACOM client reaches the API: one request in, status + headers + JSON out. The
 * fetch transport sends; the dry-run transport records and answers plausible placeholders, so
 * `--dry-run` shows every request provisioning would send, in order, and sends none.
 * @module
 */

export interface SoracomRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the base, with query, e.g. `/groups?tag_name=name&tag_value=dev`. */
  path: string;
  headers: Record<string, string>;
  /** The JSON body, when there is one. */
  body?: unknown;
}

export interface SoracomResponse {
  status: number;
  headers: { get(name: string): string | null };
  /** Parsed JSON, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
}

export type Transport = (baseUrl: string, request: SoracomRequest) => Promise<SoracomResponse>;

/** Sends with the global fetch (Node 20). */
export function fetchTransport(fetchImpl: typeof fetch = fetch, timeoutMs = 30_000): Transport {
  return async (baseUrl, r) => {
    let res: Response;
    try {
      res = await fetchImpl(`${baseUrl}${r.path}`, {
        method: r.method,
        headers: r.headers,
        body: r.body === undefined ? undefined : JSON.stringify(r.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw unreachable(baseUrl, err, timeoutMs);
    }
    const text = await res.text();
    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: res.status, headers: res.headers, body };
  };
}

/** The API could not be reached at all (no answer, not an error answer). */
export class SoracomUnreachableError extends Error {
  override readonly name = 'SoracomUnreachableError';
}

/**
 * fetch's bare `TypeError: fetch failed` as one line naming the host, the cause (DNS, refused,
 * timed out, ...) and, since the usual reason offline is wanting the emulator, `--endpoint`.
 */
function unreachable(baseUrl: string, err: unknown, timeoutMs: number): SoracomUnreachableError {
  const host = (() => {
    try {
      return new URL(baseUrl).host;
    } catch {
      return baseUrl;
    }
  })();
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const cause =
    e.name === 'TimeoutError'
      ? `no answer within ${timeoutMs / 1000} s`
      : e.cause?.code === 'ENOTFOUND' || e.cause?.code === 'EAI_AGAIN'
        ? `the name ${host.split(':')[0]} does not resolve (${e.cause.code}; no network?)`
        : e.cause?.code === 'ECONNREFUSED'
          ? 'connection refused (ECONNREFUSED; nothing listens there)'
          : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(err));
  return new SoracomUnreachableError(
    `cannot reach the SORACOM API at ${host}: ${cause}. For the local emulator (npm start runs it), ` +
      'pass --endpoint http://127.0.0.1:8790',
  );
}

/** The placeholder a dry run uses for ids it cannot know without sending. */
export const DRY_RUN_GROUP_ID = '{groupId}';

/**
 * Records requests and answers placeholders, sending nothing. By default the account looks
 * empty (so provisioning shows the create path); `existingGroup` makes a `GET /groups` name
 * lookup find one group (so a teardown shows its deletes).
 */
export function dryRunTransport(
  record: SoracomRequest[],
  options: { operatorId?: string; existingGroup?: boolean } = {},
): Transport {
  const none = { get: () => null };
  const operatorId = options.operatorId ?? '{operatorId}';
  return async (_base, r) => {
    record.push(structuredClone(r));
    const path = r.path.split('?')[0]!;
    if (r.method === 'POST' && path === '/auth') {
      return {
        status: 200,
        headers: none,
        body: { apiKey: '{apiKey}', token: '{token}', operatorId },
      };
    }
    if (r.method === 'GET' && path === '/groups' && options.existingGroup) {
      const name = new URLSearchParams(r.path.split('?')[1] ?? '').get('tag_value') ?? '';
      const group = { groupId: DRY_RUN_GROUP_ID, operatorId, tags: { name }, configuration: {} };
      return { status: 200, headers: none, body: [group] };
    }
    if (r.method === 'GET' && (path === '/groups' || path.endsWith('/subscribers'))) {
      return { status: 200, headers: none, body: [] };
    }
    if (r.method === 'POST' && path === '/groups') {
      const tags = (r.body as { tags?: Record<string, string> } | undefined)?.tags ?? {};
      return {
        status: 201,
        headers: none,
        body: {
          groupId: DRY_RUN_GROUP_ID,
          operatorId,
          tags,
          configuration: {},
          createdTime: 0,
          lastModifiedTime: 0,
        },
      };
    }
    if (r.method === 'DELETE') return { status: 204, headers: none, body: undefined };
    return { status: 200, headers: none, body: {} };
  };
}
