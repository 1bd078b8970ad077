/**
 * `facegate soracom setup`: the hands-on's step 4 in one command. Creates the SIM group (or
 * reuses it by name), turns the Air metadata service on (read-only, CORS for the app's origin),
 * stores `{"apiEndpoint","apiKey","threshold"?}` as userdata, puts the SIMs in the group and
 * raises their speed class if asked. `--beam` / `--endorse` also turn on SORACOM Beam's HTTP
 * entry point (signed with a PSK) and Endorse, and `--mode` tells the phone to use its SIM
 * instead of a key. Running it twice changes nothing.
 * @module
 */
import { readFileSync } from 'node:fs';
import {
  findGroupsByName,
  type PhoneMode,
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
  mode?: string;
  beam?: boolean;
  beamPskFile?: string;
  beamDestination?: string;
  beamUrl?: string;
  endorse?: boolean;
  endorseUrl?: string;
}

/** The phone's mode: `--mode`, else endorse when `--endorse`, beam when `--beam`, else apikey. */
function modeOf(o: SetupOptions): PhoneMode {
  const mode = o.mode ?? (o.endorse ? 'endorse' : o.beam ? 'beam' : 'apikey');
  if (mode !== 'apikey' && mode !== 'beam' && mode !== 'endorse')
    throw new Error(`--mode must be apikey, beam or endorse, not ${mode}`);
  return mode;
}

/** Beam's PSK: the first line of --beam-psk-file, else FACEGATE_BEAM_PSK (never a flag: it would show in ps). */
function beamPsk(o: SetupOptions): string {
  const psk = o.beamPskFile
    ? (readFileSync(o.beamPskFile, 'utf8').split(/\r?\n/)[0] ?? '').trim()
    : (process.env['FACEGATE_BEAM_PSK'] ?? '');
  if (!psk) throw new Error('--beam needs a PSK: --beam-psk-file FILE or FACEGATE_BEAM_PSK');
  return psk;
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
  mode: PhoneMode,
): Promise<{ apiEndpoint: string; apiKey?: string }> {
  if (o.fromLocal && o.fromAws) throw new Error('--from-local and --from-aws cannot be combined');
  if (mode !== 'apikey') {
    // The SIM is the credential: only the endpoint is needed, and no key is made or stored.
    if (o.apiKey) throw new Error(`--mode ${mode} stores no API key: leave out --api-key`);
    if (o.apiEndpoint) return { apiEndpoint: o.apiEndpoint };
    if (o.fromLocal) return { apiEndpoint: localEndpoint(o.localUrl) };
    if (o.fromAws) {
      const t = await searchApiFromAws({
        stackName: o.stack,
        region: o.region,
        endpoint: o.awsEndpoint,
      });
      // A stack deployed with -c simAuth=true serves SIMs, keyless, at .../sim/search.
      return { apiEndpoint: t.apiEndpoint.replace(/\/search$/, '/sim/search') };
    }
    throw new Error('--api-endpoint is required (or --from-local / --from-aws)');
  }
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
      .option('--aws-endpoint <url>', "AWS API endpoint for --from-aws (default: Amazon's)")
      .option(
        '--mode <mode>',
        'what the phone uses: apikey, beam or endorse (default: endorse with --endorse, beam with --beam, else apikey)',
      )
      .option('--beam', "turn on Beam's HTTP entry point, signing requests with the PSK")
      .option('--beam-psk-file <file>', 'the Beam PSK (first line); or FACEGATE_BEAM_PSK')
      .option(
        '--beam-destination <url>',
        "where Beam forwards (default: the API endpoint's origin)",
      )
      .option(
        '--beam-url <url>',
        'the Beam entry point the phone posts to (default http://beam.soracom.io:8888)',
      )
      .option('--endorse', 'turn on Endorse, with the IMSI in each token')
      .option(
        '--endorse-url <url>',
        'where the phone gets its token (default https://endorse.soracom.io)',
      ),
  ).action(async (o: SetupOptions) => {
    const mode = modeOf(o);
    const { client, recorded } = await connect(o);
    const t = await target(o, client, mode);
    const options: ProvisionOptions = {
      group: o.group,
      apiEndpoint: t.apiEndpoint,
      ...(t.apiKey !== undefined ? { apiKey: t.apiKey } : {}),
      mode,
      ...(o.beam
        ? {
            beam: {
              psk: beamPsk(o),
              ...(o.beamDestination ? { destination: o.beamDestination } : {}),
            },
          }
        : {}),
      ...(o.endorse ? { endorse: true } : {}),
      ...(o.beamUrl ? { beamUrl: o.beamUrl } : {}),
      ...(o.endorseUrl ? { endorseUrl: o.endorseUrl } : {}),
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
