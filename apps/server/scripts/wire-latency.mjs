#!/usr/bin/env node
/* global process, performance, console */
/**
 * How much the Rekognition wire (AWS SDK v3 client, SigV4, JSON with base64 Bytes, loopback
 * HTTP) adds to SearchFacesByImage, compared with calling the FaceService in process.
 *
 *   npx tsc -b && node apps/server/scripts/wire-latency.mjs [runs=15]
 * @module
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import {
  CreateCollectionCommand,
  IndexFacesCommand,
  RekognitionClient,
  SearchFacesByImageCommand,
} from '@aws-sdk/client-rekognition';
import { loadConfig, startServer } from '@facegate/server';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const runs = Number(process.argv[2] ?? 15);
const demo = path.resolve(
  import.meta.dirname,
  '../../../node_modules/@vladmandic/face-api/demo/sample6.jpg',
);
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'facegate-wire-'));
const server = await startServer(loadConfig({ port: 0, data }, {}), { log: () => {} });
try {
  const client = new RekognitionClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: server.ctx.config.accessKeys.at(-1),
  });
  const photo = await sharp(demo).resize({ width: 1280 }).jpeg({ quality: 90 }).toBuffer();
  await client.send(new CreateCollectionCommand({ CollectionId: 'wire' }));
  await client.send(
    new IndexFacesCommand({ CollectionId: 'wire', Image: { Bytes: photo }, MaxFaces: 4 }),
  );
  const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const wire = [];
  const direct = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await client.send(
      new SearchFacesByImageCommand({ CollectionId: 'wire', Image: { Bytes: photo } }),
    );
    wire.push(performance.now() - t);
    t = performance.now();
    await server.ctx.api.searchFacesByImage({
      CollectionId: 'wire',
      Image: { Bytes: new Uint8Array(photo) },
    });
    direct.push(performance.now() - t);
  }
  console.log(
    `SearchFacesByImage, 1280 px JPEG of ${photo.length} bytes, ${runs} runs each: ` +
      `AWS SDK over HTTP p50 ${p50(wire).toFixed(1)} ms, FaceService in process p50 ${p50(direct).toFixed(1)} ms`,
  );
} finally {
  await server.close();
  fs.rmSync(data, { recursive: true, force: true });
}
