/**
 * `npm run bench`: measures the engine (and the plain face-api baseline beside it) and writes
 * docs/benchmarks.md. One file per section; `--quick` runs a subset; `--sections=a,b` picks some
 * (lfw, latency, http, throughput, detection, far, search, lambda, web).
 * @module
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine } from '@facegate/engine';
import { datasetsDir, repoRoot } from './datasets.js';
import { loadBaseline } from './baseline.js';
import { lfwAccuracy } from './lfw-accuracy.section.js';
import { startBaselinePool } from './baseline-pool.js';
import { latency } from './latency.section.js';
import { throughput } from './throughput.section.js';
import { detection } from './detection.section.js';
import { rekognitionHttp } from './rekognition-http.section.js';
import { farSection } from './far.section.js';
import { searchSection } from './search.section.js';
import { lambdaSection } from './lambda.section.js';
import { webSection } from './web.section.js';
import { opensetSection } from './openset.section.js';
import { attributesSection } from './attributes.section.js';
import { renderReport, type Report } from './report.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--sections='))
  ?.slice('--sections='.length)
  .split(',');
const wants = (s: string) => !only || only.includes(s);
/** Sections too long for the default run (~30 min each): only when named in --sections. */
const wantsNamed = (s: string) => only?.includes(s) ?? false;
const out =
  args.find((a) => a.startsWith('--out='))?.slice(6) ?? path.join(repoRoot, 'docs/benchmarks.md');
/** `git rev-parse --short HEAD`, plus " dirty" when the tree has changes (or "unknown"). */
function gitCommit(): string {
  try {
    const git = (...a: string[]) =>
      execFileSync('git', a, {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    const head = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain').length > 0 ? `${head} dirty` : head;
  } catch {
    return 'unknown';
  }
}
const log = (line: string) =>
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(datasetsDir(), 'lfw/pairs.csv'))) {
    throw new Error(`no datasets at ${datasetsDir()} (set FACEGATE_DATASETS)`);
  }
  const started = Date.now();
  const jsonOut = out.replace(/\.md$/, '.json');
  // With --sections, the other sections keep their last measured figures (each is stamped). A
  // full run keeps what it does not measure itself: the sections run only when named, and the
  // history of 1280-px latencies.
  const last: Partial<Report> = fs.existsSync(jsonOut)
    ? (JSON.parse(fs.readFileSync(jsonOut, 'utf8')) as Partial<Report>)
    : {};
  const previous: Partial<Report> = only
    ? last
    : {
        baselineLfw: last.baselineLfw,
        latencyHistory: last.latencyHistory,
        throughputHistory: last.throughputHistory,
        measured: last.measured?.['baseline-lfw']
          ? { 'baseline-lfw': last.measured['baseline-lfw'] }
          : {},
      };
  const report: Report = {
    ...previous,
    quick,
    startedAt: new Date(),
    minutes: 0,
    loadBefore: os.loadavg(),
    measured: { ...(previous.measured ?? {}) },
  };
  const stamp = (section: string) => {
    report.measured[section] = {
      at: new Date().toISOString(),
      load: os.loadavg(),
      quick,
      commit: gitCommit(),
    };
  };
  log(`datasets: ${datasetsDir()}${quick ? ' (quick)' : ''}`);
  const engine = await createEngine({ log });
  try {
    const baseline = wants('latency') || wants('detection') ? await loadBaseline() : undefined;
    if (wants('latency')) {
      log('latency: engine vs face-api baseline, one client');
      stamp('latency');
      report.latency = await latency(engine, baseline, {
        sizes: quick
          ? [
              [250, 8],
              [1280, 8],
              [4000, 4],
            ]
          : [
              [250, 30],
              // The size with the latency target: more photos for a steadier median.
              [1280, 60],
              [4000, 12],
            ],
        // Several small faces: no one-face fast path (the largest face is far under 20 % of the frame).
        smallFaces: quick
          ? [
              [1280, 4, 4],
              [4000, 2, 6],
            ]
          : [
              [1280, 20, 4],
              [4000, 8, 6],
            ],
        log,
      });
      // The machine's speed drifts by a third between quiet and busy spells: keep the 1280-px
      // figures of recent full-size runs so one run is read against the others.
      const at1280 = report.latency.find((x) => x.size === '1280×960');
      if (at1280 && !quick) {
        report.latencyHistory = [
          ...(report.latencyHistory ?? []),
          {
            at: new Date().toISOString(),
            engineP50: at1280.engineP50,
            baselineP50: at1280.baselineP50,
          },
        ].slice(-12);
      }
    }
    if (wants('http')) {
      log('SearchFacesByImage over HTTP (startServer + AWS SDK)');
      stamp('http');
      report.http = await rekognitionHttp(engine, { n: quick ? 8 : 30, log });
    }
    if (wants('throughput')) {
      log('throughput: 1 vs 2 clients');
      stamp('throughput');
      report.throughput = await throughput(engine, { requests: quick ? 10 : 60, log });
      // Every run's figures, both ways (steady state, and timed until both clients were done).
      report.throughputHistory = [
        ...(report.throughputHistory ?? []),
        {
          at: new Date().toISOString(),
          commit: report.measured.throughput!.commit,
          quick,
          oneClientPerSecond: report.throughput.oneClientPerSecond,
          twoClientsPerSecond: report.throughput.twoClientsPerSecond,
          ratio: report.throughput.ratio,
          ratioUntilBothDone: report.throughput.ratioUntilBothDone,
        },
      ].slice(-40);
    }
    if (wants('detection')) {
      log('detection: group and no-face photos');
      stamp('detection');
      report.detection = await detection(engine, baseline, log);
    }
    if (wants('lfw')) {
      log(`LFW verification, folds ${quick ? '0–1 (100 pairs each)' : '0–4'}`);
      stamp('lfw');
      report.lfw = await lfwAccuracy(
        engine,
        quick
          ? { folds: [0, 1], maxPairsPerFold: 100, cached: true, log }
          : { folds: [0, 1, 2, 3, 4], cached: true, log },
      );
      log(
        `  accuracy ${(report.lfw.mean * 100).toFixed(2)} % ± ${(report.lfw.std * 100).toFixed(2)}`,
      );
    }
    if (wantsNamed('baseline-lfw')) {
      log('LFW verification of the plain face-api baseline, folds 0–4, one baseline per core');
      stamp('baseline-lfw');
      const pool = await startBaselinePool();
      try {
        report.baselineLfw = await lfwAccuracy(pool, { folds: [0, 1, 2, 3, 4], log });
      } finally {
        await pool.close();
      }
      log(
        `  baseline accuracy ${(report.baselineLfw.mean * 100).toFixed(2)} % ± ${(report.baselineLfw.std * 100).toFixed(2)}`,
      );
    }
    if (wants('far')) {
      log('far: all pairs of lfw/identification.csv, and open-set identification');
      stamp('far');
      report.far = await farSection(engine, { heldOutEveryNthPerson: quick ? 8 : 1, log });
    }
    if (wants('attributes')) {
      log('attributes: Smile and MouthOpen on labelled LFW photos');
      stamp('attributes');
      report.attributes = await attributesSection(engine, { log });
    }
    if (wants('openset')) {
      log(
        'openset: who is this? over the whole LFW gallery, with strangers (real FaceService + SQLite)',
      );
      stamp('openset');
      report.openset = await opensetSection(engine, {
        log,
        plotFile: path.join(path.dirname(out), 'openset.png'),
        ...(quick ? { limit: 400 } : {}),
      });
    }
  } finally {
    await engine.close();
  }
  // These start their own processes: the engine above is closed so they have the cores.
  if (wants('search')) {
    log('search: /prod/search overhead and 8 concurrent clients (bench-search.mjs --json)');
    stamp('search');
    report.search = await searchSection({
      durationS: quick ? 10 : 60,
      clients: 8,
      samples: quick ? 10 : 40,
      log,
    });
  }
  if (wants('lambda')) {
    log('lambda: bundle size and cold initialisation');
    stamp('lambda');
    report.lambda = await lambdaSection({ runs: 5, log });
  }
  if (wants('web')) {
    log('web: phone app JavaScript and CSS, gzipped');
    stamp('web');
    report.web = await webSection({ log });
  }
  report.minutes = (Date.now() - started) / 60_000;
  fs.writeFileSync(out, renderReport(report));
  fs.writeFileSync(jsonOut, `${JSON.stringify(report, null, 1)}\n`);
  log(`wrote ${path.relative(process.cwd(), out)} in ${report.minutes.toFixed(1)} min`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
