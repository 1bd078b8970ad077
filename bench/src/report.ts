/** Renders docs/benchmarks.md from the sections' results. @module */
import os from 'node:os';
import { COSINE_AT_80, COSINE_AT_90, MODEL_VERSION } from '@facegate/engine';
import type { LfwResult } from './lfw-accuracy.section.js';
import type { LatencyRow } from './latency.section.js';
import type { ThroughputResult } from './throughput.section.js';
import type { DetectionRow } from './detection.section.js';
import type { HttpResult } from './rekognition-http.section.js';
import { renderFar, type FarResult } from './far.section.js';
import { renderSearch, type SearchResult } from './search.section.js';
import { renderLambda, type LambdaResult } from './lambda.section.js';
import { renderWeb, type WebResult } from './web.section.js';
import { SHIPPED_FIT_HALF } from './heldout.js';
import { renderOpenset, type OpensetResult } from './openset.section.js';
import { renderAttributes, type AttributesResult } from './attributes.section.js';
import { fmt } from './stats.js';

export interface Report {
  quick: boolean;
  startedAt: Date;
  minutes: number;
  loadBefore: number[];
  /** When each section was last measured, the load average then, and whether it was --quick. */
  measured: Record<string, { at: string; load: number[]; quick: boolean; commit?: string }>;
  lfw?: LfwResult;
  /** The face-api baseline on the same pairs (section `baseline-lfw`, only when asked for). */
  baselineLfw?: LfwResult;
  latency?: LatencyRow[];
  /** 1280-px p50s of recent full-size latency runs (the latest last), engine and baseline. */
  latencyHistory?: Array<{ at: string; engineP50: number; baselineP50: number }>;
  throughput?: ThroughputResult;
  /** Every throughput run (the latest last), with both ratios and the commit it measured. */
  throughputHistory?: Array<{
    at: string;
    commit?: string;
    quick: boolean;
    oneClientPerSecond: number;
    twoClientsPerSecond: number;
    ratio: number;
    ratioUntilBothDone?: number;
  }>;
  detection?: DetectionRow[];
  http?: HttpResult;
  far?: FarResult;
  openset?: OpensetResult;
  attributes?: AttributesResult;
  search?: SearchResult;
  lambda?: LambdaResult;
  web?: WebResult;
}

const pct = (v: number, d = 2) => `${fmt(v * 100, d)} %`;

const mark = (ok: boolean | undefined) =>
  ok === undefined ? 'not measured' : ok ? 'met' : '**not met**';

/** The issue's targets against this report's figures. */
function targets(r: Report): string[] {
  const l = r.lfw;
  const far80 = l?.rates.find(([t]) => t === 80);
  const heldOpen = r.openset?.runs
    .find((x) => x.label.startsWith('SearchFacesByImage') && x.label.includes('held-out'))
    ?.rows.find((x) => x.t === 80);
  const allOpen = r.openset?.runs
    .find((x) => x.label.startsWith('SearchFacesByImage') && x.label.includes('all people'))
    ?.rows.find((x) => x.t === 80);
  const usersCut = (half: string) =>
    r.openset?.runs.find((x) => x.label.startsWith('SearchUsersByImage') && x.label.includes(half))
      ?.byPhotos;
  const heldUsers3 = usersCut('held-out')?.groups.find((g) => g.photos === 3);
  const fitUsers3 = usersCut('fitting')?.groups.find((g) => g.photos === 3);
  const at1280 = r.latency?.find((x) => x.size === '1280×960');
  const rows: Array<[string, string, boolean | undefined]> = [
    [
      'LFW accuracy (folds 0–4) ≥ 99.0 %',
      l ? `${pct(l.mean)} ± ${pct(l.std)}` : 'n/a',
      l && l.folds.length === 5 ? l.mean >= 0.99 : undefined,
    ],
    [
      `FAR at similarity 80 ≤ 0.1 % (LFW verification, ${l ? l.pairs / 2 : 1500} different-person pairs; partly in-sample: about half their people are in half 0, where the constants were fitted)`,
      far80 ? pct(far80[1]) : 'n/a',
      far80 ? far80[1] <= 0.001 : undefined,
    ],
    [
      'open-set, held-out half at the default 80: strangers named ≤ 5 % and enrolled people named correctly ≥ 90 % (issue 11)',
      heldOpen
        ? `strangers ${pct(heldOpen.strangers, 1)}, named ${pct(heldOpen.named, 1)}, wrong ${pct(heldOpen.wrong, 1)}`
        : 'n/a',
      heldOpen ? heldOpen.strangers <= 0.05 && heldOpen.named >= 0.9 : undefined,
    ],
    [
      "open-set, all 747 people enrolled (the issue's protocol; partly in-sample) at the default 80: strangers named ≤ 5 % and named correctly ≥ 90 %",
      allOpen
        ? `strangers ${pct(allOpen.strangers, 1)}, named ${pct(allOpen.named, 1)}, wrong ${pct(allOpen.wrong, 1)}`
        : 'n/a',
      allOpen ? allOpen.strangers <= 0.05 && allOpen.named >= 0.9 : undefined,
    ],
    [
      'open-set, held-out half, Users API: people enrolled with 3 photos named correctly ≥ 95 % at the stranger rate of 1-photo face searches at 80 (issue 11)',
      heldUsers3
        ? `${pct(heldUsers3.namedAtCut, 1)} of ${heldUsers3.people} (strangers ${pct(usersCut('held-out')!.strangers, 1)}; at 80: ${pct(heldUsers3.namedAt80, 1)}); the fitting half, in-sample: ${fitUsers3 ? `${pct(fitUsers3.namedAtCut, 1)} of ${fitUsers3.people}` : 'n/a'}`
        : 'n/a',
      heldUsers3 ? heldUsers3.namedAtCut >= 0.95 : undefined,
    ],
    ...(l?.query
      ? [
          [
            'same, searches: each pair as (stored, one-pass query embedding), ≥ 99.0 %',
            `${pct(l.query.mean)} ± ${pct(l.query.std)}`,
            l.folds.length === 5 ? l.query.mean >= 0.99 : undefined,
          ] as [string, string, boolean | undefined],
          [
            'same-person pairs ≥ 90, searches: most',
            pct(l.query.rates.find(([t]) => t === 90)![2], 1),
            l.query.rates.find(([t]) => t === 90)![2] > 0.5,
          ] as [string, string, boolean | undefined],
        ]
      : []),
    [
      'SearchFacesByImage (engine) p50 ≤ 150 ms at 1280 px',
      at1280
        ? `${fmt(at1280.engineP50, 0)} ms (over HTTP: ${r.http ? `${fmt(r.http.p50, 0)} ms` : 'n/a'})`
        : 'n/a',
      at1280 ? at1280.engineP50 <= 150 : undefined,
    ],
    [
      '≥ 2× faster than the face-api baseline at 1280 px',
      at1280 ? `${fmt(at1280.baselineP50 / at1280.engineP50, 2)}×` : 'n/a',
      at1280 ? at1280.baselineP50 / at1280.engineP50 >= 2 : undefined,
    ],
    [
      '2 clients ≥ 1.7× one client (steady state; tail included in brackets)',
      r.throughput
        ? `${fmt(r.throughput.ratio, 2)}× (${r.throughput.ratioUntilBothDone === undefined ? 'n/a' : `${fmt(r.throughput.ratioUntilBothDone, 2)}×`})`
        : 'n/a',
      r.throughput ? r.throughput.ratio >= 1.7 : undefined,
    ],
    ...moreTargets(r),
  ];
  return [
    '## Targets',
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...rows.map(([t, v, ok]) => `| ${t} | ${v} | ${mark(ok)} |`),
    '',
  ];
}

/** Targets of the far, search, lambda and web sections. */
function moreTargets(r: Report): Array<[string, string, boolean | undefined]> {
  const far80 = r.far?.rates.find(([t]) => t === 80);
  const qFar80 = r.far?.query?.rates.find(([t]) => t === 80);
  const o = r.search?.overhead;
  const l = r.search?.load;
  const held = r.far?.heldOut;
  const outside = held?.shipped.find((x) => x.half !== SHIPPED_FIT_HALF);
  return [
    ...(held
      ? held.halves.map(
          (h) =>
            [
              `FAR at 80 ≤ 0.1 %, **held out**: fitted on half ${h.fitHalf} of the LFW people, measured on half ${1 - h.fitHalf} (${h.test.differentPairs} different-person pairs)`,
              `${pct(h.test.far80, 3)} (TAR ${pct(h.test.tar80, 1)}; at 90: FAR ${pct(h.test.far90, 3)}, TAR ${pct(h.test.tar90, 1)})`,
              h.test.far80 <= 0.001,
            ] as [string, string, boolean | undefined],
        )
      : []),
    ...(outside
      ? [
          [
            `FAR at 80 ≤ 0.1 %, shipped constants on the people they were not fitted on (half ${outside.half}: ${outside.test.people} people, ${outside.test.differentPairs} pairs)`,
            `${pct(outside.test.far80, 4)} (TAR ${pct(outside.test.tar80, 1)}; at 90: FAR ${pct(outside.test.far90, 4)}, TAR ${pct(outside.test.tar90, 1)})`,
            outside.test.far80 <= 0.001,
          ] as [string, string, boolean | undefined],
        ]
      : []),
    [
      `FAR at similarity 80 on all ${r.far ? r.far.differentPairs : '~308 k'} different-person pairs of the identification set ≤ 0.1 % (partly in-sample: its people are in both halves)`,
      far80 ? `${pct(far80[1], 3)} (TAR ${pct(far80[2], 1)})` : 'n/a',
      far80 ? far80[1] <= 0.001 : undefined,
    ],
    ...(qFar80
      ? [
          [
            `same, searches (stored vs one-pass query embedding, ${r.far!.query!.differentPairs} pairs) ≤ 0.1 % (in-sample)`,
            `${pct(qFar80[1], 3)} (TAR ${pct(qFar80[2], 1)})`,
            qFar80[1] <= 0.001,
          ] as [string, string, boolean | undefined],
        ]
      : []),
    [
      '/search overhead over SearchFacesByImage p50 ≤ 5 ms (per request: its HTTP time − its own engine call)',
      o ? `${fmt(o.overheadP50Ms, 2)} ms (p99 ${fmt(o.overheadP99Ms, 2)} ms)` : 'n/a',
      o ? o.overheadP50Ms <= 5 : undefined,
    ],
    [
      '/search overhead ≤ 5 ms, the other way: HTTP p50 − engine p50 of the same run',
      o
        ? `${fmt(o.searchP50Ms - o.engineP50Ms, 2)} ms (${o.searchP50Ms} − ${o.engineP50Ms} ms)`
        : 'n/a',
      o ? o.searchP50Ms - o.engineP50Ms <= 5 : undefined,
    ],
    [
      '/search, 8 concurrent clients: no status but 200, 429, 503',
      l
        ? `${l.requests} requests: ${Object.entries(l.statuses)
            .map(([k, n]) => `${k} × ${n}`)
            .join(', ')}${l.networkFailures ? `, ${l.networkFailures} network failures` : ''}`
        : 'n/a',
      l ? l.onlyOk429or503 : undefined,
    ],
    [
      'Lambda bundle ≤ 1 MB',
      r.lambda ? `${fmt(r.lambda.bytes / 1024)} KiB` : 'n/a',
      r.lambda ? r.lambda.bytes <= 1024 * 1024 : undefined,
    ],
    [
      'phone web app JavaScript ≤ 120 KB gzipped',
      r.web ? `${fmt(r.web.jsGzipKB)} KB` : 'n/a',
      r.web ? r.web.jsGzipKB <= 120 : undefined,
    ],
  ];
}

export function renderReport(r: Report): string {
  const out: string[] = [];
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  out.push('# Benchmarks', '');
  out.push(
    `Written by \`npm run bench\`${r.quick ? ' (**--quick**: a subset, not the figures of record)' : ''} on ` +
      `${r.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${os.availableParallelism()} × ${cpu}, ` +
      `Node ${process.version}, engine ${MODEL_VERSION} (TensorFlow.js WASM, SIMD, one thread per worker). ` +
      `The machine is shared with other builds: latencies are medians and the baseline is measured ` +
      `interleaved with the engine. Each section below was measured at (UTC, commit, 1-min load average, --quick?): ` +
      Object.entries(r.measured)
        .map(
          ([k, m]) =>
            `${k} ${m.at.slice(0, 16).replace('T', ' ')} (${m.commit ? `\`${m.commit}\`, ` : 'commit not recorded, '}load ${m.load[0]!.toFixed(1)}${m.quick ? ', quick' : ''})`,
        )
        .join('; ') +
      '.',
    '',
  );
  out.push(...targets(r));
  if (r.lfw) {
    const l = r.lfw;
    out.push('## LFW verification', '');
    out.push(
      `View-2 pairs of folds ${l.folds.join(', ')} (${l.pairs} pairs, ${l.photos} photos). For each fold the ` +
        `cosine threshold is picked on the other folds and tested on it. The face taken from each photo is ` +
        `the one nearest its centre. No face found in ${l.noFace} photos (such pairs count as "different").`,
      '',
      '| | accuracy (mean ± std over folds) | per fold |',
      '|---|---|---|',
      `| facegate engine | **${pct(l.mean)} ± ${pct(l.std)}** | ${l.foldAccuracy.map((a) => pct(a, 1)).join(', ')} |`,
      ...(l.query
        ? [
            `| facegate engine, searches: each pair both ways as (stored, one-pass query embedding) | ${pct(l.query.mean)} ± ${pct(l.query.std)} | ${l.query.foldAccuracy.map((a) => pct(a, 1)).join(', ')} |`,
          ]
        : []),
      r.baselineLfw
        ? `| plain face-api (SSD on the whole photo at its default minConfidence 0.5, its own crop), same pairs, measured ${r.measured['baseline-lfw']?.at.slice(0, 16).replace('T', ' ') ?? ''}: no face in ${r.baselineLfw.noFace} photos, whose pairs count as "different" (../shared/notes/engine-probes.md: 96.8 % on folds 0–1 at minConfidence 0.2, 34 photos without a face) | ${pct(r.baselineLfw.mean)} ± ${pct(r.baselineLfw.std)} | ${r.baselineLfw.foldAccuracy.map((a) => pct(a, 1)).join(', ')} |`
        : `| plain face-api (SSD, its own crop), quoted from ../shared/notes/engine-probes.md (folds 0–1) | 96.8 % | not re-measured here (section \`baseline-lfw\`) |`,
      '',
      `Engine time per LFW photo with the pool busy: ${fmt(l.msPerPhoto, 0)} ms (2 workers, 4 requests in flight).`,
      '',
      '### Calibrated similarity: false-accept and true-accept rates',
      '',
      `Score = logistic in the cosine with 80 at cosine ${COSINE_AT_80} and 90 at ${COSINE_AT_90} ` +
        '(`similarityFromCosine` in packages/engine/src/similarity.ts). Over all pairs above, about half of whose ' +
        'people are in half 0, where the constants were fitted (partly in-sample; the held-out figures are in the ' +
        'false-accept section below):',
      '',
      '| threshold | FAR (different-person pairs ≥ threshold) | TAR (same-person pairs ≥ threshold) |',
      '|---|---|---|',
      ...l.rates.map(
        ([t, far, tar]) => `| ${t}${t === 80 ? ' (default)' : ''} | ${pct(far)} | ${pct(tar, 1)} |`,
      ),
      '',
      `Median same-person score: ${fmt(l.sameMedianScore)}. Highest cosines among different-person pairs: ` +
        `${(l.topDifferent ?? []).map((c) => fmt(c, 4)).join(', ')}; 10th percentile of same-person pairs: ${fmt(l.cosineSameP10, 4)}.`,
      '',
    );
  }
  if (r.latency) {
    out.push('## Latency, one client', '');
    out.push(
      'Engine: `engine.detect(photo, { maxFaces: 1 })` — what SearchFacesByImage asks of it: decode, detect, ' +
        'landmarks, descriptor of the largest face and of its mirror image — and, for reference, `engine.detect(photo)` embedding every face. Baseline: plain @vladmandic/face-api on the same WASM backend — the whole photo ' +
        'decoded by sharp, SSD MobileNet v1, 68 landmarks, descriptor — interleaved photo by photo. LFW photos, ' +
        'enlarged in memory to the larger sizes (4:3, JPEG q90): one face of ≥ 20 % of the frame, which takes the ' +
        "engine's one-face fast path. The rows with small faces put several LFW photos of different people, each " +
        'shrunk to a tile of 16 % of the frame width, on a plain canvas (the largest face ~6 % of the width): every ' +
        'face must be found on the whole frame first.',
      '',
      '| photo | n | engine p50 | engine p95 | engine, all faces, p50 | baseline p50 | baseline p95 | speed-up (p50) | photos with a face, engine / baseline | faces per photo, engine all faces |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...r.latency.map(
        (x) =>
          `| ${x.size} | ${x.n} | **${fmt(x.engineP50, 0)} ms** | ${fmt(x.engineP95, 0)} ms | ${fmt(x.engineAllP50, 0)} ms | ${fmt(x.baselineP50, 0)} ms | ` +
          `${fmt(x.baselineP95, 0)} ms | ${fmt(x.baselineP50 / x.engineP50, 2)}× | ${x.engineFound} / ${x.baselineFound} of ${x.n} | ` +
          `${x.engineFacesPerPhoto === undefined ? 'n/a' : `${fmt(x.engineFacesPerPhoto, 1)} of ${x.faces ?? 1}`} |`,
      ),
      '',
    );
    const h = r.latencyHistory ?? [];
    if (h.length > 1) {
      const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
      out.push(
        `The 1280-px p50 of the last ${h.length} full-size runs of this section, each with the baseline beside it, ` +
          `shows how far one run depends on the machine's spell (UTC; engine / baseline): ` +
          h
            .map(
              (x) =>
                `${x.at.slice(5, 16).replace('T', ' ')} ${fmt(x.engineP50, 0)} / ${fmt(x.baselineP50, 0)} ms`,
            )
            .join('; ') +
          `. Median engine p50 ${fmt(median(h.map((x) => x.engineP50)), 0)} ms; runs with the baseline under 700 ms: ` +
          `${
            h
              .filter((x) => x.baselineP50 < 700)
              .map((x) => fmt(x.engineP50, 0) + ' ms')
              .join(', ') || 'none'
          }.`,
        '',
      );
    }
  }
  if (r.http) {
    out.push(
      '## SearchFacesByImage over HTTP',
      '',
      `\`startServer\` from @facegate/server on loopback, AWS SDK v3 \`SearchFacesByImageCommand\` with a 1280×960 ` +
        `one-face JPEG against a collection of ${r.http.n} people (their other LFW photo indexed): p50 **${fmt(r.http.p50, 0)} ms**, ` +
        `p95 ${fmt(r.http.p95, 0)} ms; the right person was the top match at threshold 80 for ${r.http.correct} of ${r.http.n}.` +
        (r.http.engineP50 !== undefined && r.http.overheadP50 !== undefined
          ? ` Interleaved photo by photo with the HTTP calls, the engine alone took p50 ${fmt(r.http.engineP50, 0)} ms on the same photos: ` +
            `HTTP, SigV4, JSON/base64 and the collection search add a median ${fmt(r.http.overheadP50, 1)} ms per request ` +
            `(HTTP p50 − engine p50 of the run: ${fmt(r.http.p50 - r.http.engineP50, 1)} ms).`
          : ''),
      '',
    );
  }
  if (r.throughput) {
    const t = r.throughput;
    out.push(
      '## Throughput, 1 vs 2 concurrent clients',
      '',
      `1280-px one-face photos, ${t.requests} requests per client: 1 client ${fmt(t.oneClientPerSecond, 2)} req/s, ` +
        `2 clients ${fmt(t.twoClientsPerSecond, 2)} req/s: **${fmt(t.ratio, 2)}×** (requests as SearchFacesByImage makes them, maxFaces 1). ` +
        `The 1-client and 2-client rounds alternate (${t.rounds ?? 20} rounds of ${t.perRound ?? 6} requests per client, each photo in two rounds), so both see the same background load, ` +
        `and each rate is requests over summed time. A 2-client round counts each client's first ${t.perRound ?? 6} requests and keeps the client that finishes first busy ` +
        'until the other has finished too: every counted request ran beside another, as in the steady state (no tail where one client runs alone).' +
        (t.ratioUntilBothDone !== undefined
          ? ` Timed instead until the last client of each round had counted its requests (the tail included: a lower bound of how this benchmark measured it before): ${fmt(t.ratioUntilBothDone, 2)}×.`
          : ''),
      '',
    );
    const runs = (r.throughputHistory ?? []).filter((x) => !x.quick);
    if (runs.length > 0) {
      out.push(
        `Every full run of this section kept in docs/benchmarks.json (\`throughputHistory\`; UTC, commit: steady state / tail included): ` +
          runs
            .map(
              (x) =>
                `${x.at.slice(5, 16).replace('T', ' ')} \`${x.commit ?? '?'}\` ${fmt(x.ratio, 2)}× / ${x.ratioUntilBothDone === undefined ? 'n/a' : `${fmt(x.ratioUntilBothDone, 2)}×`}`,
            )
            .join('; ') +
          '.',
        '',
      );
    }
    if (t.computeRatio !== undefined) {
      out.push(
        `The ceiling on this machine, measured right after in the same way: the descriptor nets alone (ResNet chip + mirror, then faceres), with no decoding, ` +
          `no JS and no other threads, runs **${fmt(t.computeRatio, 2)}×** faster in two threads than in one ` +
          '(see docs/design/engine.md, "Two clients on two cores").',
        '',
      );
    }
  }
  if (r.detection) {
    out.push(
      '## Faces found in group and no-face photos',
      '',
      '| photo | faces (from its name) | engine | baseline |',
      '|---|---|---|---|',
    );
    for (const d of r.detection)
      out.push(`| ${d.photo} | ${d.expected ?? '?'} | ${d.engine} | ${d.baseline ?? 'n/a'} |`);
    out.push('');
  }
  if (r.far) out.push(...renderFar(r.far));
  if (r.attributes)
    out.push('## Face attributes (DetectionAttributes ALL)', '', ...renderAttributes(r.attributes));
  if (r.openset)
    out.push(
      '## Open-set identification: who is this, over a whole gallery',
      '',
      ...renderOpenset(r.openset),
    );
  if (r.search) out.push(...renderSearch(r.search));
  if (r.lambda) out.push(...renderLambda(r.lambda));
  if (r.web) out.push(...renderWeb(r.web));
  out.push(
    'Reproduce: `npm run bench` (full, ~15 min on 2 cores), `npm run bench -- --quick` (a subset), or ' +
      '`npm run bench -- --sections=latency,throughput` to re-measure some sections and keep the others ' +
      '(from docs/benchmarks.json). Sections: `latency`, `http`, `throughput`, `detection`, `lfw`, `far`, ' +
      '`search`, `lambda`, `web` (e.g. `npm run bench -- --sections=far,search,lambda,web`, ~6 min), and ' +
      '`baseline-lfw` (face-api’s own LFW accuracy, ~30 min, run only when named). Photos come from `FACEGATE_DATASETS` (default `../shared/datasets`).',
    '',
  );
  return out.join('\n');
}
