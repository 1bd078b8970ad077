import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isFacegateError } from '@facegate/core';
import { createImageSource } from './image-source.js';
import { MAX_S3_OBJECT_BYTES, S3_OBJECT_NOT_FOUND_MESSAGE } from './image-source.limits.js';
import { tempDir } from './test/fixtures.js';

async function failure(p: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isFacegateError(e)) return { name: e.name, message: e.message };
    return { name: `not a FacegateError: ${String(e)}`, message: '' };
  }
  return { name: 'resolved', message: '' };
}

describe('createImageSource (data folder)', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
    mkdirSync(path.join(t.dir, 'buckets/photos/people'), { recursive: true });
    writeFileSync(
      path.join(t.dir, 'buckets/photos/Taro_Yamada.jpg'),
      Buffer.from([0xff, 0xd8, 0xff, 1]),
    );
    writeFileSync(path.join(t.dir, 'buckets/photos/people/a.png'), 'png');
    writeFileSync(path.join(t.dir, 'secret.txt'), 'secret');
  });
  afterEach(() => t.remove());

  it('reads <dataDir>/buckets/<Bucket>/<Name>, nested keys included', async () => {
    const images = createImageSource({ dataDir: t.dir });
    expect(Array.from(await images.getObject('photos', 'Taro_Yamada.jpg'))).toEqual([
      0xff, 0xd8, 0xff, 1,
    ]);
    expect(Buffer.from(await images.getObject('photos', 'people/a.png')).toString()).toBe('png');
  });

  it('answers a missing object with Rekognition’s message', async () => {
    const images = createImageSource({ dataDir: t.dir });
    for (const [bucket, name] of [
      ['photos', 'nobody.jpg'],
      ['nobucket', 'x.jpg'],
      ['photos', 'people'], // a folder is not an object
    ] as const) {
      expect(await failure(images.getObject(bucket, name))).toEqual({
        name: 'InvalidS3ObjectException',
        message: S3_OBJECT_NOT_FOUND_MESSAGE,
      });
    }
  });

  it('refuses keys and buckets that could leave the bucket folder', async () => {
    const images = createImageSource({ dataDir: t.dir });
    symlinkSync(path.join(t.dir, 'secret.txt'), path.join(t.dir, 'buckets/photos/link.txt'));
    const attempts: Array<[string, string]> = [
      ['photos', '../../secret.txt'],
      ['photos', 'people/../../../secret.txt'],
      ['photos', '/etc/passwd'],
      ['photos', path.join(t.dir, 'secret.txt')],
      ['photos', '..\\..\\secret.txt'],
      ['photos', 'a\0b'],
      ['photos', ''],
      ['..', 'secret.txt'],
      ['photos/../..', 'secret.txt'],
      ['photos', 'link.txt'],
    ];
    for (const [bucket, name] of attempts) {
      expect((await failure(images.getObject(bucket, name))).name, `${bucket} ${name}`).toBe(
        'InvalidS3ObjectException',
      );
    }
  });

  it('refuses a FIFO in a bucket without blocking, and still serves files after it', async () => {
    const fifo = path.join(t.dir, 'buckets/photos/pipe.jpg');
    execFileSync('mkfifo', [fifo]);
    const images = createImageSource({ dataDir: t.dir });
    // Several at once: a blocking open would hold libuv's 4 threads and everything behind them.
    const refused = await Promise.all(
      Array.from({ length: 6 }, () => failure(images.getObject('photos', 'pipe.jpg'))),
    );
    for (const r of refused)
      expect(r).toEqual({ name: 'InvalidS3ObjectException', message: S3_OBJECT_NOT_FOUND_MESSAGE });
    expect((await images.getObject('photos', 'Taro_Yamada.jpg')).length).toBe(4);
  });

  it('does not follow a bucket folder that is a symlink out of <data>/buckets', async () => {
    mkdirSync(path.join(t.dir, 'outside'));
    writeFileSync(path.join(t.dir, 'outside/x.jpg'), 'outside');
    symlinkSync(path.join(t.dir, 'outside'), path.join(t.dir, 'buckets/escape'));
    symlinkSync(path.join(t.dir, 'buckets/photos'), path.join(t.dir, 'buckets/alias'));
    const images = createImageSource({ dataDir: t.dir });
    expect(await failure(images.getObject('escape', 'x.jpg'))).toEqual({
      name: 'InvalidS3ObjectException',
      message: S3_OBJECT_NOT_FOUND_MESSAGE,
    });
    // An alias of another bucket inside buckets/ is fine.
    expect(Buffer.from(await images.getObject('alias', 'people/a.png')).toString()).toBe('png');
  });

  it('refuses objects over 15 MB with ImageTooLargeException', async () => {
    const big = path.join(t.dir, 'buckets/photos/big.jpg');
    writeFileSync(big, '');
    truncateSync(big, MAX_S3_OBJECT_BYTES + 1); // sparse: costs no disk
    const images = createImageSource({ dataDir: t.dir });
    expect((await failure(images.getObject('photos', 'big.jpg'))).name).toBe(
      'ImageTooLargeException',
    );
    truncateSync(big, MAX_S3_OBJECT_BYTES);
    expect((await images.getObject('photos', 'big.jpg')).byteLength).toBe(MAX_S3_OBJECT_BYTES);
  });
});

describe('createImageSource (S3-compatible endpoint)', () => {
  let server: Server;
  let endpoint: string;
  const requests: string[] = [];
  const objects = new Map<string, Buffer>([
    ['/photos/Taro_Yamada.jpg', Buffer.from('jpeg-bytes')],
    ['/photos/big.jpg', Buffer.alloc(MAX_S3_OBJECT_BYTES + 1)],
  ]);

  beforeEach(async () => {
    requests.length = 0;
    // A minimal path-style S3 GetObject on loopback: enough for the real SDK client.
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push(`${req.method} ${url.pathname}`);
      const body = objects.get(decodeURIComponent(url.pathname));
      if (!body) {
        res.writeHead(404, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>nope</Message></Error>',
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(body.length) });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
  });

  const source = () =>
    createImageSource({
      dataDir: '/nonexistent',
      s3Endpoint: endpoint,
      s3Credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
    });

  it('gets objects with path-style addressing', async () => {
    const bytes = await source().getObject('photos', 'Taro_Yamada.jpg');
    expect(Buffer.from(bytes).toString()).toBe('jpeg-bytes');
    expect(requests).toContain('GET /photos/Taro_Yamada.jpg');
  });

  it('maps a missing key to InvalidS3ObjectException and a big object to ImageTooLargeException', async () => {
    expect(await failure(source().getObject('photos', 'nobody.jpg'))).toEqual({
      name: 'InvalidS3ObjectException',
      message: S3_OBJECT_NOT_FOUND_MESSAGE,
    });
    expect((await failure(source().getObject('photos', 'big.jpg'))).name).toBe(
      'ImageTooLargeException',
    );
  });
});
