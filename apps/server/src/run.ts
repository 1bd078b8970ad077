/**
 * Runs the server until SIGTERM or SIGINT, then closes it cleanly (HTTP server, engine
 * workers, database) and exits. Used by `facegate serve` and by main.ts.
 * @module
 */
import type { ServerConfig } from './config.js';
import { startServer, type RunningServer, type StartOptions } from './server.js';

export async function runUntilSignal(
  config: ServerConfig,
  options: StartOptions = {},
): Promise<RunningServer> {
  const server = await startServer(config, options);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`facegate: error while stopping on ${signal}: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return server;
}
