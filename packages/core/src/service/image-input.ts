/**
 * Turns a Rekognition `Image` into bytes the engine can read, enforcing Rekognition's size
 * and format limits before any decoding work is spent on it.
 * @module
 */
import { Errors } from '../errors.js';
import type { Image } from '../rekognition.js';
import type { ImageSource } from '../ports.js';
import type { DetectionResult } from '../types.js';
import { Limits } from './limits.js';

/** What the image's first bytes say it is; only JPEG and PNG are accepted. */
export function sniffFormat(bytes: Uint8Array): 'jpeg' | 'png' | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return 'jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'png';
  return undefined;
}

/** Reads an Image (inline Bytes or S3Object) and checks its size and format. */
export async function loadImage(
  image: Image | undefined,
  source: ImageSource,
  field = 'Image',
): Promise<Uint8Array> {
  if (!image || typeof image !== 'object') throw Errors.invalidParameter(`${field} is required.`);
  const { Bytes, S3Object } = image;
  if ((Bytes === undefined) === (S3Object === undefined)) {
    throw Errors.invalidParameter(`${field} must have exactly one of Bytes or S3Object.`);
  }
  let bytes: Uint8Array;
  if (Bytes !== undefined) {
    if (Bytes.length > Limits.maxBytes) {
      throw Errors.imageTooLarge(
        `Image size is too large: ${Bytes.length} bytes (at most ${Limits.maxBytes} as Bytes).`,
      );
    }
    bytes = Bytes;
  } else {
    const { Bucket, Name, Version } = S3Object ?? {};
    if (!Bucket || !Name) throw Errors.invalidParameter(`${field}.S3Object needs Bucket and Name.`);
    bytes = await source.getObject(Bucket, Name, Version);
    if (bytes.length > Limits.maxS3Bytes) {
      throw Errors.imageTooLarge(
        `Image size is too large: ${bytes.length} bytes (at most ${Limits.maxS3Bytes} in S3).`,
      );
    }
  }
  if (bytes.length === 0) throw Errors.invalidParameter(`${field} is empty.`);
  if (!sniffFormat(bytes)) throw Errors.invalidImageFormat('Request has unsupported image format');
  return bytes;
}

/** Rekognition refuses images smaller than 80×80 pixels. */
export function checkDimensions(result: Pick<DetectionResult, 'width' | 'height'>): void {
  if (result.width < Limits.minImageSide || result.height < Limits.minImageSide) {
    throw Errors.invalidParameter(
      `Image must be at least ${Limits.minImageSide}x${Limits.minImageSide} pixels (got ${result.width}x${result.height}).`,
    );
  }
}
