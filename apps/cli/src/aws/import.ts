/**
 * `facegate faces import <dir> --engine aws`: the hands-on's step 2 for a whole folder. Each
 * photo of `<dir>/<person>/` is uploaded to the stack's bucket, then indexed from its
 * S3Object with ExternalImageId = the person's folder name. Resumable: a photo whose object is
 * already in the bucket with the same bytes and a face still in the collection is skipped.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DeleteFacesCommand,
  IndexFacesCommand,
  ListFacesCommand,
  RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';
import { Errors } from '@facegate/core';
import { scanFolder } from '../rekognition/import-folder.js';
import { Progress } from '../rekognition/progress.js';
import { clientSettings, type AwsOptions } from './aws-options.js';
import { getStackOutputs } from './outputs.js';
import { headPhoto, markIndexed, NO_FACE, putPhoto } from './photo-object.js';

export interface ImportToAwsOptions extends AwsOptions {
  /** Target bucket; with `collectionId`, skips reading the stack's outputs. */
  bucket?: string;
  /** Target collection; with `bucket`, skips reading the stack's outputs. */
  collectionId?: string;
  /** Where progress and per-photo problems go (default: stderr). */
  progress?: NodeJS.WriteStream;
}

export interface AwsImportSummary {
  Bucket: string;
  CollectionId: string;
  Images: number;
  Uploaded: number;
  Indexed: number;
  AlreadyIndexed: number;
  NoFace: number;
  Failed: number;
}

/** Rekognition errors that concern one photo: report it and go on with the next. */
const PER_PHOTO = new Set([
  'InvalidImageFormatException',
  'ImageTooLargeException',
  'InvalidParameterException',
  'InvalidS3ObjectException',
]);

/**
 * Uploads and indexes every photo of `<dir>/<person>/*.{jpg,jpeg,png}` into the deployed stack.
 * The object key is `<ExternalImageId>/<file name>`; IndexFaces runs with MaxFaces 1 and
 * QualityFilter AUTO, as the hands-on's `aws rekognition index-faces` does.
 *
 * @example
 * const summary = await importToAws('./people', { stack: 'Facegate', region: 'ap-northeast-1' });
 */
export async function importToAws(
  dir: string,
  options: ImportToAwsOptions = {},
): Promise<AwsImportSummary> {
  const { bucket, collectionId } = await targetOf(options);
  const items = await scanFolder(dir);
  const s3 = new S3Client(clientSettings('s3', options));
  const rekognition = new RekognitionClient(clientSettings('rekognition', options));
  const summary: AwsImportSummary = {
    Bucket: bucket,
    CollectionId: collectionId,
    Images: items.length,
    Uploaded: 0,
    Indexed: 0,
    AlreadyIndexed: 0,
    NoFace: 0,
    Failed: 0,
  };
  const out = options.progress ?? process.stderr;
  const progress = new Progress(items.length, out);
  try {
    const faces = await faceIdsOf(rekognition, collectionId);
    for (const [i, item] of items.entries()) {
      const key = `${item.ext}/${path.basename(item.file)}`;
      const bytes = await readFile(item.file);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const stored = await headPhoto(s3, bucket, key);
      const done =
        stored?.sha256 === sha256 && (stored.faceId === NO_FACE || faces.has(stored.faceId ?? ''));
      if (done) {
        if (stored?.faceId === NO_FACE) summary.NoFace++;
        else summary.AlreadyIndexed++;
        progress.update(i + 1, `${key} already indexed`);
        continue;
      }
      if (stored?.sha256 !== sha256) {
        await putPhoto(s3, bucket, key, bytes, sha256);
        summary.Uploaded++;
      }
      // A replaced photo's old face would still answer searches for this person.
      if (stored?.faceId && stored.faceId !== NO_FACE && faces.has(stored.faceId)) {
        await rekognition.send(
          new DeleteFacesCommand({ CollectionId: collectionId, FaceIds: [stored.faceId] }),
        );
      }
      try {
        const res = await rekognition.send(
          new IndexFacesCommand({
            CollectionId: collectionId,
            Image: { S3Object: { Bucket: bucket, Name: key } },
            ExternalImageId: item.ext,
            MaxFaces: 1,
            QualityFilter: 'AUTO',
            DetectionAttributes: ['DEFAULT'],
          }),
        );
        const faceId = res.FaceRecords?.[0]?.Face?.FaceId;
        await markIndexed(s3, bucket, key, sha256, faceId ?? NO_FACE);
        if (faceId) {
          faces.add(faceId);
          summary.Indexed++;
        } else {
          summary.NoFace++;
          out.write(`${key}: no face indexed\n`);
        }
        progress.update(i + 1, key);
      } catch (err) {
        if (!PER_PHOTO.has((err as Error).name)) throw err;
        summary.Failed++;
        out.write(`${key}: ${(err as Error).name}: ${(err as Error).message}\n`);
        progress.update(i + 1, `${key} failed`);
      }
    }
  } finally {
    progress.finish();
    s3.destroy();
    rekognition.destroy();
  }
  return summary;
}

async function targetOf(
  options: ImportToAwsOptions,
): Promise<{ bucket: string; collectionId: string }> {
  if (options.bucket && options.collectionId)
    return { bucket: options.bucket, collectionId: options.collectionId };
  const outputs = await getStackOutputs({ ...options, withApiKeyValue: false });
  return {
    bucket: options.bucket ?? outputs.bucketName,
    collectionId: options.collectionId ?? outputs.collectionId,
  };
}

async function faceIdsOf(client: RekognitionClient, CollectionId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let NextToken: string | undefined;
  try {
    do {
      const page = await client.send(
        new ListFacesCommand({ CollectionId, MaxResults: 4096, NextToken }),
      );
      for (const f of page.Faces ?? []) if (f.FaceId) ids.add(f.FaceId);
      NextToken = page.NextToken;
    } while (NextToken);
  } catch (err) {
    if ((err as Error).name === 'ResourceNotFoundException') {
      throw Errors.resourceNotFound(
        `collection ${CollectionId} does not exist; deploy the stack first (npm run aws:deploy)`,
      );
    }
    throw err;
  }
  return ids;
}
