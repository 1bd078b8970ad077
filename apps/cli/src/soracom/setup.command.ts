/**
 * `facegate soracom setup`: the hands-on's step 4 in one command. Creates the SIM group (or
 * reuses it by name), turns the Air metadata service on (read-only, CORS for the app's origin),
 * stores `{"apiEndpoint","apiKey","threshold"?}` as userdata, puts the SIMs in the group and
 * raises their speed class if asked. Running it twice changes nothing.
 * @module
 */
import {
  findGroupsByName,
  provisionGroup,
  validateProvisionOptions,
  type ProvisionOptions,
  type SoracomClient,
} from '@facegate/soracom';
import type { Command } from 'commander';
import { addApiOptions, connect, formatDryRun, type ApiOptions } from './client-options.js';
import { localEndpoint, searchApiFromAws, searchApiFromLocal } from './local-sources.js';

interface SetupOptions extends ApiOptions {
  group: string;
  apiEndpoint?: string;
  apiKey?: string;
  threshold?: string;
  allowOrigin?: string;
  imsi?: string[];
  speedClass?: string;
  writable?: boolean;
  fromLocal?: boolean;
  fromAws?: boolean;
  dataDir?: string;
  localUrl?: string;
  stack?: string;
  region?: string;
  awsEndpoint?: string;
}

/** The Search API key the group's userdata holds now, if it is ours to reuse. */
async function currentKey(client: SoracomClient, group: string, apiEndpoint: string) {
  const [g] = await findGroupsByName(client, group);
  const text = g?.configuration?.['SoracomAir']?.['userdata'];
  if (typeof text !== 'string') return undefined;
  try {
    const u = JSON.parse(text) as { apiEndpoint?: unknown; apiKey?: unknown };
    return u.apiEndpoint === apiEndpoint && typeof u.apiKey === 'string' ? u.apiKey : undefined;
  } catch {
    return undefined;
  }
}

async function target(
  o: SetupOptions,
  client: SoracomClient,
): Promise<{ apiEndpoint: string; apiKey: string }> {
  if (o.fromLocal && o.fromAws) throw new Error('--from-local and --from-aws cannot be combined');
  if (o.fromLocal) {
    const endpoint = localEndpoint(o.localUrl);
    const t = await searchApiFromLocal({
      dataDir: o.dataDir,
      baseUrl: o.localUrl,
      keyName: `soracom group ${o.group}`,
      dryRun: o.dryRun,
      currentKey: o.dryRun
        ? undefined
        : await currentKey(client, o.group, o.apiEndpoint ?? endpoint),
    });
    return { apiEndpoint: o.apiEndpoint ?? t.apiEndpoint, apiKey: o.apiKey ?? t.apiKey };
  }
  if (o.fromAws) {
    const t = await searchApiFromAws({
      stackName: o.stack,
      region: o.region,
      endpoint: o.awsEndpoint,
    });
    return { apiEndpoint: o.apiEndpoint ?? t.apiEndpoint, apiKey: o.apiKey ?? t.apiKey };
  }
  const apiKey = o.apiKey ?? process.env['FACEGATE_API_KEY'];
  if (!o.apiEndpoint || !apiKey) {
    throw new Error('--api-endpoint and --api-key are required (or --from-local / --from-aws)');
  }
  return { apiEndpoint: o.apiEndpoint, apiKey };
}

function parseThreshold(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n))
    throw new Error(`--threshold must be a number from 0 to 100, not ${v}`);
  return n;
}

export function registerSetup(soracom: Command): void {
  addApiOptions(
    soracom
      .command('setup')
      .description(
        'create or update a SIM group whose metadata userdata points phones at a Search API',
      )
      .requiredOption('--group <name>', 'SIM group name (its "name" tag); reused when it exists')
      .option(
        '--api-endpoint <url>',
        'Search API URL the phone posts to, e.g. https://.../prod/search',
      )
      .option('--api-key <key>', 'Search API key (x-api-key); or FACEGATE_API_KEY')
      .option('--threshold <n>', 'similarity threshold 0-100 put in userdata')
      .option(
        '--allow-origin <origin>',
        "the phone app's origin, answered as Access-Control-Allow-Origin",
      )
      .option('--imsi <imsi...>', 'SIMs to put in the group (repeatable)')
      .option('--speed-class <class>', 'set the SIMs to this speed class, e.g. s1.fast')
      .option(
        '--writable',
        'let devices write tags and speed class through metadata (default read-only)',
      )
      .option('--from-local', 'take --api-endpoint/--api-key from the local server (creates a key)')
      .option(
        '--data-dir <dir>',
        'local data folder for --from-local (default FACEGATE_DATA or data)',
      )
      .option('--local-url <url>', 'local Search API base URL for --from-local')
      .option('--from-aws', 'take --api-endpoint/--api-key from the deployed AWS stack')
      .option('--stack <name>', 'AWS stack name for --from-aws')
      .option('--region <region>', 'AWS region for --from-aws')
      .option('--aws-endpoint <url>', "AWS API endpoint for --from-aws (default: Amazon's)"),
  ).action(async (o: SetupOptions) => {
    const { client, recorded } = await connect(o);
    const t = await target(o, client);
    const options: ProvisionOptions = {
      group: o.group,
      apiEndpoint: t.apiEndpoint,
      apiKey: t.apiKey,
      threshold: parseThreshold(o.threshold),
      allowOrigin: o.allowOrigin,
      imsis: o.imsi ?? [],
      speedClass: o.speedClass,
      readonly: !o.writable,
    };
    validateProvisionOptions(options);
    const result = await provisionGroup(client, options);
    if (o.dryRun) {
      process.stdout.write(formatDryRun(client.endpoint, recorded));
      return;
    }
    const lines = result.changes.length
      ? result.changes
      : [`group ${o.group} already as asked; nothing changed`];
    process.stdout.write(`${lines.join('\n')}\ngroupId: ${result.groupId}\n`);
  });
}
