/**
 * What the recognition log adds to /prod/search: 10,000 requests through the Search API app
 * with the log on a real SQLite file (WAL, the server's settings) and 10,000 without, in
 * alternating rounds of 1,000 so machine load hits both alike. The face search is a stub that
 * answers at once, so the difference is the log's own cost (plus the display-name lookup).
 *
 *   npx tsc -b packages/api && npx tsx packages/api/scripts/log-bench.ts
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FaceSearchApi } from '@facegate/core';
import { openDatabase, openFaceStore, PeopleStore, RecognitionLog } from '@facegate/store';
import { createSearchApp } from '../src/search/index.js';

const ROUNDS = 10;
const PER_ROUND = 1_000;

const faces: FaceSearchApi = {
  async searchFacesByImage() {
    return {
      SearchedFaceBoundingBox: { Width: 0.2, Height: 0.3, Left: 0.4, Top: 0.1 },
      SearchedFaceConfidence: 99.9,
      FaceMatches: [
        {
          Similarity: 99.2,
          Face: {
            FaceId: 'f1',
            BoundingBox: { Width: 0.1, Height: 0.1, Left: 0, Top: 0 },
            ImageId: 'i1',
            ExternalImageId: 'p-0123456789abcdef0123',
            Confidence: 99.9,
          },
        },
      ],
      FaceModelVersion: 'bench',
    };
  },
};
const authorizer = {
  verify: () => ({ keyId: 'k', name: 'bench', scopes: ['search' as const] }),
  recordUsage: () => 'ok' as const,
};

const dir = mkdtempSync(path.join(tmpdir(), 'facegate-log-bench-'));
try {
  const store = openFaceStore(dir);
  store.createCollection('default', 'bench');
  const db = openDatabase(dir);
  const people = new PeopleStore(db);
  const log = new RecognitionLog(db);
  const body = JSON.stringify({ image_base64str: 'iVBORw0KGgo=' });
  const apps = {
    without: createSearchApp({ faces, collectionId: 'default', authorizer }),
    with: createSearchApp({
      faces,
      collectionId: 'default',
      authorizer,
      people,
      recognitionLog: log,
      sourceOf: () => '127.0.0.1',
    }),
  };
  const times: Record<keyof typeof apps, number[]> = { without: [], with: [] };
  const once = async (name: keyof typeof apps) => {
    const t = performance.now();
    const res = await apps[name].request('/prod/search', {
      method: 'POST',
      headers: { 'x-api-key': 'k' },
      body,
    });
    await res.arrayBuffer();
    times[name].push(performance.now() - t);
  };
  for (let i = 0; i < 200; i++) await once(i % 2 ? 'with' : 'without'); // warm-up
  times.with.length = 0;
  times.without.length = 0;
  for (let round = 0; round < ROUNDS; round++)
    for (const name of round % 2 ? (['with', 'without'] as const) : (['without', 'with'] as const))
      for (let i = 0; i < PER_ROUND; i++) await once(name);

  const stat = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)]!;
  const logged = (db.prepare('SELECT count(*) AS n FROM recognition_log').get() as { n: number }).n;
  console.log(`requests per variant: ${times.with.length}; log rows written: ${logged}`);
  for (const name of ['without', 'with'] as const)
    console.log(
      `${name.padEnd(7)} log: p50 ${stat(times[name], 0.5).toFixed(3)} ms, p95 ${stat(times[name], 0.95).toFixed(3)} ms`,
    );
  console.log(
    `added by the log: p50 ${(stat(times.with, 0.5) - stat(times.without, 0.5)).toFixed(3)} ms`,
  );
  db.close();
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
