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

export interface ThroughputResult {
  requests: number;
  /** Alternating 1-client and 2-client rounds, and the requests each client counts per round. */
  rounds?: number;
  perRound?: number;
  oneClientPerSecond: number;
  twoClientsPerSecond: number;
  ratio: number;
  /**
   * The same alternating rounds for the descriptor net alone in one vs two threads: how far
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
      await engine.detect(lists[client]![i % per]!, { maxFaces: 1, embedding: 'query' });
    };
  });
  opts.log(
    `  1 client ${one.toFixed(2)}/s, 2 clients ${two.toFixed(2)}/s (${twoUntilBothDone.toFixed(2)}/s until both were done)`,
  );
  const computeRatio = await computeScaling(rounds);
  opts.log(`  descriptor net alone: 2 threads ${computeRatio.toFixed(2)}× one thread`);
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

/** Sends request `i` of client `client` and resolves when it is answered. */
type Send = (client: number, i: number) => Promise<void>;

/**
 * The machine is shared: short 1-client and 2-client rounds alternate so both see the same
 * background load. Each rate is requests over summed time, per client (see `steadyRun`);
 * `twoUntilBothDone` counts each 2-client round until its last client had counted.
 */
async function alternate(
  rounds: number,
  per: number,
  round: (r: number) => Send,
): Promise<{ one: number; two: number; twoUntilBothDone: number }> {
  let oneTime = 0;
  const twoTimes = [0, 0];
  let bothDoneTime = 0;
  for (let r = 0; r < rounds; r++) {
    const send = round(r);
    oneTime += (await steadyRun(1, per, send))[0]!;
    const [a, b] = await steadyRun(2, per, send);
    twoTimes[0]! += a!;
    twoTimes[1]! += b!;
    bothDoneTime += Math.max(a!, b!);
  }
  const count = rounds * per;
  return {
    one: count / (oneTime / 1000),
    two: twoTimes.reduce((s, t) => s + count / (t / 1000), 0),
    twoUntilBothDone: (2 * count) / (bothDoneTime / 1000),
  };
}

/**
 * `clients` closed-loop clients, each sending one request at a time. Returns the time each
 * took for its first `count` requests (ms). A client that has counted its requests keeps
 * sending until every client has, so that each counted request ran with the same company:
 * there is no tail where the last client runs alone on a machine that the other has left idle.
 */
async function steadyRun(clients: number, count: number, send: Send): Promise<number[]> {
  let counting = clients;
  const start = performance.now();
  return Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      let elapsed = 0;
      // Bounded: the others stop once the last one has counted (10× is only a guard).
      for (let i = 0; (i < count || counting > 0) && i < count * 10; i++) {
        await send(client, i);
        if (i === count - 1) {
          elapsed = performance.now() - start;
          counting--;
        }
      }
      return elapsed;
    }),
  );
}

/** The same rounds for the descriptor net alone, in one worker thread vs two. */
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
