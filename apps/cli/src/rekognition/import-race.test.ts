import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateCollectionCommand,
  IndexFacesCommand,
  ListFacesCommand,
  RekognitionClient,
  type IndexFacesCommandOutput,
} from '@aws-sdk/client-rekognition';
import type { FaceEngine } from '@facegate/core';
import { oneFaceEngine } from '@facegate/core/testing/one-face.engine';
import { loadConfig, startServer, type RunningServer } from '@facegate/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientTokenOf, importFolder, withClientToken } from './import-folder.js';
import { imageKey, ImportJournal } from './import-journal.js';

/**
 * The resume race of issue 12, made deterministic: `faces import` is killed while its IndexFaces
 * call for photo P is still queued on the server; the next run lists the collection before that
 * orphaned call commits and sends P again. The engine below holds P's calls at gates the test
 * opens, so each ordering of "orphan commits" and "re-sent copy commits" happens on purpose:
 *
 * - order A: the re-sent copy commits first, the orphan after the new run has finished;
 * - order B: the orphan commits after the new run listed the collection, while its copy of P is
 *   in the engine;
 * - order C: the orphan commits before the new run starts (the journal's adoption path).
 *
 * 20 rounds on one collection, each with new photos, must end with exactly one face per photo.
 */

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}
const deferred = (): Deferred => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

/** Per photo (sha256 of its bytes): how many detect calls arrived, and gates per call number. */
const gates = new Map<
  string,
  { calls: number; arrived: Deferred[]; hold: Array<Promise<unknown>> }
>();
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const engine: FaceEngine = {
  ...oneFaceEngine(),
  async detect(bytes) {
    const g = gates.get(sha(bytes));
    if (g) {
      const n = ++g.calls;
      g.arrived[n]?.resolve();
      await g.hold[n];
    }
    const digest = createHash('sha256').update(bytes).digest();
    const v = Float32Array.from(digest.subarray(0, 16), (b) => b - 127.5);
    const norm = Math.hypot(...v);
    const found = await oneFaceEngine().detect(bytes);
    return {
      ...found,
      faces: found.faces.map((f) => ({ ...f, embedding: v.map((x) => x / norm) })),
    };
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
const COLLECTION = 'race';
const photo = (round: number, n: number) =>
  new Uint8Array([0xff, 0xd8, 0xff, 0xe0, round, n, 0x5a, 0xa5]);

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'facegate-import-race-'));
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
  await client.send(new CreateCollectionCommand({ CollectionId: COLLECTION }));
});
afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

async function allFaces() {
  const faces = [];
  let NextToken: string | undefined;
  do {
    const out = await client.send(
      new ListFacesCommand({ CollectionId: COLLECTION, MaxResults: 4096, NextToken }),
    );
    faces.push(...(out.Faces ?? []));
    NextToken = out.NextToken;
  } while (NextToken);
  return faces;
}

describe('faces import resumed while the killed run’s call is still queued', () => {
  it('ends every one of 20 rounds with exactly one face per photo', async () => {
    const people = path.join(root, 'people');
    const journalFile = path.join(root, 'data', 'imports', 'race.jsonl');
    const run = () =>
      importFolder(client, {
        dir: people,
        collectionId: COLLECTION,
        journal: new ImportJournal(journalFile),
        concurrency: 2,
        qualityFilter: 'AUTO',
      });
    let photos = 0;
    for (let round = 1; round <= 20; round++) {
      const order = (['A', 'B', 'C'] as const)[round % 3]!;
      // This round's photos: P is the one the killed run had sent, Q one it never reached.
      const pDir = path.join(people, `p${round}`);
      const qDir = path.join(people, `q${round}`);
      mkdirSync(pDir, { recursive: true });
      mkdirSync(qDir, { recursive: true });
      const p = photo(round, 1);
      const q = photo(round, 2);
      writeFileSync(path.join(pDir, '1.jpg'), p);
      writeFileSync(path.join(qDir, '1.jpg'), q);
      photos += 2;

      // The killed run: it wrote `pending` for P and sent IndexFaces(P), then died. Its call
      // reaches the engine and waits there at gate 1.
      const orphanGate = deferred();
      const g = {
        calls: 0,
        arrived: [deferred(), deferred(), deferred()],
        hold: [] as Array<Promise<unknown>>,
      };
      g.hold[1] = orphanGate.promise;
      gates.set(sha(p), g);
      const key = imageKey(`p${round}`, p);
      new ImportJournal(journalFile).markPending(key, `p${round}`, path.join(pDir, '1.jpg'));
      const orphan: Promise<IndexFacesCommandOutput> = client.send(
        withClientToken(
          new IndexFacesCommand({
            CollectionId: COLLECTION,
            Image: { Bytes: p },
            ExternalImageId: `p${round}`,
            MaxFaces: 1,
          }),
          clientTokenOf(key),
        ),
      );
      await g.arrived[1]!.promise;

      let second: Awaited<ReturnType<typeof run>>;
      if (order === 'A') {
        second = await run(); // lists without P's face, indexes P again, commits first
        expect(g.calls).toBe(2);
        orphanGate.resolve();
        await orphan;
      } else if (order === 'B') {
        g.hold[2] = orphan; // the re-sent copy waits in the engine until the orphan committed
        const resumed = run();
        await g.arrived[2]!.promise; // the new run listed the collection and sent P again
        orphanGate.resolve();
        second = await resumed;
      } else {
        orphanGate.resolve();
        await orphan;
        second = await run(); // the journal adopts the face the orphan indexed
      }
      expect(second.Failed).toBe(0);

      const faces = await allFaces();
      const perPerson = new Map<string, number>();
      for (const f of faces)
        perPerson.set(f.ExternalImageId!, (perPerson.get(f.ExternalImageId!) ?? 0) + 1);
      expect({ round, order, faces: faces.length }).toEqual({ round, order, faces: photos });
      expect(
        [...perPerson.values()].every((n) => n === 1),
        `round ${round} (${order})`,
      ).toBe(true);
      // The orphan's answer names the one face that exists.
      const orphanFace = (await orphan).FaceRecords?.[0]?.Face?.FaceId;
      expect(faces.filter((f) => f.ExternalImageId === `p${round}`).map((f) => f.FaceId)).toEqual([
        orphanFace,
      ]);
    }
    // A third run finds nothing to do.
    const last = await run();
    expect(last).toMatchObject({ Indexed: 0, AlreadyIndexed: photos, Failed: 0 });
    expect(await allFaces()).toHaveLength(photos);
  }, 120_000);

  it('answers a repeated token with the first call’s faces, and refuses a malformed token', async () => {
    const bytes = photo(200, 1);
    const send = (token: string) =>
      client.send(
        withClientToken(
          new IndexFacesCommand({
            CollectionId: COLLECTION,
            Image: { Bytes: bytes },
            ExternalImageId: 'repeat',
          }),
          token,
        ),
      );
    const first = await send('token-repeat-1');
    const again = await send('token-repeat-1');
    expect(again.FaceRecords?.map((r) => r.Face?.FaceId)).toEqual(
      first.FaceRecords?.map((r) => r.Face?.FaceId),
    );
    expect(again.FaceRecords?.[0]?.Face?.ImageId).toBe(first.FaceRecords?.[0]?.Face?.ImageId);
    expect((await allFaces()).filter((f) => f.ExternalImageId === 'repeat')).toHaveLength(1);
    // Another token for the same bytes is another call: Rekognition indexes it again.
    await send('token-repeat-2');
    expect((await allFaces()).filter((f) => f.ExternalImageId === 'repeat')).toHaveLength(2);
    await expect(send('x'.repeat(65))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(send('bad token!')).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});
