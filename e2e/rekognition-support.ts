/**
 * Shared by the Rekognition end-to-end tests: the real server on a free loopback port with a
 * temp data folder, an AWS SDK client signed with its development keys, and face photos
 * shipped inside @vladmandic/face-api.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RekognitionClient, type BoundingBox } from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { loadConfig, startServer, type RunningServer } from '@facegate/server';
import { engineMissing, requireOrSkip } from '../test-support/require-or-skip.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const demoPhoto = (n: number): string =>
  path.join(repoRoot, 'node_modules/@vladmandic/face-api/demo', `sample${n}.jpg`);

/**
 * Whether @facegate/engine is built: skips with one line locally, fails in CI (see
 * test-support/require-or-skip.ts); an engine that is built but fails to load throws.
 */
export async function engineAvailable(what = 'the Rekognition end-to-end tests'): Promise<boolean> {
  return !requireOrSkip(what, await engineMissing());
}

export interface Facegate {
  server: RunningServer;
  dataDir: string;
  url: string;
  keys: { accessKeyId: string; secretAccessKey: string };
  client: RekognitionClient;
  /** Stops the server; the data folder stays unless `removeData`. */
  stop(removeData?: boolean): Promise<void>;
}

export function tempDataDir(prefix = 'facegate-e2e-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** The real server (real engine, SQLite file, HTTP on 127.0.0.1, port picked by the OS). */
export async function startFacegate(dataDir = tempDataDir()): Promise<Facegate> {
  const server = await startServer(loadConfig({ port: 0, host: '127.0.0.1', data: dataDir }, {}), {
    log: () => {},
  });
  const keys = server.ctx.config.accessKeys.at(-1)!;
  const client = new RekognitionClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: keys,
    maxAttempts: 1,
  });
  return {
    server,
    dataDir,
    url: server.url,
    keys,
    client,
    async stop(removeData = false) {
      client.destroy();
      await server.close();
      if (removeData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The error a promise rejects with (fails when it resolves). */
export async function failure(
  p: Promise<unknown>,
): Promise<Error & { $fault?: string; $metadata?: { httpStatusCode?: number } }> {
  return p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: Error) => e,
  );
}

/** The face in `box` of a photo with a margin around it, as a JPEG. */
export async function cropFace(photo: Uint8Array, box: BoundingBox, margin = 0.6): Promise<Buffer> {
  const meta = await sharp(photo).metadata();
  const W = meta.width!;
  const H = meta.height!;
  const w = box.Width! * W;
  const h = box.Height! * H;
  const left = Math.max(0, Math.round(box.Left! * W - w * margin));
  const top = Math.max(0, Math.round(box.Top! * H - h * margin));
  const width = Math.min(W - left, Math.round(w * (1 + 2 * margin)));
  const height = Math.min(H - top, Math.round(h * (1 + 2 * margin)));
  return sharp(photo).extract({ left, top, width, height }).jpeg({ quality: 92 }).toBuffer();
}
