/**
 * The composition root for Node: builds the engine, the store and the image source from the
 * config, mounts the Rekognition endpoint, the Search API and the web app on one Hono app,
 * and serves it.
 * @module
 */
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { FaceService, type FaceEngine } from '@facegate/core';
import {
  createImageSource,
  loadOrCreateCredentials,
  openDatabase,
  SqliteFaceStore,
} from '@facegate/store';
import { Hono } from 'hono';
import type { ServerConfig } from './config.js';
import type { ServerContext } from './context.js';
import { mount as mountRekognition } from './mounts/rekognition.js';
import { mount as mountSearch } from './mounts/search.js';
import { mount as mountWeb } from './mounts/web.js';

export interface StartOptions {
  /** Where the ready line, the new credentials and errors go (default: stdout). */
  log?: (line: string) => void;
  /** Use this engine instead of creating one (it is still closed by close()). */
  engine?: FaceEngine;
}

export interface RunningServer {
  /** `http://HOST:PORT`, with the port actually bound (useful with port 0). */
  url: string;
  ctx: ServerContext;
  /** Stops accepting requests, then closes the engine's workers and the database. */
  close(): Promise<void>;
}

interface EngineModule {
  createEngine(options?: {
    workers?: number;
    queueLimit?: number;
    log?: (line: string) => void;
  }): Promise<FaceEngine>;
}

async function createEngine(log: (line: string) => void): Promise<FaceEngine> {
  const engine = (await import('@facegate/engine')) as unknown as Partial<EngineModule>;
  if (typeof engine.createEngine !== 'function')
    throw new Error('@facegate/engine does not export createEngine');
  return engine.createEngine({ log });
}

/**
 * Starts facegate on `config.host:config.port` and resolves once it is listening; prints
 * the development key pair when it was just created, then `facegate listening on http://HOST:PORT`
 * as the last line.
 *
 * @example
 * const server = await startServer(loadConfig({ port: 0, data: tmpDir }));
 * // ... use server.url ...
 * await server.close();
 */
export async function startServer(
  config: ServerConfig,
  options: StartOptions = {},
): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const devKeys = loadOrCreateCredentials(config.dataDir);
  const fullConfig: ServerConfig = {
    ...config,
    accessKeys: [
      ...config.accessKeys,
      { accessKeyId: devKeys.accessKeyId, secretAccessKey: devKeys.secretAccessKey },
    ],
  };
  const db = openDatabase(config.dataDir);
  const cleanup: Array<() => unknown> = [() => db.open && db.close()];
  try {
    const store = new SqliteFaceStore(db, { region: config.region });
    cleanup.unshift(() => store.close());
    const images = createImageSource({
      dataDir: config.dataDir,
      s3Endpoint: config.s3Endpoint,
      s3Region: config.region,
    });
    // Worker start-up lines go to stderr, so stdout carries only the ready line (and new keys).
    const engineLog = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const engine = options.engine ?? (await createEngine(engineLog));
    cleanup.unshift(() => engine.close());
    const api = new FaceService({ engine, store, images });
    const ctx: ServerContext = { config: fullConfig, engine, store, images, db, log, api };

    const app = new Hono();
    mountRekognition(app, ctx);
    mountSearch(app, ctx);
    mountWeb(app, ctx);

    const server = createAdaptorServer({ fetch: app.fetch });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'EADDRINUSE'
            ? new Error(
                `${config.host}:${config.port} is already in use; pick another port with --port or FACEGATE_PORT`,
              )
            : err,
        ),
      );
      server.listen(config.port, config.host, () => {
        server.removeAllListeners('error');
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    if (devKeys.created) {
      log(`development key pair (printed once, kept in ${config.dataDir}/credentials.json):`);
      log(`  AWS_ACCESS_KEY_ID=${devKeys.accessKeyId}`);
      log(`  AWS_SECRET_ACCESS_KEY=${devKeys.secretAccessKey}`);
    }
    // Last: whoever waits for the ready line has everything printed before it.
    log(`facegate listening on ${url}`);

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive sockets would hold close() open; in-flight requests still finish first.
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        await runAll(cleanup);
      })());
    return { url, ctx, close };
  } catch (err) {
    await runAll(cleanup);
    throw err;
  }
}

async function runAll(steps: Array<() => unknown>): Promise<void> {
  for (const step of steps) {
    try {
      await step();
    } catch {
      // Closing is best effort: one failing step must not keep the others from running.
    }
  }
}
