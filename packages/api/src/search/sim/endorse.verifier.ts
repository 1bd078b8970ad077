/**
 * Verifies SORACOM Endorse tokens with `jose`: RS256 only (so `alg: none` and HS256 tokens,
 * including ones "signed" with the public key as an HMAC secret, are refused before any key is
 * used), the key found by `kid` in a configured key set, audience, issuer, subject, and
 * `exp`/`nbf` with a small clock tolerance. The result names the SIM from
 * `soracom-endorse-claim`.
 * @module
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  importSPKI,
  importX509,
  jwtVerify,
  type JSONWebKeySet,
  type JWTHeaderParameters,
  type JWTVerifyGetKey,
} from 'jose';
import type { SimVerdict } from './sim.identity.js';

export const ENDORSE_AUDIENCE = 'soracom-endorse-audience';
export const ENDORSE_ISSUER = 'https://soracom.io';
export const ENDORSE_SUBJECT = 'soracom-endorse';
/** Seconds of clock difference tolerated on `exp`, `nbf` and `iat`. */
export const DEFAULT_ENDORSE_SKEW_SECONDS = 30;
/** A real token is well under 2 KB; anything longer is refused before parsing. */
export const MAX_ENDORSE_TOKEN_LENGTH = 8192;

export interface EndorseVerifierOptions {
  /** A JWKS document URL (the emulator's, or one you host); fetched on demand and cached. */
  jwksUrl?: string;
  /** A key set given inline. */
  jwks?: JSONWebKeySet;
  /**
   * SORACOM's public key repository: the key is `<keyBaseUrl><kid>` (a PEM public key or
   * certificate), fetched once per `kid` and cached.
   */
  keyBaseUrl?: string;
  audience?: string;
  /** Expected `iss` (default `https://soracom.io`); null skips the check. */
  issuer?: string | null;
  skewSeconds?: number;
  /** Current time in seconds, for tests. */
  currentDate?: () => Date;
  fetchImpl?: typeof fetch;
}

type PublicKey = Awaited<ReturnType<typeof importSPKI>>;

const KID = /^[A-Za-z0-9._-]{1,128}$/;
const MAX_KEY_BYTES = 16_384;
const MAX_CACHED_KEYS = 32;

/** Keys from `<base><kid>`: fetched with a timeout and a size bound, cached per kid. */
function keyRepository(base: string, fetchImpl: typeof fetch): JWTVerifyGetKey {
  const cache = new Map<string, Promise<PublicKey>>();
  const load = async (kid: string): Promise<PublicKey> => {
    const res = await fetchImpl(new URL(kid, base), { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new errors.JWKSNoMatchingKey();
    const text = await res.text();
    if (text.length > MAX_KEY_BYTES) throw new errors.JWKSNoMatchingKey();
    return text.includes('BEGIN CERTIFICATE')
      ? importX509(text, 'RS256')
      : importSPKI(text, 'RS256');
  };
  return async (header: JWTHeaderParameters) => {
    const kid = header.kid;
    if (!kid || !KID.test(kid)) throw new errors.JWKSNoMatchingKey();
    let key = cache.get(kid);
    if (!key) {
      if (cache.size >= MAX_CACHED_KEYS) cache.delete(cache.keys().next().value!);
      key = load(kid);
      cache.set(kid, key);
      // A failed fetch is not cached: the next token with this kid tries again.
      key.catch(() => cache.delete(kid));
    }
    return key;
  };
}

export function createEndorseVerifier(options: EndorseVerifierOptions) {
  const sources = [options.jwksUrl, options.jwks, options.keyBaseUrl].filter(
    (s) => s !== undefined,
  );
  if (sources.length !== 1)
    throw new Error('Endorse verification needs exactly one of jwksUrl, jwks or keyBaseUrl');
  const fetchImpl = options.fetchImpl ?? fetch;
  const getKey: JWTVerifyGetKey = options.jwks
    ? createLocalJWKSet(options.jwks)
    : options.jwksUrl
      ? createRemoteJWKSet(new URL(options.jwksUrl), {
          timeoutDuration: 5000,
          cooldownDuration: 30_000,
          cacheMaxAge: 10 * 60_000,
        })
      : keyRepository(options.keyBaseUrl!, fetchImpl);
  const issuer = options.issuer === undefined ? ENDORSE_ISSUER : options.issuer;

  return {
    async verify(token: string | undefined): Promise<SimVerdict> {
      if (!token) return { ok: false, reason: 'no Endorse token' };
      if (token.length > MAX_ENDORSE_TOKEN_LENGTH)
        return { ok: false, reason: 'Endorse token too long' };
      try {
        const { payload } = await jwtVerify(token, getKey, {
          algorithms: ['RS256'],
          audience: options.audience ?? ENDORSE_AUDIENCE,
          subject: ENDORSE_SUBJECT,
          ...(issuer !== null ? { issuer } : {}),
          clockTolerance: options.skewSeconds ?? DEFAULT_ENDORSE_SKEW_SECONDS,
          requiredClaims: ['exp'],
          ...(options.currentDate ? { currentDate: options.currentDate() } : {}),
        });
        const claim = payload['soracom-endorse-claim'] as Record<string, unknown> | undefined;
        const imsi = claim?.imsi;
        if (typeof imsi !== 'string' || !/^\d{5,15}$/.test(imsi))
          return { ok: false, reason: 'Endorse token names no IMSI (turn on includeImsi)' };
        const str = (v: unknown) => (typeof v === 'string' && v.length <= 64 ? v : undefined);
        const imei = str(claim?.imei);
        const msisdn = str(claim?.msisdn);
        const simId = str(claim?.simId);
        return {
          ok: true,
          identity: {
            via: 'endorse',
            imsi,
            ...(imei ? { imei } : {}),
            ...(msisdn ? { msisdn } : {}),
            ...(simId ? { simId } : {}),
          },
        };
      } catch (err) {
        return { ok: false, reason: `Endorse token refused: ${describe(err)}` };
      }
    },
  };
}

/** A short reason for the server's log (never the token). */
function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `claim ${err.claim} ${err.reason}`;
  if (err instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (err instanceof errors.JWKSNoMatchingKey) return 'no key for its kid';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (err instanceof errors.JOSEError) return err.code;
  return 'unreadable';
}

export type EndorseVerifier = ReturnType<typeof createEndorseVerifier>;

/** Where a request carries its Endorse token: `Authorization: Bearer` or `X-Soracom-Endorse-Token`. */
export function endorseTokenOf(get: (name: string) => string | undefined): string | undefined {
  const direct = get('x-soracom-endorse-token');
  if (direct) return direct.trim();
  const auth = get('authorization');
  const m = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  return m?.[1];
}
