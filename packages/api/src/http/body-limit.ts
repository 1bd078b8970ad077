/**
 * Reading a request body with a hard size limit, enforced while it streams in: a declared
 * Content-Length over the limit is refused before a byte is read, and a chunked (or lying)
 * body is cut off as soon as the bytes received pass the limit. So a request, signed or not,
 * never costs more than `maxBytes` of memory, whatever it claims or sends. What is left unread
 * after the answer is discarded by @hono/node-server (at most 64 MB or 500 ms, then the socket
 * is closed), never buffered. (Answering with `Connection: close` instead races the client: the
 * reset can destroy the answer before the client reads it.)
 * @module
 */
import { Buffer } from 'node:buffer';

/** Thrown when a body passes its limit; each app maps it onto its own wire error. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    /** The declared length, or the bytes received when the limit was passed. */
    readonly seen: number,
  ) {
    super(`Request body of at least ${seen} bytes is larger than ${limit}.`);
    this.name = 'BodyTooLargeError';
  }
}

/** The body's bytes, or throws BodyTooLargeError as soon as it passes `maxBytes`. */
export async function readBodyWithin(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    // Not read at all; cancelling tells the adapter we will not consume it.
    await req.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(maxBytes, Number(declared));
  }
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      chunks.length = 0;
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(maxBytes, total);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
