/**
 * SearchFacesByImage end to end: `startServer` from @facegate/server on loopback, the real AWS
 * SDK v3 client, 1280-px one-face JPEGs against a collection holding each person's other photo.
 * Uses the benchmark's engine (so no second set of workers competes for the cores).
 * @module
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FaceEngine } from '@facegate/core';
import { lfwPairs } from './datasets.js';
import { atSize } from './latency.section.js';
import { percentile } from './stats.js';

export interface HttpResult {
  n: number;
  p50: number;
  p95: number;
  correct: number;
  /** The engine alone on the same photos, interleaved photo by photo with the HTTP calls. */
  engineP50?: number;
  /** Median over photos of (HTTP time − engine time): what HTTP, SigV4, JSON and the store add. */
  overheadP50?: number;
}

export async function rekognitionHttp(
  engine: FaceEngine,
  opts: { n: number; log: (l: string) => void },
): Promise<HttpResult | undefined> {
  let server: typeof import('@facegate/server');
  let sdk: typeof import('@aws-sdk/client-rekognition');
  try {
    server = await import('@facegate/server');
    sdk = await import('@aws-sdk/client-rekognition');
  } catch (err) {
    opts.log(`  skipped: ${(err as Error).message}`);
    return undefined;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'facegate-bench-'));
  // The server closes the engine it was given; the benchmark still needs it afterwards.
  const shared: FaceEngine = {
    ...engine,
    detect: (i, o) => engine.detect(i, o),
    close: async () => undefined,
  };
  const running = await server.startServer(server.loadConfig({ port: 0, data: dataDir }, {}), {
    engine: shared,
    log: () => undefined,
  });
  try {
    const keys = running.ctx.config.accessKeys.at(-1)!;
    const client = new sdk.RekognitionClient({
      endpoint: running.url,
      region: 'us-east-1',
      credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
    });
    await client.send(new sdk.CreateCollectionCommand({ CollectionId: 'bench' }));
    const pairs = lfwPairs().filter((p) => p.same);
    const people = [
      ...new Map(pairs.map((p) => [path.basename(path.dirname(p.a)), p])).values(),
    ].slice(0, opts.n);
    for (const p of people) {
      await client.send(
        new sdk.IndexFacesCommand({
          CollectionId: 'bench',
          Image: { Bytes: fs.readFileSync(p.a) },
          ExternalImageId: path.basename(path.dirname(p.a)),
          MaxFaces: 1,
        }),
      );
    }
    const photos = await Promise.all(people.map((p) => atSize(p.b, 1280)));
    const search = (bytes: Buffer) =>
      client.send(
        new sdk.SearchFacesByImageCommand({
          CollectionId: 'bench',
          Image: { Bytes: bytes },
          FaceMatchThreshold: 80,
          MaxFaces: 1,
        }),
      );
    // Warm up the 1280-px path (decoder, JIT) as the latency section does before it measures.
    for (const bytes of photos.slice(0, 5)) await search(bytes);
    const times: number[] = [];
    const engineTimes: number[] = [];
    let correct = 0;
    for (const [i, p] of people.entries()) {
      const bytes = photos[i]!;
      // The engine alone first, then the same photo over HTTP: both see the same machine load.
      let t = performance.now();
      await engine.detect(bytes, { maxFaces: 1 });
      engineTimes.push(performance.now() - t);
      t = performance.now();
      const r = await search(bytes);
      times.push(performance.now() - t);
      if (r.FaceMatches?.[0]?.Face?.ExternalImageId === path.basename(path.dirname(p.a))) correct++;
    }
    client.destroy();
    const result = {
      n: people.length,
      p50: percentile(times, 0.5),
      p95: percentile(times, 0.95),
      correct,
      engineP50: percentile(engineTimes, 0.5),
      overheadP50: percentile(
        times.map((x, i) => x - engineTimes[i]!),
        0.5,
      ),
    };
    opts.log(
      `  SearchFacesByImage 1280 px over HTTP: p50 ${result.p50.toFixed(0)} ms (engine alone on the same photos ${result.engineP50.toFixed(0)} ms, HTTP adds ${result.overheadP50.toFixed(1)} ms), ${correct}/${people.length} found`,
    );
    return result;
  } finally {
    await running.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
