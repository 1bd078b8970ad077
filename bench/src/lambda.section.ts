/**
 * The Search API's Lambda bundle: built with `npm run build:lambda -w apps/lambda`, its size, and
 * its cold initialisation — a fresh Node process importing the bundle and invoking nothing.
 * @module
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './datasets.js';
import { fmt, percentile } from './stats.js';

const run = promisify(execFile);

export interface LambdaResult {
  bundle: string;
  bytes: number;
  coldInitP50Ms: number;
  coldInitRunsMs: number[];
}

export async function lambdaSection(opts: {
  runs: number;
  log: (line: string) => void;
}): Promise<LambdaResult> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await run(npm, ['run', 'build:lambda', '-w', 'apps/lambda'], {
    cwd: repoRoot,
    timeout: 180_000,
  });
  const bundle = path.join(repoRoot, 'apps/lambda/dist/lambda.mjs');
  const bytes = fs.statSync(bundle).size;
  opts.log(`  ${path.relative(repoRoot, bundle)}: ${bytes} bytes`);
  const runs: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const t = performance.now(); await import(${JSON.stringify(bundle)}); ` +
          'process.stdout.write(String(performance.now() - t));',
      ],
      {
        timeout: 60_000,
        env: {
          ...process.env,
          AWS_REGION: process.env.AWS_REGION ?? 'ap-northeast-1',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      },
    );
    runs.push(Number(stdout.trim()));
  }
  const coldInitP50Ms = percentile(runs, 0.5);
  opts.log(`  cold import p50 ${fmt(coldInitP50Ms)} ms (${runs.map((r) => fmt(r)).join(', ')})`);
  return {
    bundle: path.relative(repoRoot, bundle),
    bytes,
    coldInitP50Ms,
    coldInitRunsMs: runs,
  };
}

/** The section of docs/benchmarks.md. */
export function renderLambda(l: LambdaResult): string[] {
  return [
    '## Lambda bundle',
    '',
    `\`npm run build:lambda -w apps/lambda\` → \`${l.bundle}\`: **${l.bytes} bytes (${fmt(l.bytes / 1024)} KiB)**, ` +
      `AWS SDK inside. Cold initialisation — \`import()\` of the bundle in a fresh \`node -e\` process, ` +
      `nothing invoked — median of ${l.coldInitRunsMs.length}: **${fmt(l.coldInitP50Ms, 0)} ms** ` +
      `(runs: ${l.coldInitRunsMs.map((r) => fmt(r, 0)).join(', ')} ms).`,
    '',
  ];
}
