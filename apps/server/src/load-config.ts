/**
 * Reads the server's configuration once: command-line flags win over FACEGATE_* environment
 * variables, which win over the defaults.
 * @module
 */
import path from 'node:path';
import type { AccessKeyPair, ServerConfig } from './config.js';

/** The one default port of the whole product (server, CLI `--endpoint`, docs). */
export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = './data';
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_COLLECTION = 'default';

/** Flags as the CLI passes them (strings straight from commander are fine). */
export interface ConfigFlags {
  port?: number | string;
  host?: string;
  data?: string;
  collection?: string;
  region?: string;
  s3Endpoint?: string;
  webRoot?: string;
  metadataUrl?: string;
  allowSources?: string[] | string;
  stage?: string;
  logRetentionDays?: number | string;
}

function parsePort(value: number | string, from: string): number {
  const port = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${from} must be a port number from 0 to 65535, not '${value}'`);
  }
  return port;
}

const list = (v: string[] | string | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean);

const nonEmpty = (v: string | undefined): string | undefined =>
  v === undefined || v === '' ? undefined : v;

/**
 * @example
 * const config = loadConfig({ port: '9000' });          // flags from the CLI
 * const config = loadConfig({}, { FACEGATE_PORT: '0' }); // a test picking a free port
 */
export function loadConfig(
  flags: ConfigFlags = {},
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const portFlag = flags.port;
  const portEnv = nonEmpty(env.FACEGATE_PORT);
  const port =
    portFlag !== undefined
      ? parsePort(portFlag, '--port')
      : portEnv !== undefined
        ? parsePort(portEnv, 'FACEGATE_PORT')
        : DEFAULT_PORT;

  const accessKeys: AccessKeyPair[] = [];
  const keyId = nonEmpty(env.FACEGATE_ACCESS_KEY_ID);
  const secret = nonEmpty(env.FACEGATE_SECRET_ACCESS_KEY);
  if ((keyId === undefined) !== (secret === undefined)) {
    throw new Error('FACEGATE_ACCESS_KEY_ID and FACEGATE_SECRET_ACCESS_KEY must be set together');
  }
  if (keyId !== undefined && secret !== undefined)
    accessKeys.push({ accessKeyId: keyId, secretAccessKey: secret });

  const config: ServerConfig = {
    host: flags.host ?? nonEmpty(env.FACEGATE_HOST) ?? DEFAULT_HOST,
    port,
    dataDir: path.resolve(flags.data ?? nonEmpty(env.FACEGATE_DATA) ?? DEFAULT_DATA_DIR),
    collection: flags.collection ?? nonEmpty(env.FACEGATE_COLLECTION) ?? DEFAULT_COLLECTION,
    accessKeys,
    allowSources: list(flags.allowSources) ?? list(nonEmpty(env.FACEGATE_ALLOW_SOURCES)) ?? [],
    region: flags.region ?? nonEmpty(env.FACEGATE_REGION) ?? DEFAULT_REGION,
  };
  const stage = flags.stage ?? nonEmpty(env.FACEGATE_STAGE);
  if (stage !== undefined) {
    if (!/^[A-Za-z0-9_-]+$/.test(stage))
      throw new Error(`the stage must be letters, digits, - or _, not '${stage}'`);
    config.stage = stage;
  }
  const s3Endpoint = flags.s3Endpoint ?? nonEmpty(env.FACEGATE_S3_ENDPOINT);
  if (s3Endpoint) config.s3Endpoint = s3Endpoint;
  const webRoot = flags.webRoot ?? nonEmpty(env.FACEGATE_WEB_ROOT);
  if (webRoot) config.webRoot = webRoot;
  const metadataUrl = flags.metadataUrl ?? nonEmpty(env.FACEGATE_METADATA_URL);
  if (metadataUrl) config.metadataUrl = metadataUrl;
  const retention = flags.logRetentionDays ?? nonEmpty(env.FACEGATE_LOG_RETENTION_DAYS);
  if (retention !== undefined) {
    const days = Number(retention);
    if (!Number.isFinite(days) || days < 0 || days > 36_500)
      throw new Error(
        `the log retention must be a number of days from 0 to 36500, not '${retention}'`,
      );
    config.logRetentionDays = days;
  }
  return config;
}
