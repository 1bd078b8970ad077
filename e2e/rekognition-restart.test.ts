/**
 * Durability through the real processes: faces indexed before a restart are found after it,
 * and a `facegate faces import` killed with SIGKILL part-way leaves a consistent collection
 * that a re-run completes, with every image indexed exactly once.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CreateCollectionCommand,
  DetectFacesCommand,
  IndexFacesCommand,
  ListFacesCommand,
  SearchFacesByImageCommand,
  type Face,
} from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cropFace,
  demoPhoto,
  engineAvailable,
  repoRoot,
  startFacegate,
  tempDataDir,
  type Facegate,
} from './rekognition-support.js';

const available = await engineAvailable();
const CLI = path.join(repoRoot, 'apps/cli/dist/main.js');

describe.skipIf(!available)('restart and kill -9', { timeout: 240_000 }, () => {
  const dataDir = tempDataDir();
  let fg: Facegate;
  let crops: Buffer[] = [];

  beforeAll(async () => {
    fg = await startFacegate(dataDir);
    const photo = new Uint8Array(readFileSync(demoPhoto(3)));
    const faces = await fg.client.send(new DetectFacesCommand({ Image: { Bytes: photo } }));
    crops = await Promise.all(
      faces.FaceDetails!.slice(0, 3).map((d) => cropFace(photo, d.BoundingBox!)),
    );
  });
  afterAll(() => fg?.stop(true));

  it('finds faces indexed before a restart', async () => {
    await fg.client.send(new CreateCollectionCommand({ CollectionId: 'kept' }));
    const indexed = await fg.client.send(
      new IndexFacesCommand({
        CollectionId: 'kept',
        Image: { Bytes: crops[0] },
        ExternalImageId: 'Taro_Yamada',
      }),
    );
    const faceId = indexed.FaceRecords![0]!.Face!.FaceId;
    await fg.stop();

    fg = await startFacegate(dataDir);
    const probe = await sharp(crops[0]).flop().jpeg({ quality: 75 }).toBuffer();
    const found = await fg.client.send(
      new SearchFacesByImageCommand({ CollectionId: 'kept', Image: { Bytes: probe } }),
    );
    expect(found.FaceMatches![0]!.Face).toMatchObject({
      FaceId: faceId,
      ExternalImageId: 'Taro_Yamada',
    });
  });

  it('completes an import killed with SIGKILL, without duplicates', async () => {
    const people = path.join(dataDir, 'people');
    const variants = [
      (b: Buffer) => sharp(b).jpeg({ quality: 90 }).toBuffer(),
      (b: Buffer) => sharp(b).flop().jpeg({ quality: 85 }).toBuffer(),
      (b: Buffer) => sharp(b).resize({ width: 260 }).jpeg({ quality: 80 }).toBuffer(),
      (b: Buffer) => sharp(b).modulate({ brightness: 1.1 }).jpeg({ quality: 70 }).toBuffer(),
      (b: Buffer) => sharp(b).resize({ width: 340 }).png().toBuffer(),
    ];
    const names = ['Taro_Yamada', 'Hanako_Sato', 'Jiro_Suzuki'];
    for (const [p, name] of names.entries()) {
      mkdirSync(path.join(people, name), { recursive: true });
      for (const [v, make] of variants.entries()) {
        await writeFile(
          path.join(people, name, `${v}.${v === 4 ? 'png' : 'jpg'}`),
          await make(crops[p]!),
        );
      }
    }
    const total = names.length * variants.length;
    const journal = path.join(dataDir, 'import.jsonl');
    const args = [
      CLI,
      'faces',
      'import',
      people,
      '-c',
      'imported',
      '--endpoint',
      fg.url,
      '--data',
      dataDir,
      '--journal',
      journal,
    ];
    const doneLines = () =>
      existsSync(journal)
        ? readFileSync(journal, 'utf8')
            .split('\n')
            .filter((l) => l.includes('"t":"done"')).length
        : 0;

    const first = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) =>
      first.on('exit', (code) => resolve(code)),
    );
    for (let i = 0; i < 600 && doneLines() < 3 && first.exitCode === null; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(first.exitCode, 'the import ended before it could be killed').toBeNull();
    first.kill('SIGKILL');
    await exited;
    const before = doneLines();
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThan(total);

    const second = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    second.stdout.on('data', (d) => (stdout += d));
    second.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) =>
      second.on('exit', (c) => resolve(c)),
    );
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.Images).toBe(total);
    expect(summary.Failed).toBe(0);
    expect(summary.AlreadyIndexed).toBeGreaterThanOrEqual(before);

    const faces: Face[] = [];
    let NextToken: string | undefined;
    for (let page = 0; page < 10; page++) {
      const out = await fg.client.send(
        new ListFacesCommand({ CollectionId: 'imported', MaxResults: 7, NextToken }),
      );
      faces.push(...out.Faces!);
      NextToken = out.NextToken;
      if (!NextToken) break;
    }
    expect(faces).toHaveLength(total);
    expect(new Set(faces.map((f) => f.ImageId)).size).toBe(total);
    for (const name of names)
      expect(faces.filter((f) => f.ExternalImageId === name)).toHaveLength(variants.length);
  });
});
