/**
 * importToAws along the whole path it takes on AWS, on loopback: photos go to a real
 * S3-compatible server (s3rver), and facegate's own Rekognition endpoint indexes them from
 * Image.S3Object by reading that server (its --s3-endpoint), as Amazon Rekognition reads S3.
 * The face engine is a stand-in (one face per image): this test is about the upload, the
 * S3Object indexing and resuming, not recognition.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import {
  CreateCollectionCommand,
  DeleteFacesCommand,
  ListFacesCommand,
  RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { oneFaceEngine } from '@facegate/core/testing/one-face.engine';
import { loadConfig, startServer, type RunningServer } from '@facegate/server';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importToAws, type ImportToAwsOptions } from './import.js';
import { headPhoto, META_FACE_ID, META_SHA256 } from './photo-object.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
// s3rver knows one key pair; facegate is given the same one, and its S3 reader takes it from env.
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
process.env['AWS_ACCESS_KEY_ID'] = credentials.accessKeyId;
process.env['AWS_SECRET_ACCESS_KEY'] = credentials.secretAccessKey;

const BUCKET = 'facegate-photos';
const COLLECTION = 'people';

const engine = oneFaceEngine('stand-in-1.0');

let root: string;
let people: string;
let s3server: S3rver;
let facegate: RunningServer;
let s3: S3Client;
let rekognition: RekognitionClient;
let options: ImportToAwsOptions;
let log = '';

const jpeg = (n: number) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, n & 0xff, n >> 8, 1, 2, 3]);
const sink = new Writable({
  write(chunk, _enc, done) {
    log += String(chunk);
    done();
  },
}) as unknown as NodeJS.WriteStream;

async function faces() {
  const out = await rekognition.send(
    new ListFacesCommand({ CollectionId: COLLECTION, MaxResults: 100 }),
  );
  return out.Faces ?? [];
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'facegate-aws-import-'));
  s3server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: path.join(root, 's3'),
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port } = await s3server.run();
  const s3Endpoint = `http://127.0.0.1:${port}`;
  facegate = await startServer(
    loadConfig(
      { port: 0, host: '127.0.0.1', data: path.join(root, 'data'), s3Endpoint },
      {
        FACEGATE_ACCESS_KEY_ID: credentials.accessKeyId,
        FACEGATE_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      },
    ),
    { engine, log: () => {} },
  );
  s3 = new S3Client({
    endpoint: s3Endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
  });
  rekognition = new RekognitionClient({
    endpoint: facegate.url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
  await rekognition.send(new CreateCollectionCommand({ CollectionId: COLLECTION }));
  options = {
    bucket: BUCKET,
    collectionId: COLLECTION,
    region: 'us-east-1',
    credentials,
    endpoints: { s3: s3Endpoint, rekognition: facegate.url },
    progress: sink,
  };
  people = path.join(root, 'people');
  mkdirSync(path.join(people, 'Taro_Yamada'), { recursive: true });
  mkdirSync(path.join(people, 'Hanako'), { recursive: true });
  writeFileSync(path.join(people, 'Taro_Yamada', '1.jpg'), jpeg(1));
  writeFileSync(path.join(people, 'Hanako', '1.jpg'), jpeg(2));
  writeFileSync(path.join(people, 'Hanako', 'broken.jpg'), 'not an image at all');
  writeFileSync(path.join(people, 'Hanako', 'notes.txt'), 'ignored');
});

afterAll(async () => {
  s3?.destroy();
  rekognition?.destroy();
  await facegate?.close();
  await s3server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('importToAws', () => {
  it('uploads each photo and indexes it from its S3Object under the folder name', async () => {
    const summary = await importToAws(people, options);
    expect(summary).toEqual({
      Bucket: BUCKET,
      CollectionId: COLLECTION,
      Images: 3,
      Uploaded: 3,
      Indexed: 2,
      AlreadyIndexed: 0,
      NoFace: 0,
      Failed: 1,
    });
    const indexed = await faces();
    expect(indexed.map((f) => f.ExternalImageId).sort()).toEqual(['Hanako', 'Taro_Yamada']);
    const object = await s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'Taro_Yamada/1.jpg' }),
    );
    expect(Array.from(await object.Body!.transformToByteArray())).toEqual(Array.from(jpeg(1)));
    expect(object.ContentType).toBe('image/jpeg');
    const taro = indexed.find((f) => f.ExternalImageId === 'Taro_Yamada')!;
    expect(object.Metadata?.[META_FACE_ID]).toBe(taro.FaceId);
    expect(object.Metadata?.[META_SHA256]).toMatch(/^[0-9a-f]{64}$/);
    expect(log).toMatch(/Hanako\/broken\.jpg: InvalidImageFormatException/);
    expect(log).toMatch(/3\/3/);
  });

  it('skips, on a rerun, every photo already in the bucket with its face in the collection', async () => {
    const summary = await importToAws(people, options);
    expect(summary).toMatchObject({ Uploaded: 0, Indexed: 0, AlreadyIndexed: 2, Failed: 1 });
    expect(await faces()).toHaveLength(2);
  });

  it('indexes again a photo whose face was deleted, without uploading it again', async () => {
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'Hanako/1.jpg' }));
    const faceId = head.Metadata![META_FACE_ID]!;
    await rekognition.send(new DeleteFacesCommand({ CollectionId: COLLECTION, FaceIds: [faceId] }));
    const summary = await importToAws(people, options);
    expect(summary).toMatchObject({ Uploaded: 0, Indexed: 1, AlreadyIndexed: 1 });
    const hanako = (await faces()).filter((f) => f.ExternalImageId === 'Hanako');
    expect(hanako).toHaveLength(1);
    expect(hanako[0]!.FaceId).not.toBe(faceId);
  });

  it('replaces a changed photo: uploads it, drops its old face, indexes the new one', async () => {
    const before = (await faces()).find((f) => f.ExternalImageId === 'Taro_Yamada')!;
    writeFileSync(path.join(people, 'Taro_Yamada', '1.jpg'), jpeg(300));
    const summary = await importToAws(people, options);
    expect(summary).toMatchObject({ Uploaded: 1, Indexed: 1, AlreadyIndexed: 1 });
    const taro = (await faces()).filter((f) => f.ExternalImageId === 'Taro_Yamada');
    expect(taro).toHaveLength(1);
    expect(taro[0]!.FaceId).not.toBe(before.FaceId);
  });

  it('explains a refused HeadObject instead of the empty answer S3 gives', async () => {
    const stranger = new S3Client({
      endpoint: options.endpoints!.s3,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'NOBODY' },
    });
    await expect(headPhoto(stranger, BUCKET, 'Hanako/1.jpg')).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(/403.*s3:ListBucket/),
    });
    stranger.destroy();
  });

  it('says what to do when the collection does not exist', async () => {
    await expect(
      importToAws(people, { ...options, collectionId: 'missing' }),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: expect.stringMatching(/collection missing does not exist; deploy the stack first/),
    });
  });
});
