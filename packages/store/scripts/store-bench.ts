/**
 * Store benchmark: index rebuild time at open, and searchByEmbedding latency over 10k and 100k
 * faces of dimension 128 and 512, with the similarity callback on the top candidates only
 * (what the store does) and on every face (the naive alternative), for comparison.
 *
 * Run: npx tsc -b packages/store && npx tsx packages/store/scripts/store-bench.ts [--quick]
 * Writes nothing to the repository; the SQLite files go to a temp folder that is removed.
 * @module
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { FaceRecord } from '@facegate/core';
import { openFaceStore, VectorIndex, type SqliteFaceStore } from '../src/index.js';

const quick = process.argv.includes('--quick');
const SIZES = quick ? [10_000] : [10_000, 100_000];
const DIMS = [128, 512];
const QUERIES = quick ? 20 : 50;

let seed = 12345;
const rand = () => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 4294967296;
};
function unit(dim: number): Float32Array {
  const v = new Float32Array(dim);
  let n = 0;
  for (let i = 0; i < dim; i++) {
    const x = rand() * 2 - 1;
    v[i] = x;
    n += x * x;
  }
  n = Math.sqrt(n);
  for (let i = 0; i < dim; i++) v[i] = (v[i] as number) / n;
  return v;
}
function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
/** A logistic calibration shaped like an engine's: cosine 0.5 → 50, 0.7 → ~95. */
const similarity = (a: Float32Array, b: Float32Array) =>
  100 / (1 + Math.exp(-15 * (dot(a, b) - 0.5)));

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
}
const ms = (x: number) => x.toFixed(2);

function fill(store: SqliteFaceStore, n: number, dim: number, all: Float32Array): Float32Array[] {
  const kept: Float32Array[] = [];
  const batch = 1000;
  for (let done = 0; done < n; done += batch) {
    const faces: FaceRecord[] = [];
    for (let i = 0; i < Math.min(batch, n - done); i++) {
      const embedding = unit(dim);
      if (kept.length < QUERIES) kept.push(embedding);
      all.set(embedding, (done + i) * dim);
      faces.push({
        FaceId: randomUUID(),
        ImageId: randomUUID(),
        ExternalImageId: `person_${done + i}`,
        BoundingBox: { Width: 0.3, Height: 0.4, Left: 0.2, Top: 0.1 },
        Confidence: 99.9,
        IndexFacesModelVersion: 'bench',
        createdAt: Date.now(),
        embedding,
      });
    }
    store.addFaces('bench', faces);
  }
  return kept;
}

const rows: string[] = [];
for (const dim of DIMS) {
  for (const n of SIZES) {
    const dir = mkdtempSync(path.join(tmpdir(), 'facegate-store-bench-'));
    try {
      let store = openFaceStore(dir);
      store.createCollection('bench', 'bench');
      const t0 = performance.now();
      const all = new Float32Array(n * dim);
      const known = fill(store, n, dim, all);
      const insertMs = performance.now() - t0;
      store.close();
      const dbMb = statSync(path.join(dir, 'facegate.db')).size / 1e6;

      const o0 = performance.now();
      const c0 = process.cpuUsage();
      store = openFaceStore(dir);
      const openMs = performance.now() - o0;
      const openCpuMs = process.cpuUsage(c0).user / 1000;
      const rebuildMs = store.lastRebuildMs;

      const hit: number[] = [];
      const miss: number[] = [];
      const missCpu: number[] = [];
      const top100: number[] = [];
      const naive: number[] = [];
      for (let q = 0; q < QUERIES; q++) {
        const probe = known[q % known.length] as Float32Array;
        let s = performance.now();
        const found = store.searchByEmbedding('bench', probe, similarity, 80, 1);
        hit.push(performance.now() - s);
        if (found.length !== 1) throw new Error('a stored face was not found');
        const stranger = unit(dim);
        s = performance.now();
        const c = process.cpuUsage();
        store.searchByEmbedding('bench', stranger, similarity, 80, 1);
        miss.push(performance.now() - s);
        missCpu.push(process.cpuUsage(c).user / 1000);
        s = performance.now();
        store.searchByEmbedding('bench', stranger, similarity, 0, 100);
        top100.push(performance.now() - s);
        // The naive alternative: calibrate every face over the same contiguous layout.
        if (q < 10) naive.push(naiveScan(all, dim, stranger));
      }
      const scan = { simd: [] as number[], js: [] as number[] };
      for (const simd of [true, false]) {
        const index = new VectorIndex({ simd });
        for (let i = 0; i < n; i++) index.add(`f${i}`, all.subarray(i * dim, (i + 1) * dim));
        for (let q = 0; q < 20; q++) {
          const probe = unit(dim);
          const s = performance.now();
          index.topK(probe, 1);
          (simd ? scan.simd : scan.js).push(performance.now() - s);
        }
      }
      rows.push(
        `| ${dim} | ${n.toLocaleString('en')} | ${ms(insertMs / 1000)} s | ${dbMb.toFixed(0)} MB | ` +
          `${ms(openMs)} (${ms(rebuildMs)}; cpu ${ms(openCpuMs)}) | ${ms(percentile(hit, 0.5))} / ${ms(percentile(hit, 0.95))} | ` +
          `${ms(percentile(miss, 0.5))} / ${ms(percentile(miss, 0.95))} (cpu ${ms(percentile(missCpu, 0.5))}) | ` +
          `${ms(percentile(top100, 0.5))} | ${ms(percentile(naive, 0.5))} | ` +
          `${ms(percentile(scan.simd, 0.5))} / ${ms(percentile(scan.js, 0.5))} |`,
      );
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** Calls `similarity` on every face, keeps those ≥ 80 and sorts them: the naive plan. */
function naiveScan(all: Float32Array, dim: number, query: Float32Array): number {
  const s = performance.now();
  const scored: Array<{ slot: number; s: number }> = [];
  for (let slot = 0, base = 0; base < all.length; slot++, base += dim) {
    const sim = similarity(query, all.subarray(base, base + dim));
    if (sim >= 80) scored.push({ slot, s: sim });
  }
  scored.sort((a, b) => b.s - a.s);
  return performance.now() - s;
}

console.log(
  `store benchmark, node ${process.version}, ${cpus().length} cores, load average ` +
    `${loadavg()[0]?.toFixed(1)} at the end, ${QUERIES} queries per row. Times in ms unless ` +
    'noted; wall-clock, except "cpu" (this process\'s CPU time, which other load on the ' +
    'machine inflates far less).\n',
);
console.log(
  '| dim | faces | insert (batches of 1000) | db size | open (index rebuild; cpu time) | search, stored face: p50 / p95 | ' +
    'search, stranger: p50 / p95 | top 100, threshold 0: p50 | similarity on every face: p50 | ' +
    'scan only, SIMD / JS: p50 |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
