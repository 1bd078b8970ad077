/**
 * `facegate sims allow|list|deny`: which SIMs the Search API serves when they come through
 * SORACOM Beam or Endorse (no API key), with the scopes and usage plan of each. Entries name
 * an IMSI or a SIM group (a group is recognised through the Beam PSK configured for it).
 * Works on facegate.db directly, so changes apply to a running server at its next request.
 * @module
 */
import type { Command } from 'commander';
import { dataDirOf, table } from './keys-data.js';

interface EntryFlags {
  imsi?: string;
  group?: string;
  plan?: string;
  scopes?: string;
  data?: string;
}

const DATA_HELP = 'data folder (default $FACEGATE_DATA or ./data)';

async function withAllowlist<T>(
  dataDir: string,
  work: (sims: import('@facegate/api/search/keys/index').SimAllowlist) => T,
): Promise<T> {
  const [{ openDatabase }, { ApiKeyStore, SimAllowlist }] = await Promise.all([
    import('@facegate/store'),
    import('@facegate/api/search/keys/index'),
  ]);
  const db = openDatabase(dataDir);
  try {
    return work(new SimAllowlist(db, new ApiKeyStore(db)));
  } finally {
    db.close();
  }
}

function target(flags: EntryFlags): { kind: 'imsi' | 'group'; value: string } {
  if ((flags.imsi === undefined) === (flags.group === undefined))
    throw new Error('give exactly one of --imsi or --group');
  return flags.imsi !== undefined
    ? { kind: 'imsi', value: flags.imsi }
    : { kind: 'group', value: flags.group! };
}

export function register(program: Command): void {
  const sims = program
    .command('sims')
    .description('Manage which SIMs may use the Search API through SORACOM Beam or Endorse');

  sims
    .command('allow')
    .description('Allow a SIM (by IMSI) or a SIM group, with scopes and a usage plan')
    .option('--imsi <imsi>', 'the SIM’s IMSI (15 digits)')
    .option('--group <name>', 'a SIM group, as named in the Beam PSK file of `facegate serve`')
    .option('--plan <plan>', 'usage plan (name or id); limits are counted per SIM')
    .option('--scopes <list>', 'comma-separated: search, recognize, enroll', 'search')
    .option('--data <dir>', DATA_HELP)
    .action(async (flags: EntryFlags) => {
      const { parseScopes } = await import('@facegate/api/search/keys/index');
      const t = target(flags);
      const entry = await withAllowlist(dataDirOf(flags.data), (list) =>
        list.allow({
          ...t,
          scopes: parseScopes(flags.scopes),
          ...(flags.plan !== undefined ? { plan: flags.plan } : {}),
        }),
      );
      process.stdout.write(
        `Allowed ${entry.kind} ${entry.value} (plan: ${entry.plan ?? 'none'}, scopes: ${entry.scopes.join(',')}).\n`,
      );
    });

  sims
    .command('list')
    .description('List the allowed SIMs and SIM groups')
    .option('--data <dir>', DATA_HELP)
    .option('--json', 'print JSON')
    .action(async (flags: { data?: string; json?: boolean }) => {
      const entries = await withAllowlist(dataDirOf(flags.data), (list) => list.list());
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        return;
      }
      const rows = entries.map((e) => [
        e.kind.toUpperCase(),
        e.value,
        e.plan ?? '-',
        e.scopes.join(','),
        new Date(e.createdAt).toISOString().replace(/\.\d+Z$/, 'Z'),
      ]);
      process.stdout.write(`${table([['KIND', 'VALUE', 'PLAN', 'SCOPES', 'ADDED'], ...rows])}\n`);
    });

  sims
    .command('deny')
    .description('Remove a SIM or SIM group from the allowlist; takes effect at once')
    .option('--imsi <imsi>')
    .option('--group <name>')
    .option('--data <dir>', DATA_HELP)
    .action(async (flags: EntryFlags) => {
      const t = target(flags);
      const removed = await withAllowlist(dataDirOf(flags.data), (list) =>
        list.remove(t.kind, t.value),
      );
      if (!removed) throw new Error(`${t.kind} ${t.value} is not on the allowlist`);
      process.stdout.write(`Removed ${t.kind} ${t.value} from the allowlist.\n`);
    });
}
