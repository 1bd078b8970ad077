import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { openFaceStore } from './face.store.js';
import { similarity, tempDir } from './test/fixtures.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const distIndex = path.resolve(here, '../dist/index.js');
const child = path.join(here, 'test/crash-child.mjs');

/** Runs the writer child and SIGKILLs it after it has made progress, at a random moment. */
function runAndKill(
  dir: string,
  afterLines = 2,
  maxDelayMs = 400,
): Promise<{ killed: boolean; lines: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, pathToFileURL(distIndex).href, dir, '200000'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => proc.kill('SIGKILL'), 30_000);
    const killSoon = () => {
      timer = setTimeout(() => proc.kill('SIGKILL'), Math.floor(Math.random() * maxDelayMs));
    };
    if (afterLines === 0) killSoon();
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      lines += chunk.split('\n').length - 1;
      if (!timer && lines >= afterLines) killSoon();
    });
    proc.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL' || code === 0) resolve({ killed: signal === 'SIGKILL', lines });
      else reject(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}

function checkConsistent(dir: string): number {
  const db = openDatabase(dir);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const bad = db
      .prepare(
        `SELECT count(*) AS n FROM faces f
         WHERE length(f.embedding) != 512
            OR NOT EXISTS (SELECT 1 FROM collections c WHERE c.id = f.collection)`,
      )
      .get();
    expect(bad).toEqual({ n: 0 });
    // Every image is complete: its face count is the one its ExternalImageId announces.
    const partial = db
      .prepare(
        `SELECT image_id, count(*) AS n, min(external_image_id) AS ext FROM faces
         GROUP BY image_id HAVING n != CAST(substr(ext, 5, 1) AS INTEGER)`,
      )
      .all();
    expect(partial).toEqual([]);
    return (db.prepare('SELECT count(*) AS n FROM faces').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('crash consistency (kill -9 while writing)', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.remove());

  it('leaves a consistent store whose index rebuilds, round after round', async () => {
    expect(
      existsSync(distIndex),
      `build first: ${distIndex} is missing (npx tsc -b packages/store)`,
    ).toBe(true);
    for (let round = 0; round < 3; round++) {
      const { killed, lines } = await runAndKill(t.dir);
      expect(killed).toBe(true);
      expect(lines).toBeGreaterThan(0);
      const total = checkConsistent(t.dir);
      expect(total).toBeGreaterThan(0);

      const store = openFaceStore(t.dir);
      try {
        let counted = 0;
        for (const id of ['crash', 'churn']) {
          const c = store.getCollection(id);
          if (!c) continue;
          expect(store.indexedFaceCount(id)).toBe(c.FaceCount);
          counted += c.FaceCount;
          const sample = store.listFaces(id, 5).items;
          for (const face of sample) {
            const best = store.searchByEmbedding(id, face.embedding, similarity, 99, 1);
            expect(best[0]?.face.FaceId).toBe(face.FaceId);
          }
        }
        expect(counted).toBe(total);
      } finally {
        store.close();
      }
    }
  });

  it('survives a kill during first start (migrations, first writes)', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = `${t.dir}/early-${round}`;
      await runAndKill(dir, 0, 600);
      const store = openFaceStore(dir); // must open, migrate the rest, and rebuild
      try {
        expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
        for (const c of store.listCollections(10).items) {
          expect(store.indexedFaceCount(c.CollectionId)).toBe(c.FaceCount);
        }
      } finally {
        store.close();
      }
      checkConsistent(dir);
    }
  });
});
