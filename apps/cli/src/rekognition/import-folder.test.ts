import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  IndexFacesCommand,
  ListFacesCommand,
  RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { createHash } from 'node:crypto';
import type { FaceEngine } from '@facegate/core';
import { oneFaceEngine } from '@facegate/core/testing/one-face.engine';
import { loadConfig, startServer, type RunningServer } from '@facegate/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalIdOf, importFolder } from './import-folder.js';
import { imageKey, ImportJournal } from './import-journal.js';

/**
 * One face in any image, embedded from its bytes: the same bytes match at 100, other images far
 * below. This test is about the journal, not recognition.
 */
const engine: FaceEngine = {
  ...oneFaceEngine(),
  async detect(bytes) {
    const digest = createHash('sha256').update(bytes).digest();
    const v = Float32Array.from(digest.subarray(0, 8), (b) => b - 127.5);
    const n = Math.hypot(...v);
    const found = await oneFaceEngine().detect(bytes);
    return { ...found, faces: found.faces.map((f) => ({ ...f, embedding: v.map((x) => x / n) })) };
  },
  similarity: (a, b) =>
    Math.max(
      0,
      a.reduce((s, x, i) => s + x * b[i]!, 0),
    ) * 100,
};

let root: string;
let server: RunningServer;
let client: RekognitionClient;
const jpeg = (n: number) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, n, n >> 8]);

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'facegate-import-'));
  server = await startServer(loadConfig({ port: 0, data: path.join(root, 'data') }, {}), {
    engine,
    log: () => {},
  });
  const key = server.ctx.config.accessKeys[0]!;
  client = new RekognitionClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: key,
    maxAttempts: 1,
  });
  for (const [person, count] of [
    ['Taro Yamada', 3],
    ['Hanako', 2],
  ] as const) {
    mkdirSync(path.join(root, 'people', person), { recursive: true });
    for (let i = 0; i < count; i++)
      writeFileSync(path.join(root, 'people', person, `${i}.jpg`), jpeg(person.length * 10 + i));
  }
  writeFileSync(path.join(root, 'people', 'Hanako', 'copy-of-0.jpg'), jpeg('Hanako'.length * 10));
  writeFileSync(path.join(root, 'people', 'Hanako', 'notes.txt'), 'not an image');
});
afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

async function faces() {
  const out = await client.send(new ListFacesCommand({ CollectionId: 'people', MaxResults: 100 }));
  return out.Faces ?? [];
}

describe('faces import', () => {
  it('turns folder names into ExternalImageIds', () => {
    expect(externalIdOf('Taro Yamada')).toBe('Taro_Yamada');
    expect(externalIdOf('Person_Name')).toBe('Person_Name');
    expect(externalIdOf("O'Brien")).toBe('O_Brien');
    expect(externalIdOf('山田 花子')).toMatch(/^p-[0-9a-f]{20}$/);
  });

  it('indexes each image once, and after an interruption adopts the face the server did index', async () => {
    const journalFile = path.join(root, 'journal.jsonl');
    const run = () =>
      importFolder(client, {
        dir: path.join(root, 'people'),
        collectionId: 'people',
        journal: new ImportJournal(journalFile),
        concurrency: 2,
        qualityFilter: 'AUTO',
      });

    const first = await run();
    expect(first).toMatchObject({ Images: 6, Indexed: 5, AlreadyIndexed: 1, Failed: 0 });
    expect((await faces()).map((f) => f.ExternalImageId).sort()).toEqual([
      'Hanako',
      'Hanako',
      'Taro_Yamada',
      'Taro_Yamada',
      'Taro_Yamada',
    ]);

    // An interrupted run: the server indexed a new photo, but the process died before writing
    // `done`; another photo of Hanako was never sent. Meanwhile someone indexed a third photo of
    // Hanako by other means: that face is not the import's and must survive.
    const indexed = jpeg(999);
    const neverSent = jpeg(998);
    const byOthers = jpeg(997);
    writeFileSync(path.join(root, 'people', 'Hanako', '9.jpg'), indexed);
    writeFileSync(path.join(root, 'people', 'Hanako', '8.jpg'), neverSent);
    const journal = new ImportJournal(journalFile);
    journal.markPending(
      imageKey('Hanako', indexed),
      'Hanako',
      path.join(root, 'people', 'Hanako', '9.jpg'),
    );
    journal.markPending(
      imageKey('Hanako', neverSent),
      'Hanako',
      path.join(root, 'people', 'Hanako', '8.jpg'),
    );
    const index = async (Bytes: Uint8Array) => {
      const out = await client.send(
        new IndexFacesCommand({
          CollectionId: 'people',
          Image: { Bytes },
          ExternalImageId: 'Hanako',
        }),
      );
      return out.FaceRecords![0]!.Face!.FaceId!;
    };
    const indexedFace = await index(indexed);
    const othersFace = await index(byOthers);
    expect(await faces()).toHaveLength(7);

    const second = await run();
    expect(second).toMatchObject({
      Images: 8,
      Indexed: 1, // 8.jpg
      AlreadyIndexed: 7, // 9.jpg among them, adopted
      AdoptedFaces: 1,
      Failed: 0,
    });
    const after = await faces();
    expect(after).toHaveLength(8);
    expect(after.map((f) => f.FaceId)).toEqual(expect.arrayContaining([indexedFace, othersFace]));
    expect(new Set(after.map((f) => f.ImageId)).size).toBe(8);

    const third = await run();
    expect(third).toMatchObject({ Indexed: 0, AlreadyIndexed: 8, AdoptedFaces: 0 });
    expect(await faces()).toHaveLength(8);
  });
});
