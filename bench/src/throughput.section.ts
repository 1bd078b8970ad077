/**
 * Throughput with one client versus two concurrent clients (each sending one request at a
 * time) on 1280-px one-face photos: the pool should give close to 2× on 2 cores.
 * @module
 */
import type { FaceEngine } from '@facegate/core';
import { atSize, onePersonPhotos } from './latency.section.js';

export interface ThroughputResult {
  requests: number;
  oneClientPerSecond: number;
  twoClientsPerSecond: number;
  ratio: number;
}

export async function throughput(
  engine: FaceEngine,
  opts: { requests: number; log: (l: string) => void },
): Promise<ThroughputResult> {
  const photos = await Promise.all(onePersonPhotos(opts.requests).map((f) => atSize(f, 1280)));
  const client = async (list: Buffer[]) => {
    for (const p of list) await engine.detect(p, { maxFaces: 1 });
  };
  let t = performance.now();
  await client(photos);
  const one = photos.length / ((performance.now() - t) / 1000);
  t = performance.now();
  await Promise.all([client(photos), client([...photos].reverse())]);
  const two = (photos.length * 2) / ((performance.now() - t) / 1000);
  opts.log(`  1 client ${one.toFixed(2)}/s, 2 clients ${two.toFixed(2)}/s`);
  return {
    requests: photos.length,
    oneClientPerSecond: one,
    twoClientsPerSecond: two,
    ratio: two / one,
  };
}
