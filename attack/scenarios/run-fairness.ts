/**
 * Measures the two fairness scenarios of issue 12 on a fresh facegate (real engine, temp data
 * folder, 127.0.0.1, port picked by the OS) and prints their figures as JSON:
 *
 *   npx tsx attack/scenarios/run-fairness.ts [--quick]
 *
 * About 2 minutes (10 s + 30 s starvation, 60 s crowd, plus start-up and drain); `--quick`
 * shortens each window (5 s + 15 s, 20 s) for a smoke run. Build first (npx tsc -b).
 * @module
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiKeyStore } from '@facegate/api/search/keys/index';
import { loadConfig, startServer } from '@facegate/server';
import { runCrowd } from './crowd.js';
import { gridPhoto } from './grid-photo.js';
import { runStarvation } from './starvation.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demo = (n: number) =>
  new Uint8Array(
    readFileSync(path.join(root, 'node_modules/@vladmandic/face-api/demo', `sample${n}.jpg`)),
  );
const quick = process.argv.includes('--quick');

const dataDir = mkdtempSync(path.join(tmpdir(), 'facegate-fairness-'));
const server = await startServer(loadConfig({ port: 0, host: '127.0.0.1', data: dataDir }, {}), {
  log: () => {},
});
try {
  const { ctx } = server;
  const api = ctx.api!;
  // The searched person: the largest face of a demo photo, enrolled once.
  const person = demo(2);
  const found = await ctx.engine.detect(person, { maxFaces: 1 });
  const box = found.faces[0]?.detail.BoundingBox;
  if (!box) throw new Error('no face in the demo photo');
  await api.indexFaces({
    CollectionId: ctx.config.collection,
    Image: { Bytes: person },
    ExternalImageId: 'person',
    MaxFaces: 1,
  });
  const grid = await gridPhoto(person, box, 10, 200);
  const gridFaces = (await ctx.engine.detect(grid, { embed: false, maxFaces: 100 })).faces.length;

  const keys = new ApiKeyStore(ctx.db);
  keys.createPlan({ name: 'one-per-second', rate: 1, burst: 1 });
  const light = keys.createKey({ name: 'light', scopes: ['search'] }).key;
  const heavy = keys.createKey({
    name: 'heavy',
    plan: 'one-per-second',
    scopes: ['recognize'],
  }).key;
  const crowdKeys = Array.from(
    { length: 32 },
    (_, i) => keys.createKey({ name: `crowd-${i}`, scopes: ['search'] }).key,
  );

  const starvation = await runStarvation({
    baseUrl: server.url,
    lightKey: light,
    heavyKey: heavy,
    searchImage: person,
    heavyImage: grid,
    baselineSeconds: quick ? 5 : 10,
    loadSeconds: quick ? 15 : 30,
  });
  const crowd = await runCrowd({
    baseUrl: server.url,
    keys: crowdKeys,
    image: person,
    clients: 32,
    seconds: quick ? 20 : 60,
  });
  console.log(
    JSON.stringify(
      { grid: { bytes: grid.length, facesFound: gridFaces }, starvation, crowd },
      null,
      2,
    ),
  );
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
