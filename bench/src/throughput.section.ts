/**
 * Throughput with one client versus two concurrent clients (each sending one request at a
 * time) on 1280-px one-face photos: the pool should give close to 2× on 2 cores. Measured in
 * the steady state: every counted request of a 2-client round ran while the other client was
 * busy too.
 * @module
 */
import type { Worker } from 'node:worker_threads';
import { tsWorker } from './ts-worker.js';
import type { FaceEngine } from '@facegate/core';
import { atSize, onePersonPhotos } from './latency.section.js';
import { alternate } from './steady-state.js';

export interface ThroughputResult {
  requests: number;
  /** Alternating 1-client and 2-client rounds, and the requests each client counts per round. */
  rounds?: number;
  perRound?: number;
  oneClientPerSecond: number;
  twoClientsPerSecond: number;
  ratio: number;
  /**
   * The same alternating rounds for the descriptor nets alone in one vs two threads: how far
   * pure WASM compute scales on this machine, the ceiling for `ratio`.
   */
  computeRatio?: number;
  /**
   * The same 2-client rounds timed until the last client had counted its requests, as the
   * benchmark did before it measured the steady state: a lower bound that includes the tail.
   */
  ratioUntilBothDone?: number;
}

export async function throughput(
  engine: FaceEngine,
  opts: { requests: number; log: (l: string) => void },
): Promise<ThroughputResult> {
  const photos = await Promise.all(onePersonPhotos(opts.requests).map((f) => atSize(f, 1280)));
  const rounds = 20;
  const per = Math.max(1, Math.floor(photos.length / 10));
  const { one, two, twoUntilBothDone } = await alternate(rounds, per, (r) => {
    const slice = photos.slice((r % 10) * per, ((r % 10) + 1) * per);
    const lists = [slice, [...slice].reverse()];
    return async (client, i) => {
      await engine.detect(lists[client]![i % per]!, { maxFaces: 1 });
    };
  });
  opts.log(
    `  1 client ${one.toFixed(2)}/s, 2 clients ${two.toFixed(2)}/s (${twoUntilBothDone.toFixed(2)}/s until both were done)`,
  );
  const computeRatio = await computeScaling(rounds);
  opts.log(`  descriptor nets alone: 2 threads ${computeRatio.toFixed(2)}× one thread`);
  return {
    requests: photos.length,
    rounds,
    perRound: per,
    oneClientPerSecond: one,
    twoClientsPerSecond: two,
    ratio: two / one,
    computeRatio,
    ratioUntilBothDone: twoUntilBothDone / one,
  };
}

/** The same rounds for the descriptor nets alone, in one worker thread vs two. */
async function computeScaling(rounds: number): Promise<number> {
  const start = () =>
    new Promise<Worker>((resolve, reject) => {
      const w = tsWorker(new URL('./compute-scaling.worker.ts', import.meta.url));
      w.once('error', reject);
      w.once('message', () => resolve(w));
    });
  const workers = [await start(), await start()];
  const run = (w: Worker) =>
    new Promise<void>((resolve) => {
      w.once('message', () => resolve());
      w.postMessage(1);
    });
  try {
    const { one, two } = await alternate(rounds, 6, () => (client) => run(workers[client]!));
    return two / one;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
