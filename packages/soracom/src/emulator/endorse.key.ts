/**
 * The emulator's own Endorse signing key: RSA 2048, made on first use and kept in the state
 * file (mode 0600) so tokens stay verifiable across restarts. Tokens are signed RS256 with
 * node:crypto; the public half is served as a JWKS and as a PEM named by `kid`, the way
 * SORACOM publishes its keys.
 * @module
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
} from 'node:crypto';

/** Where the API listener serves the public keys: `jwks.json` and `<kid>`. */
export const ENDORSE_KEYS_PATH = '/endorse-keys/';
export const ENDORSE_AUDIENCE = 'soracom-endorse-audience';
export const ENDORSE_ISSUER = 'https://soracom.io';
export const DEFAULT_ENDORSE_TTL_SECONDS = 600;

export interface StoredEndorseKey {
  kid: string;
  privateKeyPem: string;
}

export interface EndorseKey {
  kid: string;
  publicJwk: Record<string, unknown>;
  publicKeyPem: string;
  /** A signed token for these claims (RS256, this key's `kid`). */
  sign(payload: Record<string, unknown>): string;
}

export function generateEndorseKey(): StoredEndorseKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    kid: `facegate-emulator-${randomBytes(6).toString('hex')}.pem`,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export function loadEndorseKey(stored: StoredEndorseKey): EndorseKey {
  const privateKey = createPrivateKey(stored.privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  return {
    kid: stored.kid,
    publicJwk: {
      ...publicKey.export({ format: 'jwk' }),
      kid: stored.kid,
      alg: 'RS256',
      use: 'sig',
    },
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign(payload) {
      const input = `${b64url({ alg: 'RS256', typ: 'JWT', kid: stored.kid })}.${b64url(payload)}`;
      return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    },
  };
}
