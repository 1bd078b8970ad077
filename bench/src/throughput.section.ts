/**
 * Throughput with one client versus two concurrent clients (each sending one request at a
 * time) on 1280-px one-face photos: the pool should give close to 2× on 2 cores.
 * @module
 */
import type { Worker } from 'node:worker_threads';
import { tsWorker } from './ts-worker.js';
import type { FaceEngine } from '@facegate/core';
import { atSize, onePersonPhotos } from './latency.section.js';

export interface ThroughputResult {
  requests: number;
  oneClientPerSecond: number;
  twoClientsPerSecond: number;
  ratio: number;
  /**
   * The same alternating rounds for the descriptor net alone in one vs two threads: how far
   * pure WASM compute scales on this machine, the ceiling for `ratio`.
   */
  computeRatio?: number;
}

export async function throughput(
  engine: FaceEngine,
  opts: { requests: number; log: (l: string) => void },
): Promise<ThroughputResult> {
  const photos = await Promise.all(onePersonPhotos(opts.requests).map((f) => atSize(f, 1280)));
  const client = async (list: Buffer[]) => {
    for (const p of list) await engine.detect(p, { maxFaces: 1, embedding: 'query' });
  };
  // The machine is shared: alternate short 1-client and 2-client rounds so both see the same
  // background load, and compare the summed times.
  const rounds = 10;
  const per = Math.max(1, Math.floor(photos.length / rounds));
  let oneTime = 0;
  let oneCount = 0;
  let twoTime = 0;
  let twoCount = 0;
  for (let r = 0; r < rounds; r++) {
    const slice = photos.slice(r * per, (r + 1) * per);
    let t = performance.now();
    await client(slice);
    oneTime += performance.now() - t;
    oneCount += slice.length;
    t = performance.now();
    await Promise.all([client(slice), client([...slice].reverse())]);
    twoTime += performance.now() - t;
    twoCount += slice.length * 2;
  }
  const one = oneCount / (oneTime / 1000);
  const two = twoCount / (twoTime / 1000);
  opts.log(`  1 client ${one.toFixed(2)}/s, 2 clients ${two.toFixed(2)}/s`);
  const computeRatio = await computeScaling(rounds);
  opts.log(`  descriptor net alone: 2 threads ${computeRatio.toFixed(2)}× one thread`);
  return {
    requests: photos.length,
    oneClientPerSecond: one,
    twoClientsPerSecond: two,
    ratio: two / one,
    computeRatio,
  };
}

/** Summed-time ratio of the descriptor net in two threads vs one, over alternating rounds. */
async function computeScaling(rounds: number): Promise<number> {
  const start = () =>
    new Promise<Worker>((resolve, reject) => {
      const w = tsWorker(new URL('./compute-scaling.worker.ts', import.meta.url));
      w.once('error', reject);
      w.once('message', () => resolve(w));
    });
  const workers = [await start(), await start()];
  const run = (w: Worker, n: number) =>
    new Promise<void>((resolve) => {
      w.once('message', () => resolve());
      w.postMessage(n);
    });
  const per = 6;
  let oneTime = 0;
  let twoTime = 0;
  try {
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      await run(workers[0]!, per);
      oneTime += performance.now() - t;
      t = performance.now();
      await Promise.all(workers.map((w) => run(w, per)));
      twoTime += performance.now() - t;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return (2 * oneTime) / twoTime;
}
