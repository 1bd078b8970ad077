/**
 * `facegate start` (what `npm start` runs): the whole product on this machine with its
 * embedded defaults. `facegate serve` (Rekognition endpoint, Search API, web app) plus the
 * local SORACOM emulator, whose development SIM group points at the local Search API with a
 * freshly created API key, so a browser here gets its settings exactly as a phone on a
 * SORACOM SIM would.
 * @module
 */
import type { Command } from 'commander';
import { DEFAULT_PORT } from '@facegate/server/load-config';
import { startLocalStack, type LocalStackFlags } from '../local-stack.js';

export function register(program: Command): void {
  program
    .command('start')
    .description(
      'Run everything locally: the server, the web app and the SORACOM emulator with a development SIM',
    )
    .option('-p, --port <port>', `server port (default $FACEGATE_PORT or ${DEFAULT_PORT})`)
    .option('--host <host>', 'address to listen on (default $FACEGATE_HOST or 127.0.0.1)')
    .option('--data <dir>', 'data folder (default $FACEGATE_DATA or ./data)')
    .option('-c, --collection <id>', 'collection the Search API searches (default "default")')
    .option('--soracom-port <port>', 'SORACOM API emulator port', '8790')
    .option('--metadata-port <port>', "SIMs' metadata service port (127.0.0.2, ...)", '8791')
    .option('--sim-port <port>', "this machine's SIM: metadata on 127.0.0.1:PORT", '8792')
    .action(async (flags: LocalStackFlags) => {
      const stack = await startLocalStack(flags);
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        stack.close().then(
          () => process.exit(0),
          (err: unknown) => {
            process.stderr.write(`facegate: error while stopping: ${String(err)}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}
