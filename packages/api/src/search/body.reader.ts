/**
 * The Search API's body limit: the shared streaming reader (../http/body-limit.ts), with an
 * oversized upload answered as contract A's 422 before anything is buffered whole or decoded.
 * @module
 */
import { BodyTooLargeError, readBodyWithin } from '../http/body-limit.js';
import { failed, Messages, WireError } from './search.responses.js';

/** Rekognition's inline image limit. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** Base64 characters for `n` bytes. */
export const base64Length = (n: number): number => Math.ceil(n / 3) * 4;

/**
 * Default body limit: a 5 MB image in base64 plus room for a data-URL prefix, the JSON keys
 * and multipart framing. Anything larger cannot hold an image Rekognition would accept.
 */
export const DEFAULT_MAX_BODY_BYTES = base64Length(MAX_IMAGE_BYTES) + 64 * 1024;

/** The body's bytes, or throws a 422 WireError as soon as it passes `maxBytes`. */
export async function readBodyLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  try {
    return await readBodyWithin(req, maxBytes);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new WireError(failed(422, Messages.tooLarge));
    throw err;
  }
}
