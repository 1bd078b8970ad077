/**
 * One photo as an object of the stack's bucket, with the two facts that make an import
 * resumable kept in its user metadata: the photo's SHA-256 and the FaceId it was indexed as.
 * @module
 */
import {
  CopyObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Errors } from '@facegate/core';

/** User metadata keys (sent as `x-amz-meta-*`). */
export const META_SHA256 = 'facegate-sha256';
export const META_FACE_ID = 'facegate-face-id';
/** Recorded as the face id when IndexFaces found no face, so a rerun does not pay again. */
export const NO_FACE = 'none';

/** What the bucket already knows about a photo. */
export interface StoredPhoto {
  sha256?: string;
  faceId?: string;
}

/** HeadObject: the object's facegate metadata, or undefined when there is no such object. */
export async function headPhoto(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<StoredPhoto | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const meta = head.Metadata ?? {};
    return {
      ...(meta[META_SHA256] ? { sha256: meta[META_SHA256] } : {}),
      ...(meta[META_FACE_ID] ? { faceId: meta[META_FACE_ID] } : {}),
    };
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404)
      return undefined;
    // A HEAD answer has no body, so the SDK's message says nothing; without s3:ListBucket S3
    // answers 403 even for a missing object.
    if (e.$metadata?.httpStatusCode === 403) {
      throw Errors.accessDenied(
        `HeadObject s3://${bucket}/${key} was refused (403): the credentials need s3:GetObject and s3:ListBucket on the bucket`,
      );
    }
    throw err;
  }
}

/** PutObject with the photo's hash in its metadata. */
export async function putPhoto(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array,
  sha256: string,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: contentTypeOf(key),
      Metadata: { [META_SHA256]: sha256 },
    }),
  );
}

/**
 * Records the FaceId on the object. S3 metadata cannot be edited in place: the object is
 * copied onto itself with new metadata, which keeps its bytes.
 */
export async function markIndexed(
  s3: S3Client,
  bucket: string,
  key: string,
  sha256: string,
  faceId: string,
): Promise<void> {
  await s3.send(
    new CopyObjectCommand({
      Bucket: bucket,
      Key: key,
      CopySource: `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
      MetadataDirective: 'REPLACE',
      ContentType: contentTypeOf(key),
      Metadata: { [META_SHA256]: sha256, [META_FACE_ID]: faceId },
    }),
  );
}

function contentTypeOf(key: string): string {
  return /\.png$/i.test(key) ? 'image/png' : 'image/jpeg';
}
