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
  return {
    requests: photos.length,
    oneClientPerSecond: one,
    twoClientsPerSecond: two,
    ratio: two / one,
  };
}
