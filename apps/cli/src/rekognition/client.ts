/**
 * The CLI's Rekognition client: the AWS SDK v3, pointed at facegate (or, with
 * `--endpoint aws`, at Amazon itself), with credentials from FACEGATE_*, AWS_* or the data
 * folder's credentials.json.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import type { Command } from 'commander';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, DEFAULT_REGION } from '@facegate/server/load-config';

export interface ClientFlags {
  endpoint?: string;
  region?: string;
  data?: string;
}

/** Adds --endpoint, --region and --data to a command that talks to Rekognition. */
export function withClientOptions(cmd: Command): Command {
  return cmd
    .option(
      '--endpoint <url>',
      `Rekognition endpoint, or "aws" for Amazon's (default http://127.0.0.1:$FACEGATE_PORT or ${DEFAULT_PORT})`,
    )
    .option(
      '--region <region>',
      `region (default $FACEGATE_REGION, $AWS_REGION or ${DEFAULT_REGION})`,
    )
    .option(
      '--data <dir>',
      `data folder holding credentials.json (default $FACEGATE_DATA or ${DEFAULT_DATA_DIR})`,
    );
}

export function endpointOf(
  flags: ClientFlags,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const given = flags.endpoint ?? env.FACEGATE_ENDPOINT;
  if (given === 'aws') return undefined;
  return given ?? `http://127.0.0.1:${env.FACEGATE_PORT || DEFAULT_PORT}`;
}

export const dataDirOf = (flags: ClientFlags, env: NodeJS.ProcessEnv = process.env): string =>
  path.resolve(flags.data ?? env.FACEGATE_DATA ?? DEFAULT_DATA_DIR);

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** FACEGATE_* first, then AWS_*, then `<data>/credentials.json`; undefined lets the SDK decide. */
export function credentialsFor(
  flags: ClientFlags,
  env: NodeJS.ProcessEnv = process.env,
): Credentials | undefined {
  if (env.FACEGATE_ACCESS_KEY_ID && env.FACEGATE_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.FACEGATE_ACCESS_KEY_ID,
      secretAccessKey: env.FACEGATE_SECRET_ACCESS_KEY,
    };
  }
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return undefined;
  if (endpointOf(flags, env) === undefined) return undefined;
  const file = path.join(dataDirOf(flags, env), 'credentials.json');
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Credentials>;
  if (typeof parsed.accessKeyId !== 'string' || typeof parsed.secretAccessKey !== 'string') {
    throw new Error(`${file} does not hold an access key pair`);
  }
  return { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey };
}

export function createClient(
  flags: ClientFlags,
  env: NodeJS.ProcessEnv = process.env,
): RekognitionClient {
  // The SDK warns on every run that its 2027 releases need Node 22: noise in a CLI's stderr.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const endpoint = endpointOf(flags, env);
  const credentials = credentialsFor(flags, env);
  return new RekognitionClient({
    region:
      flags.region ??
      env.FACEGATE_REGION ??
      env.AWS_REGION ??
      env.AWS_DEFAULT_REGION ??
      DEFAULT_REGION,
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  });
}

/** Runs a call, turning "nothing listens there" into one line that says what to do. */
export async function reach<T>(flags: ClientFlags, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET') {
      const where = endpointOf(flags) ?? 'Amazon Rekognition';
      throw new Error(`cannot reach ${where} (${code}); is 'facegate serve' running?`);
    }
    if ((err as Error).name === 'CredentialsProviderError') {
      throw new Error(
        `no credentials: set FACEGATE_ACCESS_KEY_ID and FACEGATE_SECRET_ACCESS_KEY, or point --data at the server's data folder (looked in ${dataDirOf(flags)})`,
      );
    }
    throw err;
  }
}
