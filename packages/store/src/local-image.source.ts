/**
 * Image.S3Object from the data folder: `<dataDir>/buckets/<Bucket>/<Name>`.
 * @module
 */
import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { Errors, type ImageSource } from '@facegate/core';
import { MAX_S3_OBJECT_BYTES, objectNotFound, objectTooLarge } from './image-source.limits.js';

/** Bucket names: what S3 allows (letters, digits, dots, hyphens), loosened to any case and underscores. */
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/**
 * A key is refused when it could leave the bucket folder: absolute, `..` segments, a NUL, or
 * backslashes (which Windows reads as separators). The resolved real path is checked as well,
 * so a symlink inside the bucket cannot point outside it.
 */
export function resolveObjectPath(root: string, bucket: string, name: string): string {
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw Errors.invalidS3Object(`Invalid S3 bucket name: ${JSON.stringify(bucket)}`);
  }
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    name.length > 1024 ||
    name.includes('\0') ||
    name.includes('\\') ||
    name.startsWith('/') ||
    path.isAbsolute(name) ||
    name.split('/').some((seg) => seg === '..' || seg === '.')
  ) {
    throw Errors.invalidS3Object(`Invalid S3 object key: ${JSON.stringify(name)}`);
  }
  const bucketDir = path.resolve(root, bucket);
  const file = path.resolve(bucketDir, name);
  if (!file.startsWith(bucketDir + path.sep)) {
    throw Errors.invalidS3Object(`Invalid S3 object key: ${JSON.stringify(name)}`);
  }
  return file;
}

export class LocalImageSource implements ImageSource {
  /** `<dataDir>/buckets` */
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.resolve(dataDir, 'buckets');
  }

  async getObject(bucket: string, name: string): Promise<Uint8Array> {
    const file = resolveObjectPath(this.root, bucket, name);
    let real: string;
    let bucketReal: string;
    let rootReal: string;
    try {
      [real, bucketReal, rootReal] = await Promise.all([
        realpath(file),
        realpath(path.join(this.root, bucket)),
        realpath(this.root),
      ]);
    } catch {
      throw objectNotFound();
    }
    // The bucket folder may itself be a symlink: followed only while it stays under buckets/.
    if (!bucketReal.startsWith(rootReal + path.sep)) throw objectNotFound();
    if (!real.startsWith(bucketReal + path.sep)) throw objectNotFound();
    // Only regular files. A FIFO (or a device) would block open() and read() in the thread
    // pool the engine and every other request share: refuse it before opening, and open
    // non-blocking so one swapped in between cannot block either.
    const before = await stat(real).catch(() => undefined);
    if (!before?.isFile()) throw objectNotFound();
    const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => {
      throw objectNotFound();
    });
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw objectNotFound();
      if (stat.size > MAX_S3_OBJECT_BYTES) throw objectTooLarge();
      const bytes = Buffer.alloc(stat.size);
      let read = 0;
      while (read < stat.size) {
        const { bytesRead } = await handle.read(bytes, read, stat.size - read, read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      return new Uint8Array(bytes.buffer, bytes.byteOffset, read);
    } finally {
      await handle.close();
    }
  }
}
