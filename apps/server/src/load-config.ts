/**
 * Reads the server's configuration once: command-line flags win over FACEGATE_* environment
 * variables, which win over the defaults.
 * @module
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AccessKeyPair, BeamPskConfig, ServerConfig, SimAuthConfig } from './config.js';

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
  /** A JSON file `[{"psk": "...", "group": "..."}]` of Beam PSKs (kept out of the process list). */
  beamPskFile?: string;
  endorseJwksUrl?: string;
  endorseKeyUrl?: string;
  /** false (`--no-api-keys`): serve SIMs only. */
  apiKeys?: boolean;
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
  const sim = loadSimAuth(flags, env);
  if (sim) config.sim = sim;
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

/** Reads a PSK file: a JSON list of `{psk, group?}` (or a bare string). Never echoes its content. */
export function readBeamPskFile(file: string): BeamPskConfig[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(
      `cannot read the Beam PSK file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'not JSON'}`,
    );
  }
  const list = Array.isArray(data) ? data : [data];
  return list.map((e, i) => {
    const entry = typeof e === 'string' ? { psk: e } : (e as Record<string, unknown>);
    if (!entry || typeof entry.psk !== 'string' || entry.psk.length < 8)
      throw new Error(`${file}: entry ${i + 1} needs a "psk" of at least 8 characters`);
    if (entry.group !== undefined && typeof entry.group !== 'string')
      throw new Error(`${file}: entry ${i + 1} has a "group" that is not a string`);
    return { psk: entry.psk, ...(entry.group ? { group: entry.group } : {}) };
  });
}

/**
 * SIM identity settings: `--beam-psk-file` / FACEGATE_BEAM_PSK_FILE, or one PSK in
 * FACEGATE_BEAM_PSK; `--endorse-jwks-url` / FACEGATE_ENDORSE_JWKS_URL or `--endorse-key-url` /
 * FACEGATE_ENDORSE_KEY_URL; `--no-api-keys` / FACEGATE_API_KEYS=off.
 */
function loadSimAuth(flags: ConfigFlags, env: NodeJS.ProcessEnv): SimAuthConfig | undefined {
  const sim: SimAuthConfig = {};
  const pskFile = flags.beamPskFile ?? nonEmpty(env.FACEGATE_BEAM_PSK_FILE);
  const psk = nonEmpty(env.FACEGATE_BEAM_PSK);
  if (pskFile) sim.beamPsks = readBeamPskFile(pskFile);
  else if (psk) sim.beamPsks = [{ psk }];
  const jwksUrl = flags.endorseJwksUrl ?? nonEmpty(env.FACEGATE_ENDORSE_JWKS_URL);
  const keyBaseUrl = flags.endorseKeyUrl ?? nonEmpty(env.FACEGATE_ENDORSE_KEY_URL);
  if (jwksUrl && keyBaseUrl)
    throw new Error('give either an Endorse JWKS URL or an Endorse key URL, not both');
  if (jwksUrl) sim.endorse = { jwksUrl };
  else if (keyBaseUrl) sim.endorse = { keyBaseUrl };
  const keysOff =
    flags.apiKeys === false || /^(off|false|0|no)$/i.test(env.FACEGATE_API_KEYS ?? '');
  if (keysOff) {
    if (!sim.beamPsks && !sim.endorse)
      throw new Error(
        '--no-api-keys needs Beam or Endorse configured, or nothing could call the Search API',
      );
    sim.apiKeys = false;
  }
  return Object.keys(sim).length > 0 ? sim : undefined;
}
