/**
 * SORACOM Endorse from the phone: GET the Endorse URL over the SIM's own connection and get
 * `{"token": JWT}` naming this SIM. The token is kept in memory only, reused until a minute
 * before it expires, and never stored: a phone that leaves the SIM group keeps nothing.
 * @module
 */
import { ApiError } from './api.js';

/** Tokens are reused until this long before their `exp`. */
const RENEW_BEFORE_MS = 60_000;
const ENDORSE_TIMEOUT_MS = 10_000;

let cached: { url: string; token: string; expiresAt: number } | undefined;

/** `exp` of a JWT in ms, or 0 when it cannot be read (then the token is used once). */
function expiryOf(token: string): number {
  try {
    const part = token.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/** Forgets the token (after the API refused it, say). */
export function forgetEndorseToken(): void {
  cached = undefined;
}

/** A token for this SIM: cached while fresh, else fetched. Throws ApiError (`simRefused`, `network`, `timeout`). */
export async function endorseToken(endorseUrl: string, now = Date.now()): Promise<string> {
  if (cached && cached.url === endorseUrl && cached.expiresAt - RENEW_BEFORE_MS > now)
    return cached.token;
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), ENDORSE_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(endorseUrl, { signal: ctrl.signal, cache: 'no-store' });
  } catch {
    const aborted = ctrl.signal.aborted;
    throw new ApiError(aborted ? 'timeout' : 'network', 0, 'SORACOM Endorse could not be reached');
  } finally {
    clearTimeout(timer);
  }
  // Endorse refuses a SIM whose group has it off: as far as the user is concerned, the SIM is refused.
  if (res.status === 401 || res.status === 403) throw new ApiError('simRefused', res.status, '');
  if (!res.ok) throw new ApiError('server', res.status, 'SORACOM Endorse failed');
  const body = (await res.json().catch(() => ({}))) as { token?: unknown };
  if (typeof body.token !== 'string' || !body.token)
    throw new ApiError('server', res.status, 'SORACOM Endorse sent no token');
  cached = { url: endorseUrl, token: body.token, expiresAt: expiryOf(body.token) };
  return body.token;
}
