/**
 * The `facegate` CLI as an AWS SDK Rekognition client against the real server: Rekognition's
 * response JSON on stdout, one clear line and a non-zero exit on errors.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DetectFacesCommand } from '@aws-sdk/client-rekognition';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cropFace,
  demoPhoto,
  engineAvailable,
  repoRoot,
  startFacegate,
  type Facegate,
} from './rekognition-support.js';

const run = promisify(execFile);
const available = await engineAvailable();
const CLI = path.join(repoRoot, 'apps/cli/dist/main.js');

describe.skipIf(!available)('facegate CLI against the server', { timeout: 240_000 }, () => {
  let fg: Facegate;
  let photo: string;

  /** Runs `facegate ...` with the server's endpoint and data folder (for its credentials). */
  async function facegate(
    ...args: string[]
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = {
      ...process.env,
      FACEGATE_ACCESS_KEY_ID: '',
      FACEGATE_SECRET_ACCESS_KEY: '',
      AWS_ACCESS_KEY_ID: '',
    };
    return run(process.execPath, [CLI, ...args, '--endpoint', fg.url, '--data', fg.dataDir], {
      env,
      timeout: 60_000,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
    );
  }

  beforeAll(async () => {
    fg = await startFacegate();
    const group = new Uint8Array(readFileSync(demoPhoto(6)));
    const faces = await fg.client.send(new DetectFacesCommand({ Image: { Bytes: group } }));
    photo = path.join(fg.dataDir, 'taro.jpg');
    writeFileSync(photo, await cropFace(group, faces.FaceDetails![0]!.BoundingBox!));
  });
  afterAll(() => fg?.stop(true));

  it('creates a collection, indexes a face, finds it, and reports errors in one line', async () => {
    const created = await facegate('collections', 'create', 'cli');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ StatusCode: 200 });

    const indexed = await facegate(
      'faces',
      'index',
      photo,
      '-c',
      'cli',
      '--external-image-id',
      'Taro_Yamada',
      '--max-faces',
      '1',
    );
    expect(indexed.code).toBe(0);
    const faceId = JSON.parse(indexed.stdout).FaceRecords[0].Face.FaceId;

    const found = await facegate('search', photo, '-c', 'cli');
    expect(JSON.parse(found.stdout).FaceMatches[0].Face).toMatchObject({
      FaceId: faceId,
      ExternalImageId: 'Taro_Yamada',
    });

    const described = JSON.parse((await facegate('collections', 'describe', 'cli')).stdout);
    expect(described.FaceCount).toBe(1);
    const listed = JSON.parse((await facegate('faces', 'list', '-c', 'cli')).stdout);
    expect(listed.Faces.map((f: { FaceId: string }) => f.FaceId)).toEqual([faceId]);
    expect(
      JSON.parse((await facegate('faces', 'delete', faceId, '-c', 'cli')).stdout).DeletedFaces,
    ).toEqual([faceId]);

    const again = await facegate('collections', 'create', 'cli');
    expect(again.code).not.toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr.trim().split('\n')).toEqual([
      'facegate: ResourceAlreadyExistsException: The collection id: cli already exists',
    ]);

    const missing = await facegate('search', photo, '-c', 'nope');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/^facegate: ResourceNotFoundException: /);
    expect((await facegate('collections', 'delete', 'cli')).code).toBe(0);
  });
});
