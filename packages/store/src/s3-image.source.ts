/**
 * Image.S3Object from an S3-compatible endpoint (MinIO, LocalStack, AWS itself) through the
 * AWS SDK's GetObject, with path-style addressing so bucket names need no DNS.
 * @module
 */
import { GetObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { ImageSource } from '@facegate/core';
import { FacegateError } from '@facegate/core';
import { MAX_S3_OBJECT_BYTES, objectNotFound, objectTooLarge } from './image-source.limits.js';

export interface S3ImageSourceOptions {
  endpoint: string;
  /** Default `us-east-1`; most S3-compatible servers ignore it. */
  region?: string;
  /** Default: the SDK's credential chain (AWS_ACCESS_KEY_ID, profiles, ...). */
  credentials?: S3ClientConfig['credentials'];
}

export class S3ImageSource implements ImageSource {
  private readonly client: S3Client;

  constructor(options: S3ImageSourceOptions) {
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region ?? 'us-east-1',
      forcePathStyle: true,
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
  }

  async getObject(bucket: string, name: string, version?: string): Promise<Uint8Array> {
    let body: AsyncIterable<Uint8Array> | undefined;
    try {
      const out = await this.client.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: name,
          ...(version ? { VersionId: version } : {}),
        }),
      );
      if ((out.ContentLength ?? 0) > MAX_S3_OBJECT_BYTES) {
        destroy(out.Body);
        throw objectTooLarge();
      }
      body = out.Body as AsyncIterable<Uint8Array> | undefined;
    } catch (e) {
      if (e instanceof FacegateError) throw e;
      throw objectNotFound();
    }
    if (!body) throw objectNotFound();
    // The length header may be missing or wrong: count while reading.
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for await (const chunk of body) {
        total += chunk.byteLength;
        if (total > MAX_S3_OBJECT_BYTES) {
          destroy(body);
          throw objectTooLarge();
        }
        chunks.push(chunk);
      }
    } catch (e) {
      if (e instanceof FacegateError) throw e;
      throw objectNotFound();
    }
    return new Uint8Array(Buffer.concat(chunks, total));
  }

  close(): void {
    this.client.destroy();
  }
}

function destroy(body: unknown): void {
  (body as { destroy?: () => void } | undefined)?.destroy?.();
}
