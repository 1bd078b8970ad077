/**
 * importToAws with facegate's real face engine: photos shipped in @vladmandic/face-api go to
 * s3rver, facegate indexes their largest face from Image.S3Object, and a search with one of the
 * photos finds the folder it was imported from. Skips with a message while the engine is not
 * built (fails in CI).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateCollectionCommand,
  RekognitionClient,
  SearchFacesByImageCommand,
} from '@aws-sdk/client-rekognition';
import { loadConfig, startServer, type RunningServer } from '@facegate/server';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineMissing, requireOrSkip } from '../../../../test-support/require-or-skip.js';
import { importToAws } from './import.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
process.env['AWS_ACCESS_KEY_ID'] = credentials.accessKeyId;
process.env['AWS_SECRET_ACCESS_KEY'] = credentials.secretAccessKey;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const demoPhoto = (n: number) =>
  path.join(repoRoot, 'node_modules/@vladmandic/face-api/demo', `sample${n}.jpg`);

const available = !requireOrSkip('the real-engine AWS import test', await engineMissing());

describe.skipIf(!available)('importToAws with the real engine', () => {
  let root: string;
  let s3server: S3rver;
  let facegate: RunningServer;
  let rekognition: RekognitionClient;
  let s3Endpoint: string;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'facegate-aws-engine-'));
    s3server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: path.join(root, 's3'),
      configureBuckets: [{ name: 'photos', configs: [] }],
    });
    s3Endpoint = `http://127.0.0.1:${(await s3server.run()).port}`;
    facegate = await startServer(
      loadConfig(
        { port: 0, host: '127.0.0.1', data: path.join(root, 'data'), s3Endpoint },
        {
          FACEGATE_ACCESS_KEY_ID: credentials.accessKeyId,
          FACEGATE_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        },
      ),
      { log: () => {} },
    );
    rekognition = new RekognitionClient({
      endpoint: facegate.url,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });
    await rekognition.send(new CreateCollectionCommand({ CollectionId: 'people' }));
    for (const [person, n] of [
      ['Person_A', 2],
      ['Person_B', 3],
    ] as const) {
      mkdirSync(path.join(root, 'people', person), { recursive: true });
      cpSync(demoPhoto(n), path.join(root, 'people', person, `sample${n}.jpg`));
    }
  });

  afterAll(async () => {
    rekognition?.destroy();
    await facegate?.close();
    await s3server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('indexes each photo from S3 and finds the person it came from', async () => {
    const summary = await importToAws(path.join(root, 'people'), {
      bucket: 'photos',
      collectionId: 'people',
      region: 'us-east-1',
      credentials,
      endpoints: { s3: s3Endpoint, rekognition: facegate.url },
      progress: { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream,
    });
    expect(summary).toMatchObject({ Images: 2, Uploaded: 2, Indexed: 2, Failed: 0 });
    const found = await rekognition.send(
      new SearchFacesByImageCommand({
        CollectionId: 'people',
        Image: { Bytes: new Uint8Array(readFileSync(demoPhoto(3))) },
      }),
    );
    expect(found.FaceMatches?.[0]?.Face?.ExternalImageId).toBe('Person_B');
    expect(found.FaceMatches?.[0]?.Similarity).toBeGreaterThan(95);
  });
});
