/**
 * The attack suite: one `facegate serve` child, the fuzzing of the four endpoints, the edge
 * cases, then the scenarios, each bounded in count and time. Returns everything the report
 * (report.ts) and the npm test subset (attack.test.ts) need.
 * @module
 */
import { bigChunkedPost, oversizedBodies, sigv4Tampering, traversal } from './edge.cases.js';
import { buildFuzzCases, ENDPOINTS, FUZZ_COLLECTION, type Endpoint } from './fuzz.cases.js';
import { hit } from './http.js';
import { badImages, facePhoto } from './images.js';
import { Tally, check, type Check } from './result.js';
import { importKillScenario } from './scenarios/import-kill.scenario.js';
import { loadScenario } from './scenarios/load.scenario.js';
import type { Scenario } from './scenarios/scenario.js';
import { starvationScenario } from './scenarios/starvation.scenario.js';
import { rekognitionRequest } from './sigv4.js';
import { startTarget, type Target } from './target.js';

export interface SuiteOptions {
  /** Fuzz requests per endpoint. */
  perEndpoint: number;
  /** Size of the unauthenticated chunked POST (0: skip). */
  bigPostBytes: number;
  /** Include the 80 MP PNG. */
  huge: boolean;
  /** Which parts run. */
  parts: Array<
    'fuzz' | 'bodies' | 'big-post' | 'sigv4' | 'traversal' | 'import-kill' | 'starvation' | 'load'
  >;
  quickScenarios: boolean;
  /** The per-request deadline that counts as a hang. */
  deadlineMs: number;
  concurrency: number;
  log?: (line: string) => void;
}

export interface SuiteResult {
  startedAt: string;
  seconds: number;
  tallies: Map<Endpoint, Tally>;
  checks: Check[];
  crashes: number;
  rss: {
    start: number;
    afterFuzz: number;
    end: number;
    bigPost?: { idle: number; peak: number; after: number };
  };
  serverTail: string;
}

/** The scenarios, swappable (see scenarios/scenario.ts). */
export const SCENARIOS: Record<'import-kill' | 'starvation' | 'load', Scenario> = {
  'import-kill': importKillScenario,
  starvation: starvationScenario,
  load: loadScenario,
};

async function seed(t: Target): Promise<void> {
  await hit(
    t.url,
    rekognitionRequest(
      t.url,
      'CreateCollection',
      JSON.stringify({ CollectionId: FUZZ_COLLECTION }),
      t.keys,
    ),
    60_000,
  );
  for (const [collection, n] of [
    [FUZZ_COLLECTION, 1],
    ['default', 2],
  ] as const) {
    const body = JSON.stringify({
      CollectionId: collection,
      Image: { Bytes: facePhoto(n).toString('base64') },
      ExternalImageId: `Seed_${n}`,
      MaxFaces: 1,
    });
    await hit(t.url, rekognitionRequest(t.url, 'IndexFaces', body, t.keys), 120_000);
  }
}

export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const t = await startTarget();
  const checks: Check[] = [];
  const tallies = new Map<Endpoint, Tally>(ENDPOINTS.map((e) => [e, new Tally()]));
  let crashes = 0;
  const alive = (after: string) => {
    const exit = t.exited();
    if (exit) {
      crashes++;
      checks.push(
        check('crash', `server died after ${after}`, false, `${exit}: ${t.stderrTail()}`),
      );
    }
    return !exit;
  };
  try {
    await seed(t);
    const rss: SuiteResult['rss'] = { start: t.rssMb(), afterFuzz: 0, end: 0 };
    if (options.parts.includes('fuzz')) {
      const cases = buildFuzzCases(
        t.url,
        t.keys,
        t.apiKey,
        await badImages({ huge: options.huge }),
        options.perEndpoint,
      );
      log(`fuzzing: ${cases.length} requests`);
      let next = 0;
      const worker = async () => {
        while (next < cases.length && !t.exited()) {
          const c = cases[next++]!;
          tallies.get(c.endpoint)!.add(c.label, await hit(t.url, c.make(), options.deadlineMs));
          if (next % 200 === 0) log(`  ${next}/${cases.length}`);
        }
      };
      await Promise.all(Array.from({ length: options.concurrency }, worker));
      alive('fuzzing');
    }
    rss.afterFuzz = t.rssMb();
    const step = async (part: SuiteOptions['parts'][number], run: () => Promise<Check[]>) => {
      if (!options.parts.includes(part) || t.exited()) return;
      log(part);
      checks.push(...(await run()));
      alive(part);
    };
    await step('bodies', () => oversizedBodies(t));
    await step('sigv4', () => sigv4Tampering(t));
    await step('traversal', () => traversal(t));
    for (const name of ['import-kill', 'starvation', 'load'] as const)
      await step(name, async () => [
        await SCENARIOS[name].run(t, { quick: options.quickScenarios }),
      ]);
    // Last: on a server that buffers bodies it leaves the process gigabytes larger.
    await step('big-post', async () => {
      if (options.bigPostBytes <= 0) return [];
      const r = await bigChunkedPost(t, options.bigPostBytes, 512);
      rss.bigPost = { idle: r.idle, peak: r.peak, after: r.after };
      return [r.check];
    });
    rss.end = t.rssMb();
    return {
      startedAt,
      seconds: (performance.now() - started) / 1000,
      tallies,
      checks,
      crashes,
      rss,
      serverTail: t.stderrTail(),
    };
  } finally {
    await t.stop();
  }
}
