/**
 * `facegate plans create|list`: usage plans as API Gateway has them (rate, burst, quota per
 * DAY, WEEK or MONTH), which API keys belong to.
 * @module
 */
import type { Command } from 'commander';
import { dataDirOf, table, withKeyStore } from './keys-data.js';

interface CreateFlags {
  name: string;
  rate?: string;
  burst?: string;
  quota?: string;
  period?: string;
  data?: string;
}

const num = (v: string | undefined, what: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new Error(`--${what} must be a number ≥ 0, not '${v}'`);
  return n;
};

export function register(program: Command): void {
  const plans = program.command('plans').description('Manage usage plans of the Search API');

  plans
    .command('create')
    .description('Create a usage plan')
    .requiredOption('--name <name>', 'plan name')
    .option('--rate <r>', 'steady requests per second (token refill rate)')
    .option('--burst <b>', 'requests allowed at once (bucket size)')
    .option('--quota <n>', 'requests per period')
    .option(
      '--period <p>',
      'quota period: DAY, WEEK or MONTH (default MONTH when --quota is given)',
    )
    .option('--data <dir>', 'data folder (default $FACEGATE_DATA or ./data)')
    .action(async (flags: CreateFlags) => {
      const { parsePeriod } = await import('@facegate/api/search/keys/index');
      const quota = num(flags.quota, 'quota');
      const rate = num(flags.rate, 'rate');
      const burst = num(flags.burst, 'burst');
      const period =
        flags.period !== undefined
          ? parsePeriod(flags.period)
          : quota !== undefined
            ? 'MONTH'
            : undefined;
      if (period !== undefined && quota === undefined) throw new Error('--period needs --quota');
      const plan = await withKeyStore(dataDirOf(flags.data), (store) =>
        store.createPlan({
          name: flags.name,
          ...(rate !== undefined ? { rate } : {}),
          ...(burst !== undefined ? { burst } : {}),
          ...(quota !== undefined ? { quota } : {}),
          ...(period !== undefined ? { period } : {}),
        }),
      );
      process.stdout.write(`Created usage plan ${plan.id} "${plan.name}".\n`);
    });

  plans
    .command('list')
    .description('List usage plans')
    .option('--data <dir>', 'data folder (default $FACEGATE_DATA or ./data)')
    .option('--json', 'print JSON')
    .action(async (flags: { data?: string; json?: boolean }) => {
      const list = await withKeyStore(dataDirOf(flags.data), (store) => store.listPlans());
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      const rows = list.map((p) => [
        p.id,
        p.name,
        p.rate?.toString() ?? '-',
        p.burst?.toString() ?? '-',
        p.quota ? `${p.quota.limit}/${p.quota.period}` : '-',
      ]);
      process.stdout.write(`${table([['ID', 'NAME', 'RATE', 'BURST', 'QUOTA'], ...rows])}\n`);
    });
}
