/**
 * `facegate serve`: the Rekognition endpoint, the Search API and the web app on one port,
 * until SIGTERM or SIGINT.
 * @module
 */
import type { Command } from 'commander';
import { DEFAULT_PORT } from '@facegate/server/load-config';

interface ServeFlags {
  port?: string;
  host?: string;
  data?: string;
  collection?: string;
  allowSource?: string[];
  stage?: string;
  s3Endpoint?: string;
  webRoot?: string;
  beamPskFile?: string;
  endorseJwksUrl?: string;
  endorseKeyUrl?: string;
  apiKeys?: boolean;
  logRetentionDays?: string;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('Run the facegate server (Rekognition-compatible endpoint, Search API, web app)')
    .option(
      '-p, --port <port>',
      `port (default $FACEGATE_PORT or ${DEFAULT_PORT}; 0 picks a free one)`,
    )
    .option('--host <host>', 'address to listen on (default $FACEGATE_HOST or 127.0.0.1)')
    .option('--data <dir>', 'data folder (default $FACEGATE_DATA or ./data)')
    .option(
      '-c, --collection <id>',
      'collection the Search API searches (default $FACEGATE_COLLECTION or "default")',
    )
    .option(
      '--allow-source <cidr>',
      'answer the Search API only from this source (repeatable; default $FACEGATE_ALLOW_SOURCES or any)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--stage <name>', 'Search API path prefix like API Gateway\'s stage (default "prod")')
    .option('--s3-endpoint <url>', 'read Image.S3Object from this S3-compatible endpoint')
    .option(
      '--log-retention-days <days>',
      'days the recognition log keeps an entry (default $FACEGATE_LOG_RETENTION_DAYS or 30)',
    )
    .option('--web-root <dir>', 'serve this built web app at / (default apps/web/dist)')
    .option(
      '--beam-psk-file <file>',
      'accept SORACOM Beam-signed requests: JSON [{"psk","group"?}] (or $FACEGATE_BEAM_PSK_FILE, $FACEGATE_BEAM_PSK)',
    )
    .option(
      '--endorse-jwks-url <url>',
      'accept SORACOM Endorse tokens verified with this JWKS (or $FACEGATE_ENDORSE_JWKS_URL)',
    )
    .option(
      '--endorse-key-url <url>',
      "accept Endorse tokens, keys from SORACOM's public key repository <url><kid> (or $FACEGATE_ENDORSE_KEY_URL)",
    )
    .option(
      '--no-api-keys',
      'refuse x-api-key: serve only SIMs on the allowlist (or $FACEGATE_API_KEYS=off)',
    )
    .action(async (flags: ServeFlags) => {
      // Loaded here so other commands do not pay for the engine and the database at start-up.
      const { loadConfig, runUntilSignal } = await import('@facegate/server');
      await runUntilSignal(loadConfig({ ...flags, allowSources: flags.allowSource }));
    });
}
