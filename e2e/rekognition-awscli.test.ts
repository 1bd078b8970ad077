/**
 * Step 2 of the hands-on with the real `aws` CLI against `facegate serve`:
 * create-collection, list-collections, index-faces from an S3Object, list-faces,
 * search-faces-by-image, delete-collection, each answer's JSON checked.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DetectFacesCommand } from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cropFace,
  demoPhoto,
  engineAvailable,
  startFacegate,
  type Facegate,
} from './rekognition-support.js';
import { findCommand, requireOrSkip } from '../test-support/require-or-skip.js';

const run = promisify(execFile);

const awsCli = findCommand('aws', ['/root/.pyenv/shims']);
const aws = awsCli.path;
const available =
  !requireOrSkip('the aws CLI end-to-end test', awsCli.missing) &&
  (await engineAvailable('the aws CLI end-to-end test'));

describe.skipIf(!available)('hands-on step 2 with the aws CLI', { timeout: 240_000 }, () => {
  let fg: Facegate;
  const C = 'handson';
  // The aws CLI checks bucket names itself (3 to 63 characters), so the hands-on's placeholder needs a real one.
  const BUCKET = 'handson-photos';

  /** `aws rekognition ...` with the server's keys, JSON output, nothing read from ~/.aws. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON, checked field by field below
  async function rekognition(...args: string[]): Promise<any> {
    const { stdout } = await run(
      aws!,
      ['rekognition', ...args, '--endpoint-url', fg.url, '--output', 'json'],
      {
        env: {
          PATH: process.env.PATH,
          HOME: fg.dataDir,
          AWS_ACCESS_KEY_ID: fg.keys.accessKeyId,
          AWS_SECRET_ACCESS_KEY: fg.keys.secretAccessKey,
          AWS_DEFAULT_REGION: 'ap-northeast-1',
          AWS_CONFIG_FILE: path.join(fg.dataDir, 'no-aws-config'),
          AWS_SHARED_CREDENTIALS_FILE: path.join(fg.dataDir, 'no-aws-credentials'),
          AWS_PAGER: '',
        },
        timeout: 120_000,
      },
    );
    return stdout.trim() ? JSON.parse(stdout) : {};
  }

  beforeAll(async () => {
    fg = await startFacegate();
    const photo = new Uint8Array(readFileSync(demoPhoto(3)));
    const faces = await fg.client.send(new DetectFacesCommand({ Image: { Bytes: photo } }));
    const taro = await cropFace(photo, faces.FaceDetails![0]!.BoundingBox!);
    const bucket = path.join(fg.dataDir, 'buckets', BUCKET);
    mkdirSync(bucket, { recursive: true });
    writeFileSync(path.join(bucket, 'Taro_Yamada.jpg'), taro);
    // Another photo of the same person: mirrored and rescaled.
    writeFileSync(
      path.join(bucket, 'who.jpg'),
      await sharp(taro).flop().resize({ width: 300 }).jpeg({ quality: 80 }).toBuffer(),
    );
  });
  afterAll(() => fg?.stop(true));

  it('runs create-collection, list-collections, index-faces, list-faces, search-faces-by-image, delete-collection', async () => {
    const created = await rekognition('create-collection', '--collection-id', C);
    expect(created).toMatchObject({
      StatusCode: 200,
      CollectionArn: expect.stringMatching(/collection\/handson$/),
    });
    expect(created.FaceModelVersion).toBeTruthy();

    const listed = await rekognition('list-collections');
    expect(listed.CollectionIds).toContain(C);
    expect(listed.FaceModelVersions).toHaveLength(listed.CollectionIds.length);

    const indexed = await rekognition(
      'index-faces',
      '--image',
      `{"S3Object":{"Bucket":"${BUCKET}","Name":"Taro_Yamada.jpg"}}`,
      '--collection-id',
      C,
      '--max-faces',
      '1',
      '--quality-filter',
      'AUTO',
      '--detection-attributes',
      'ALL',
      '--external-image-id',
      'Taro_Yamada',
    );
    expect(indexed.FaceRecords).toHaveLength(1);
    const face = indexed.FaceRecords[0].Face;
    expect(face).toMatchObject({
      ExternalImageId: 'Taro_Yamada',
      FaceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ImageId: expect.any(String),
    });
    expect(face.Confidence).toBeGreaterThan(50);
    const detail = indexed.FaceRecords[0].FaceDetail;
    expect(detail.BoundingBox).toBeDefined();
    // --detection-attributes ALL: every landmark, and the attributes the shipped models give.
    expect(detail.Landmarks.length).toBeGreaterThan(5);
    expect(detail.AgeRange.Low).toBeLessThanOrEqual(detail.AgeRange.High);
    expect(['Male', 'Female']).toContain(detail.Gender.Value);
    expect(detail.Emotions.length).toBeGreaterThan(0);
    expect(typeof detail.Smile.Value).toBe('boolean');
    expect(typeof detail.MouthOpen.Value).toBe('boolean');
    expect(indexed.UnindexedFaces).toEqual([]);
    expect(indexed.FaceModelVersion).toBe(created.FaceModelVersion);

    const faces = await rekognition('list-faces', '--collection-id', C);
    expect(faces.Faces).toHaveLength(1);
    expect(faces.Faces[0]).toMatchObject({
      FaceId: face.FaceId,
      ExternalImageId: 'Taro_Yamada',
      ImageId: face.ImageId,
    });

    const found = await rekognition(
      'search-faces-by-image',
      '--collection-id',
      C,
      '--image',
      `{"S3Object":{"Bucket":"${BUCKET}","Name":"who.jpg"}}`,
    );
    expect(found.SearchedFaceBoundingBox.Width).toBeGreaterThan(0);
    expect(found.SearchedFaceConfidence).toBeGreaterThan(50);
    expect(found.FaceMatches).toHaveLength(1);
    expect(found.FaceMatches[0].Face).toMatchObject({
      FaceId: face.FaceId,
      ExternalImageId: 'Taro_Yamada',
    });
    expect(found.FaceMatches[0].Similarity).toBeGreaterThanOrEqual(80);

    const deleted = await rekognition('delete-collection', '--collection-id', C);
    expect(deleted).toEqual({ StatusCode: 200 });
    expect((await rekognition('list-collections')).CollectionIds).not.toContain(C);
  });

  it('reports a bad signature the way AWS does', async () => {
    const err = await run(aws!, ['rekognition', 'list-collections', '--endpoint-url', fg.url], {
      env: {
        PATH: process.env.PATH,
        HOME: fg.dataDir,
        AWS_ACCESS_KEY_ID: fg.keys.accessKeyId,
        AWS_SECRET_ACCESS_KEY: 'wrong',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/nonexistent',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      },
      timeout: 120_000,
    }).then(
      () => undefined,
      (e: { stderr: string }) => e,
    );
    expect(err?.stderr).toContain('InvalidSignatureException');
  });
});
