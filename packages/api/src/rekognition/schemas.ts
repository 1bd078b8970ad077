/**
 * Wire shapes shared by several operations. They check types and structure only; the
 * service checks Rekognition's patterns and limits so every entry point gets them.
 * @module
 */
import { z } from 'zod';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Image.Bytes travels as base64 and reaches the service as raw bytes. */
export const imageSchema = z.object({
  Bytes: z
    .string()
    .refine((s) => s.length % 4 === 0 && BASE64.test(s), 'Image.Bytes must be base64')
    .transform((s) => new Uint8Array(Buffer.from(s, 'base64')))
    .optional(),
  S3Object: z
    .object({
      Bucket: z.string().optional(),
      Name: z.string().optional(),
      Version: z.string().optional(),
    })
    .optional(),
});

export const qualityFilter = z.enum(['NONE', 'AUTO', 'LOW', 'MEDIUM', 'HIGH']);
export const attributes = z.array(z.string());
export const int = z.number().int();
export const threshold = z.number();
export const faceIds = z.array(z.string());
