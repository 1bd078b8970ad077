/**
 * `facegate apikeys create|list|revoke`: the Search API's keys, as API Gateway's API keys.
 * `create` prints the key once, alone on its last line, so scripts can take `tail -n 1`.
 * @module
 */
import type { Command } from 'commander';
import { dataDirOf, table, withKeyStore } from './keys-data.js';

interface CreateFlags {
  name: string;
  plan?: string;
  scopes?: string;
  value?: string;
  data?: string;
}

const iso = (ms: number | undefined) =>
  ms === undefined ? '' : new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

export function register(program: Command): void {
  const keys = program
    .command('apikeys')
    .description('Manage the Search API keys (stored hashed in the data folder)');

  keys
    .command('create')
    .description('Create an API key; it is printed once, alone on the last line')
    .requiredOption('--name <name>', 'a label for the key (e.g. the SIM group it is for)')
    .option('--plan <plan>', 'usage plan (name or id); without one the key is not throttled')
    .option('--scopes <list>', 'comma-separated: search, recognize, enroll', 'search')
    .option('--value <key>', 'use this key value (20-128 characters) instead of a random one')
    .option('--data <dir>', 'data folder (default $FACEGATE_DATA or ./data)')
    .action(async (flags: CreateFlags) => {
      const { parseScopes } = await import('@facegate/api/search/keys/index');
      const { key, info } = await withKeyStore(dataDirOf(flags.data), (store) =>
        store.createKey({
          name: flags.name,
          scopes: parseScopes(flags.scopes),
          ...(flags.plan !== undefined ? { plan: flags.plan } : {}),
          ...(flags.value !== undefined ? { value: flags.value } : {}),
        }),
      );
      process.stdout.write(
        `Created API key ${info.id} "${info.name}" (plan: ${info.plan ?? 'none'}, scopes: ${info.scopes.join(',')}).\n` +
          'Send it as the x-api-key header. It is shown only this once:\n' +
          `${key}\n`,
      );
    });

  keys
    .command('list')
    .description('List API keys (never their values)')
    .option('--data <dir>', 'data folder (default $FACEGATE_DATA or ./data)')
    .option('--json', 'print JSON')
    .action(async (flags: { data?: string; json?: boolean }) => {
      const list = await withKeyStore(dataDirOf(flags.data), (store) => store.listKeys());
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      const rows = list.map((k) => [
        k.id,
        k.name,
        k.plan ?? '-',
        k.scopes.join(','),
        iso(k.createdAt),
        k.revokedAt ? `revoked ${iso(k.revokedAt)}` : 'active',
      ]);
      process.stdout.write(
        `${table([['ID', 'NAME', 'PLAN', 'SCOPES', 'CREATED', 'STATUS'], ...rows])}\n`,
      );
    });

  keys
    .command('revoke')
    .description(
      'Revoke an API key by id (or every active key with that name); takes effect at once',
    )
    .argument('<id-or-name>')
    .option('--data <dir>', 'data folder (default $FACEGATE_DATA or ./data)')
    .action(async (idOrName: string, flags: { data?: string }) => {
      const n = await withKeyStore(dataDirOf(flags.data), (store) => store.revokeKey(idOrName));
      if (n === 0) throw new Error(`no active API key "${idOrName}"`);
      process.stdout.write(`Revoked ${n} API key${n > 1 ? 's' : ''}.\n`);
    });
}
