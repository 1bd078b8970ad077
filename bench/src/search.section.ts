/**
 * What the Search API (`POST /prod/search`) adds over the engine's SearchFacesByImage, and how it
 * holds up under 8 concurrent clients: runs packages/api/scripts/bench-search.mjs (its author's
 * measurement, loopback only, every loop bounded) in a child process with `--json`.
 * @module
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './datasets.js';

const run = promisify(execFile);

export interface SearchResult {
  overhead: {
    samples: number;
    engineP50Ms: number;
    searchP50Ms: number;
    overheadP50Ms: number;
    overheadP99Ms: number;
    probeBytes: number;
  };
  load: {
    clients: number;
    durationS: number;
    requests: number;
    throughputRps: number;
    statuses: Record<string, number>;
    networkFailures: number;
    onlyOk429or503: boolean;
    p50Ms: number;
    p99Ms: number;
  };
  appAlone: { samples: number; p50Ms: number; p99Ms: number };
}

export async function searchSection(opts: {
  durationS: number;
  clients: number;
  samples: number;
  log: (line: string) => void;
}): Promise<SearchResult> {
  const script = path.join(repoRoot, 'packages/api/scripts/bench-search.mjs');
  opts.log(
    `  ${path.relative(repoRoot, script)}: ${opts.samples} overhead samples, then ${opts.clients} clients × ${opts.durationS} s`,
  );
  const { stdout } = await run(
    process.execPath,
    [
      script,
      '--json',
      `--duration=${opts.durationS}`,
      `--clients=${opts.clients}`,
      `--samples=${opts.samples}`,
    ],
    {
      cwd: repoRoot,
      // The clients stop at their deadline; the rest is a few hundred engine calls. Never hang.
      timeout: (opts.durationS + 240) * 1000,
      killSignal: 'SIGKILL',
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  const json = stdout.slice(stdout.indexOf('{'));
  // The script also times the Lambda bundle; the `lambda` section reports that on its own.
  const { overhead, load, appAlone } = JSON.parse(json) as SearchResult;
  opts.log(
    `  overhead p50 ${overhead.overheadP50Ms} ms; ${load.requests} requests, statuses ` +
      `${JSON.stringify(load.statuses)}, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms`,
  );
  return { overhead, load, appAlone };
}

/** The section of docs/benchmarks.md. */
export function renderSearch(s: SearchResult): string[] {
  const o = s.overhead;
  const l = s.load;
  const statuses = Object.entries(l.statuses)
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');
  return [
    '## Search API (`POST /prod/search`)',
    '',
    '`packages/api/scripts/bench-search.mjs --json`: a facegate server on loopback with one person ' +
      `indexed; the probe is a ${o.probeBytes}-byte 640-px JPEG sent as a base64 data URL with an API key.`,
    '',
    '| figure | value |',
    '|---|---|',
    `| engine SearchFacesByImage in process, p50 (${o.samples} runs) | ${o.engineP50Ms} ms |`,
    `| POST /prod/search over HTTP, p50 | ${o.searchP50Ms} ms |`,
    `| overhead of /search per request (its HTTP latency − its own engine call), p50 / p99 | **${o.overheadP50Ms} ms** / ${o.overheadP99Ms} ms |`,
    `| overhead of /search the other way: HTTP p50 − engine p50 of the same run | **${(o.searchP50Ms - o.engineP50Ms).toFixed(2)} ms** |`,
    `| /search alone over HTTP with an instant engine (key, quota, parse, decode), p50 / p99 | ${s.appAlone.p50Ms} ms / ${s.appAlone.p99Ms} ms |`,
    `| ${l.clients} concurrent clients × ${l.durationS} s: requests, throughput | ${l.requests}, ${l.throughputRps} req/s |`,
    `| statuses | ${statuses}${l.networkFailures ? `, network failures: ${l.networkFailures}` : ''} |`,
    `| latency of the 200s under that load, p50 / p99 | ${l.p50Ms} ms / ${l.p99Ms} ms |`,
    '',
  ];
}
