/**
 * Reading a request body with a hard size limit, checked on the declared Content-Length and
 * again on the bytes actually streamed, so an oversized upload is refused (422) before
 * anything is buffered whole or decoded.
 * @module
 */
import { Buffer } from 'node:buffer';
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

const tooLarge = () => new WireError(failed(422, Messages.tooLarge));

/** The body's bytes, or throws a 422 WireError as soon as it passes `maxBytes`. */
export async function readBodyLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
