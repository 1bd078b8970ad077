/**
 * Wire shapes shared by several operations. They check types and structure only; the
 * service checks Rekognition's patterns and limits so every entry point gets them.
 * @module
 */
import { z } from 'zod';

/**
 * Base64 to bytes, refusing anything that is not strict base64. Node's decoder skips characters
 * it does not know, so a decoded length that differs from the text's says the text was not
 * base64; this costs one pass, where a regular expression took ~6 ms per 440 kB.
 */
function decodeBase64(text: string, ctx: z.RefinementCtx): Uint8Array {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = Buffer.from(text, 'base64');
  if (text.length % 4 !== 0 || bytes.length !== (text.length / 4) * 3 - padding) {
    ctx.addIssue({ code: 'custom', message: 'Image.Bytes must be base64' });
    return z.NEVER;
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Image.Bytes travels as base64 and reaches the service as raw bytes. */
export const imageSchema = z.object({
  Bytes: z.string().transform(decodeBase64).optional(),
  S3Object: z
    .object({
      Bucket: z.string().optional(),
      Name: z.string().optional(),
      Version: z.string().optional(),
    })
    .optional(),
});

/** Any string here: the service answers a value outside the enum with AWS's ValidationException. */
export const qualityFilter = z.custom<'NONE' | 'AUTO' | 'LOW' | 'MEDIUM' | 'HIGH'>(
  (v) => typeof v === 'string',
  { message: 'Expected string' },
);
export const attributes = z.array(z.string());
export const int = z.number().int();
export const threshold = z.number();
export const faceIds = z.array(z.string());
