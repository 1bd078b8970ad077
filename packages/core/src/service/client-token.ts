/**
 * Idempotent IndexFaces (the facegate ClientToken extension): the FaceIds and ImageId of a call
 * with a token are derived from the collection and the token instead of drawn at random, so a
 * repeated call finds what the first one indexed, and two copies racing each other (a resumed
 * `faces import` while the killed run's call is still queued) collide on the collection's unique
 * FaceId instead of indexing the photo twice. The collection's ARN and creation time are part of
 * the derivation, so a recreated collection gets fresh ids.
 * @module
 */
import { Errors } from '../errors.js';
import type { CollectionRecord } from '../types.js';

const CLIENT_TOKEN = /^[a-zA-Z0-9_-]{1,64}$/;

/** The token as Rekognition's ClientRequestToken is checked, or undefined when absent. */
export function checkClientToken(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !CLIENT_TOKEN.test(v)) {
    throw Errors.invalidParameter('ClientToken must be 1 to 64 characters of [a-zA-Z0-9_-].');
  }
  return v;
}

/** A UUID (RFC 9562 version 8, name-based) for `what` of this token in this collection. */
export async function tokenId(
  collection: CollectionRecord,
  token: string,
  what: string,
): Promise<string> {
  const name = `facegate-index-token\n${collection.CollectionArn}\n${collection.createdAt}\n${token}\n${what}`;
  // Web Crypto: the core runs on Node, Lambda and in bundles alike.
  const h = new Uint8Array(
    await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(name)),
  );
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = Array.from(h.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The FaceIds a tokened call may have created, in the order it created them. */
export const tokenFaceIds = (
  collection: CollectionRecord,
  token: string,
  count: number,
): Promise<string[]> =>
  Promise.all(Array.from({ length: count }, (_, i) => tokenId(collection, token, `face ${i}`)));
