import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AssociateFacesCommand,
  CreateUserCommand,
  DeleteCollectionCommand,
  DeleteFacesCommand,
  DeleteUserCommand,
  IndexFacesCommand,
  ListFacesCommand,
  RekognitionClient,
} from '@aws-sdk/client-rekognition';
import BetterSqlite3 from 'better-sqlite3';
import type { FaceEngine } from '@facegate/core';
import { oneFaceEngine } from '@facegate/core/testing/one-face.engine';
import { loadConfig, startServer, type RunningServer } from '@facegate/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from './import-folder.js';
import { ImportJournal, journalPath } from './import-journal.js';

/**
 * "Deleted" means gone from every file under the data folder: the database, its -wal and -shm,
 * the import journals and anything else there. Faces are indexed through the real server and
 * `faces import`, then deleted through the real API, and every byte of every file is searched
 * for the deleted face's FaceId, ExternalImageId and embedding (the float32 BLOB as stored).
 */

/** One face per image, a 128-d embedding drawn from the image's bytes (distinct per photo). */
const engine: FaceEngine = {
  ...oneFaceEngine(),
  async detect(bytes) {
    const found = await oneFaceEngine().detect(bytes);
    const v = new Float32Array(128);
    for (let i = 0; i < 128; i += 8) {
      const d = createHash('sha256').update(bytes).update(String(i)).digest();
      for (let j = 0; j < 8; j++) v[i + j] = d[j]! - 127.5;
    }
    const n = Math.hypot(...v);
    return { ...found, faces: found.faces.map((f) => ({ ...f, embedding: v.map((x) => x / n) })) };
  },
  similarity: (a, b) =>
    Math.max(
      0,
      a.reduce((s, x, i) => s + x * b[i]!, 0),
    ) * 100,
};

let root: string;
let data: string;
let server: RunningServer;
let client: RekognitionClient;
const COLLECTION = 'hard-delete';
const photo = (n: number) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, n & 255, n >> 8, 7, 7]);

/** Every file under the data folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(p) : d.isFile() ? [p] : [];
  });
}

/** Files (relative paths) that contain any of the needles, with which one. */
function occurrences(needles: Array<{ label: string; bytes: Buffer }>): string[] {
  const hits: string[] = [];
  for (const file of filesUnder(data)) {
    const content = readFileSync(file);
    for (const n of needles)
      if (content.includes(n.bytes)) hits.push(`${path.relative(data, file)}: ${n.label}`);
  }
  return hits;
}

/** The embedding BLOB of a face, read from the database as stored. */
function embeddingOf(faceId: string): Buffer {
  const db = new BetterSqlite3(path.join(data, 'facegate.db'), { readonly: true });
  try {
    const row = db
      .prepare<[string], { embedding: Buffer }>('SELECT embedding FROM faces WHERE face_id = ?')
      .get(faceId);
    if (!row) throw new Error(`face ${faceId} not in the database`);
    return row.embedding;
  } finally {
    db.close();
  }
}

const needlesOf = (face: { FaceId: string; ExternalImageId?: string; embedding: Buffer }) => [
  { label: `FaceId ${face.FaceId}`, bytes: Buffer.from(face.FaceId) },
  ...(face.ExternalImageId
    ? [
        {
          label: `ExternalImageId ${face.ExternalImageId}`,
          bytes: Buffer.from(face.ExternalImageId),
        },
      ]
    : []),
  { label: 'embedding bytes', bytes: face.embedding },
];

async function listFaces() {
  const out = await client.send(
    new ListFacesCommand({ CollectionId: COLLECTION, MaxResults: 4096 }),
  );
  return out.Faces ?? [];
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'facegate-hard-delete-'));
  data = path.join(root, 'data');
  server = await startServer(loadConfig({ port: 0, data }, {}), { engine, log: () => {} });
  const key = server.ctx.config.accessKeys[0]!;
  client = new RekognitionClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: key,
    maxAttempts: 1,
  });
  // Three people imported the way users do it, so a journal exists under <data>/imports.
  const people: Record<string, number> = { Aiko_Deleteme: 2, Bunta_Keepme: 2, Chika_Userme: 1 };
  let n = 0;
  for (const [person, count] of Object.entries(people)) {
    mkdirSync(path.join(root, 'people', person), { recursive: true });
    for (let i = 0; i < count; i++)
      writeFileSync(path.join(root, 'people', person, `${i}.jpg`), photo(++n));
  }
  const journal = new ImportJournal(journalPath(data, server.url, COLLECTION));
  const summary = await importFolder(client, {
    dir: path.join(root, 'people'),
    collectionId: COLLECTION,
    journal,
    concurrency: 2,
    qualityFilter: 'AUTO',
  });
  expect(summary).toMatchObject({ Indexed: 5, Failed: 0 });
  // Churn, so the WAL holds several generations of the pages the faces live on.
  for (let i = 0; i < 20; i++) {
    const out = await client.send(
      new IndexFacesCommand({
        CollectionId: COLLECTION,
        Image: { Bytes: photo(1000 + i) },
        ExternalImageId: 'churn',
      }),
    );
    await client.send(
      new DeleteFacesCommand({
        CollectionId: COLLECTION,
        FaceIds: [out.FaceRecords![0]!.Face!.FaceId!],
      }),
    );
  }
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('hard delete', () => {
  it('creates the data folder 0700 and the database, its WAL and shm 0600', () => {
    expect(statSync(data).mode & 0o777).toBe(0o700);
    for (const f of ['facegate.db', 'facegate.db-wal', 'facegate.db-shm', 'credentials.json']) {
      const file = path.join(data, f);
      expect(readdirSync(data)).toContain(f);
      expect(statSync(file).mode & 0o777, f).toBe(0o600);
    }
    for (const f of filesUnder(path.join(data, 'imports')))
      expect(statSync(f).mode & 0o777, f).toBe(0o600);
  });

  it('DeleteFaces leaves no FaceId, ExternalImageId or embedding bytes in any file', async () => {
    const aiko = (await listFaces()).filter((f) => f.ExternalImageId === 'Aiko_Deleteme');
    expect(aiko).toHaveLength(2);
    const victims = aiko.map((f) => ({
      FaceId: f.FaceId!,
      ExternalImageId: f.ExternalImageId!,
      embedding: embeddingOf(f.FaceId!),
    }));
    // Present before: the search below would find them.
    expect(occurrences(victims.flatMap(needlesOf)).length).toBeGreaterThan(0);
    const out = await client.send(
      new DeleteFacesCommand({ CollectionId: COLLECTION, FaceIds: victims.map((v) => v.FaceId) }),
    );
    expect(out.DeletedFaces?.sort()).toEqual(victims.map((v) => v.FaceId).sort());
    expect(occurrences(victims.flatMap(needlesOf))).toEqual([]);
    // The others stay, in the database and in the journal.
    const kept = (await listFaces()).filter((f) => f.ExternalImageId === 'Bunta_Keepme');
    expect(kept).toHaveLength(2);
    expect(occurrences([{ label: 'kept', bytes: Buffer.from(kept[0]!.FaceId!) }]).join()).toMatch(
      /imports/,
    );
  });

  it('DeleteUser leaves no UserId in any file; then its face deleted leaves nothing either', async () => {
    const [chika] = (await listFaces()).filter((f) => f.ExternalImageId === 'Chika_Userme');
    const UserId = 'user-Zq8Rm3Kx9';
    await client.send(new CreateUserCommand({ CollectionId: COLLECTION, UserId }));
    await client.send(
      new AssociateFacesCommand({ CollectionId: COLLECTION, UserId, FaceIds: [chika!.FaceId!] }),
    );
    expect(occurrences([{ label: UserId, bytes: Buffer.from(UserId) }]).length).toBeGreaterThan(0);
    await client.send(new DeleteUserCommand({ CollectionId: COLLECTION, UserId }));
    expect(occurrences([{ label: UserId, bytes: Buffer.from(UserId) }])).toEqual([]);

    const victim = {
      FaceId: chika!.FaceId!,
      ExternalImageId: chika!.ExternalImageId!,
      embedding: embeddingOf(chika!.FaceId!),
    };
    await client.send(
      new DeleteFacesCommand({ CollectionId: COLLECTION, FaceIds: [victim.FaceId] }),
    );
    expect(occurrences(needlesOf(victim))).toEqual([]);
  });

  it('DeleteCollection leaves none of its faces in any file, running and after a restart', async () => {
    const faces = await listFaces();
    expect(faces.length).toBeGreaterThan(0);
    const victims = faces.map((f) => ({
      FaceId: f.FaceId!,
      ExternalImageId: f.ExternalImageId!,
      embedding: embeddingOf(f.FaceId!),
    }));
    await client.send(new DeleteCollectionCommand({ CollectionId: COLLECTION }));
    const needles = [
      ...victims.flatMap(needlesOf),
      { label: 'CollectionId', bytes: Buffer.from(COLLECTION) },
    ];
    expect(occurrences(needles)).toEqual([]);
    await server.close();
    expect(occurrences(needles)).toEqual([]);
    server = await startServer(loadConfig({ port: 0, data }, {}), { engine, log: () => {} });
    expect(occurrences(needles)).toEqual([]);
  });
});
