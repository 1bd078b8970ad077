/**
 * `faces import` of folders named in any script: the faces get the id the name maps to and the
 * name (with a console thumbnail) is kept in the server's data folder, next to the
 * `Person_Name` convention. Real server, real SQLite, real SDK; the one-face test engine.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListFacesCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import { oneFaceEngine } from '@facegate/core/testing/one-face.engine';
import { loadConfig, startServer, type RunningServer } from '@facegate/server';
import { PeopleStore, personIdFor } from '@facegate/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeopleRecorder } from '../commands/people-data.js';
import { importFolder } from './import-folder.js';
import { ImportJournal } from './import-journal.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SAMPLES = path.join(repoRoot, 'node_modules/@vladmandic/face-api/demo');

let root: string;
let server: RunningServer;
let client: RekognitionClient;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'facegate-import-people-'));
  server = await startServer(loadConfig({ port: 0, data: path.join(root, 'data') }, {}), {
    engine: oneFaceEngine(),
    log: () => {},
  });
  client = new RekognitionClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: server.ctx.config.accessKeys[0]!,
    maxAttempts: 1,
  });
  for (const [person, sample] of [
    ['山田 花子', 1],
    ['Person_Name', 2],
    ['Taro Yamada', 3],
  ] as const) {
    mkdirSync(path.join(root, 'people', person), { recursive: true });
    copyFileSync(
      path.join(SAMPLES, `sample${sample}.jpg`),
      path.join(root, 'people', person, 'a.jpg'),
    );
  }
});
afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('faces import of named folders', () => {
  it('keeps 山田 花子 as her display name, and Person_Name as it always was', async () => {
    const recorder = new PeopleRecorder(path.join(root, 'data'), 'people');
    const summary = await importFolder(client, {
      dir: path.join(root, 'people'),
      collectionId: 'people',
      journal: new ImportJournal(path.join(root, 'journal.jsonl')),
      concurrency: 1,
      qualityFilter: 'AUTO',
      onIndexed: recorder.onIndexed,
    }).finally(() => recorder.close());
    expect(summary).toMatchObject({ Images: 3, Indexed: 3, Failed: 0 });

    const hanako = personIdFor('山田 花子');
    const ids = (await client.send(new ListFacesCommand({ CollectionId: 'people' }))).Faces!.map(
      (f) => f.ExternalImageId,
    );
    expect(ids.sort()).toEqual(['Person_Name', 'Taro_Yamada', hanako].sort());

    const people = new PeopleStore(server.ctx.db);
    const listed = people.list('people');
    expect(listed.map((p) => [p.id, p.displayName, p.named])).toEqual([
      ['Person_Name', 'Person_Name', false],
      ['Taro_Yamada', 'Taro Yamada', true],
      [hanako, '山田 花子', true],
    ]);
    const [face] = people.faces('people', hanako);
    expect(face?.thumbnail?.subarray(0, 2)).toEqual(new Uint8Array([0xff, 0xd8]));
  });
});
