/**
 * Rekognition's limits and messages for Image.S3Object, shared by both image sources.
 * @module
 */
import { Errors } from '@facegate/core';

/** Rekognition accepts S3 objects up to 15 MB (Image.Bytes is limited to 5 MB elsewhere). */
export const MAX_S3_OBJECT_BYTES = 15 * 1024 * 1024;

/** Rekognition's own wording when it cannot read the object. */
export const S3_OBJECT_NOT_FOUND_MESSAGE =
  'Unable to get object metadata from S3. Check object key, region and/or access permissions.';

export const objectNotFound = () => Errors.invalidS3Object(S3_OBJECT_NOT_FOUND_MESSAGE);

export const objectTooLarge = () =>
  Errors.imageTooLarge(
    `Image size is too large. The S3 object must be at most ${MAX_S3_OBJECT_BYTES} bytes (15 MB).`,
  );
