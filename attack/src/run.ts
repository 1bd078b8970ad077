/**
 * `npm run attack`: runs the whole suite against a fresh `facegate serve` and writes
 * docs/attack.md. `--quick` runs a small version (minutes less) and writes nothing unless
 * `--out` is given. Bounded: every loop has a count and every request a deadline.
 * @module
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderReport } from './report.js';
import { runSuite, type SuiteOptions } from './suite.js';
import { repoRoot } from './target.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outArg = args.indexOf('--out');
const out =
  outArg >= 0 ? args[outArg + 1] : quick ? undefined : path.join(repoRoot, 'docs/attack.md');

const options: SuiteOptions = {
  perEndpoint: quick ? 150 : 600,
  bigPostBytes: quick ? 256 * 1024 * 1024 : 1024 ** 3,
  huge: !quick,
  parts: ['fuzz', 'bodies', 'big-post', 'sigv4', 'traversal', 'import-kill', 'starvation', 'load'],
  quickScenarios: quick,
  deadlineMs: 60_000,
  concurrency: 4,
  log: (l) => process.stderr.write(`${l}\n`),
};

const result = await runSuite(options);
const report = renderReport(result, options, `npm run attack${quick ? ' -- --quick' : ''}`);
if (out) {
  // Formatted as the repo's Prettier settings would, so the file stays stable under `npm run format`.
  const prettier = await import('prettier');
  const config = (await prettier.resolveConfig(out)) ?? {};
  writeFileSync(out, await prettier.format(report, { ...config, parser: 'markdown' }));
}
process.stdout.write(report);
const fuzzBad = [...result.tallies.values()].some((t) => t.fiveXX > 0 || t.hangs > 0);
process.exitCode = fuzzBad || result.crashes > 0 || result.checks.some((c) => !c.passed) ? 1 : 0;
