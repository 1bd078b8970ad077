/**
 * Making and checking API key secrets.
 *
 * Keys are 40 random characters from [A-Za-z0-9] (about 238 bits, API Gateway's key length).
 * Only their SHA-256 is stored. A slow password hash (scrypt, bcrypt) protects low-entropy
 * secrets against guessing; these keys are uniformly random, so nobody can enumerate
 * candidates against a stolen hash, and a fast hash lets every request be checked without
 * a cache. The lookup is by hash; the final comparison is constant-time anyway.
 * @module
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A new key: 40 characters, uniformly random. */
export function generateApiKey(length = 40): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** A short public identifier for a key (like API Gateway's key id). */
export function generateId(length = 10): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += 'abcdefghijklmnopqrstuvwxyz0123456789'[bytes[i]! % 36];
  return out;
}

/** Hex SHA-256 of the key, the only form in which it is stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time equality of two hex digests. */
export function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** A key someone brings (API Gateway accepts 20–128 printable ASCII characters). */
export function checkImportedKey(key: string): void {
  if (!/^[\x21-\x7e]{20,128}$/.test(key)) {
    throw new Error(
      'An API key value must be 20 to 128 printable ASCII characters without spaces.',
    );
  }
}
