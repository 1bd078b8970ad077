/**
 * The options every `facegate soracom` command that talks to the SORACOM API shares
 * (`--coverage`, `--endpoint`, `--profile`, `--dry-run`), and the client they build. A dry
 * run's client records requests instead of sending them; {@link printDryRun} shows them with
 * every secret masked.
 * @module
 */
import {
  DRY_RUN_GROUP_ID,
  dryRunTransport,
  resolveCredentials,
  resolveEndpoint,
  SoracomClient,
  type ResolvedCredentials,
  type SoracomRequest,
} from '@facegate/soracom';
import type { Command } from 'commander';

export interface ApiOptions {
  coverage?: string;
  endpoint?: string;
  profile?: string;
  dryRun?: boolean;
}

export function addApiOptions(cmd: Command): Command {
  return cmd
    .option('--coverage <jp|g>', 'SORACOM coverage: jp → api.soracom.io, g → g.api.soracom.io')
    .option(
      '--endpoint <url>',
      'SORACOM API base URL (the emulator, or the sandbox), overrides --coverage',
    )
    .option(
      '--profile <name>',
      'read the AuthKey from ~/.soracom/<name>.json instead of SORACOM_AUTH_KEY_ID/SORACOM_AUTH_KEY',
    )
    .option('--dry-run', 'print every request that would be sent (secrets masked) and send none');
}

export interface ConnectedClient {
  client: SoracomClient;
  /** Filled on a dry run, in sending order. */
  recorded: SoracomRequest[];
  credentials: ResolvedCredentials;
}

/**
 * Resolves credentials and endpoint, builds the client and authenticates it. A dry run's
 * account is empty unless `existingGroup` (teardown) makes name lookups find one group.
 */
export async function connect(
  o: ApiOptions,
  dryRun: { existingGroup?: boolean } = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<ConnectedClient> {
  const recorded: SoracomRequest[] = [];
  let credentials: ResolvedCredentials;
  try {
    credentials = resolveCredentials({ profile: o.profile, env });
  } catch (e) {
    // A dry run shows the requests even on a machine with no credentials.
    if (!o.dryRun) throw e;
    credentials = { authKeyId: '{authKeyId}', authKey: '{authKey}', source: 'none (dry run)' };
  }
  const endpoint = resolveEndpoint({
    endpoint: o.endpoint,
    coverage: o.coverage,
    profile: credentials,
  });
  const client = new SoracomClient({
    endpoint,
    transport: o.dryRun ? dryRunTransport(recorded, dryRun) : undefined,
  });
  await client.authenticate(credentials);
  return { client, recorded, credentials };
}

/** `abcd…wxyz`: enough to tell keys apart, not enough to use one. */
export function maskSecret(value: string): string {
  if (/^\{[\w-]+\}$/.test(value)) return value; // a dry run's placeholder, not a secret
  if (value.length <= 8) return '*'.repeat(value.length || 4);
  return `${value.slice(0, 4)}${'*'.repeat(Math.min(12, value.length - 8))}${value.slice(-4)}`;
}

/** A copy of a request body with the AuthKey secret and Beam's PSK hidden and userdata's apiKey masked. */
export function maskBody(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(maskBody);
  if (body === null || typeof body !== 'object') return body;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === 'authKey' || (k === 'psk' && typeof v === 'string')) out[k] = '********';
    else if (k === 'apiKey' && typeof v === 'string') out[k] = maskSecret(v);
    else if (
      k === 'value' &&
      typeof v === 'string' &&
      (body as { key?: unknown }).key === 'userdata'
    ) {
      out[k] = maskUserdata(v);
    } else out[k] = maskBody(v);
  }
  return out;
}

function maskUserdata(text: string): string {
  try {
    return JSON.stringify(maskBody(JSON.parse(text)));
  } catch {
    return text;
  }
}

/** One block per request: `METHOD /v1/path` then the JSON body, if any. */
export function formatDryRun(endpoint: string, requests: SoracomRequest[]): string {
  const base = new URL(endpoint).pathname.replace(/\/+$/, '');
  const lines = [`# dry run: ${requests.length} request(s) to ${endpoint}, none sent`];
  for (const r of requests) {
    const path = r.path.split(encodeURIComponent(DRY_RUN_GROUP_ID)).join(DRY_RUN_GROUP_ID);
    lines.push(`${r.method} ${base}${path}`);
    if (r.body !== undefined) lines.push(JSON.stringify(maskBody(r.body)));
  }
  return `${lines.join('\n')}\n`;
}
