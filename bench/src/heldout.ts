/**
 * Calibration reported on people it never saw. The LFW people (all of lfw/images) are split in
 * two halves by `halfOf`; the score-80 and score-90 cosines are fitted on one half's pairs the
 * way the shipped constants were fitted (see `fitCosines`), and FAR/TAR at those cosines are
 * reported on the other half, then the other way round. The shipped COSINE_AT_80/90 are reported
 * on people disjoint from the ones they were fitted on.
 * @module
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  COSINE_AT_80,
  COSINE_AT_90,
  cosineSimilarity,
  similarityFromCosine,
} from '@facegate/engine';
import { datasetsDir } from './datasets.js';
import { embeddingsOf } from './embedding-cache.js';
import type { Describer } from './labelled-face.js';
import { halfOf } from './split.js';
import { cosineAtFar, fmt } from './stats.js';

/**
 * Score 80: the cosine that this share of different-person pairs reach (as COSINE_AT_80). Chosen
 * for open-set search, on the fitting half only: the largest per-pair FAR at which that half's
 * open-set protocol (368 people enrolled) names at most 5 % of strangers (4.7 % at 1.8e-4, 5.7 %
 * at 2e-4; bench/probes/calib2.ts).
 */
export const FIT_FAR_AT_80 = 1.8e-4;
/** Score 90: the cosine that this share of different-person pairs reach (as COSINE_AT_90): a fifth of 80's. */
export const FIT_FAR_AT_90 = 3.6e-5;

/** The half of the people the shipped constants were fitted on (packages/engine/src/similarity.ts). */
export const SHIPPED_FIT_HALF = 0;

export interface LfwPhoto {
  file: string;
  person: string;
}

/** Every photo of lfw/images/<person>/, sorted by person and file. */
export function allLfwPhotos(): LfwPhoto[] {
  const root = path.join(datasetsDir(), 'lfw/images');
  return fs
    .readdirSync(root)
    .sort()
    .flatMap((person) =>
      fs
        .readdirSync(path.join(root, person))
        .filter((f) => /\.(jpe?g|png)$/i.test(f))
        .sort()
        .map((f) => ({ file: path.join(root, person, f), person })),
    );
}

interface Embedded {
  person: string;
  index?: Float32Array;
}

/** Cosines of every pair of a set of photos; a photo without a face scores −1 against anything. */
export interface PairCosines {
  people: number;
  photos: number;
  same: Float32Array;
  diff: Float32Array;
}

/**
 * Every unordered pair, stored embedding against stored embedding: how the shipped constants were
 * fitted, and what SearchFacesByImage compares (its query is embedded like a stored face).
 */
export function pairCosines(photos: Embedded[]): PairCosines {
  const n = photos.length;
  let sameCount = 0;
  const perPerson = new Map<string, number>();
  for (const p of photos) perPerson.set(p.person, (perPerson.get(p.person) ?? 0) + 1);
  for (const k of perPerson.values()) sameCount += (k * (k - 1)) / 2;
  const all = (n * (n - 1)) / 2;
  const same = new Float32Array(sameCount);
  const diff = new Float32Array(all - sameCount);
  let s = 0;
  let d = 0;
  const cos = (a?: Float32Array, b?: Float32Array) => (a && b ? cosineSimilarity(a, b) : -1);
  for (let i = 0; i < n; i++) {
    const x = photos[i]!;
    for (let j = i + 1; j < n; j++) {
      const y = photos[j]!;
      if (x.person === y.person) same[s++] = cos(x.index, y.index);
      else diff[d++] = cos(x.index, y.index);
    }
  }
  return { people: perPerson.size, photos: n, same, diff };
}

/** FAR and TAR at two cosines (scores 80 and 90). */
export interface Rates {
  people: number;
  photos: number;
  samePairs: number;
  differentPairs: number;
  far80: number;
  tar80: number;
  far90: number;
  tar90: number;
  /** Different-person pairs at or above the score-80 cosine. */
  falseAccepts80: number;
}

const countAtLeast = (list: Float32Array, t: number) => {
  let k = 0;
  for (let i = 0; i < list.length; i++) if (list[i]! >= t) k++;
  return k;
};

/** Rates of `pairs` at the cosines `c80` and `c90`. */
export function ratesAt(pairs: PairCosines, c80: number, c90: number): Rates {
  const fa80 = countAtLeast(pairs.diff, c80);
  return {
    people: pairs.people,
    photos: pairs.photos,
    samePairs: pairs.same.length,
    differentPairs: pairs.diff.length,
    far80: fa80 / pairs.diff.length,
    tar80: countAtLeast(pairs.same, c80) / pairs.same.length,
    far90: countAtLeast(pairs.diff, c90) / pairs.diff.length,
    tar90: countAtLeast(pairs.same, c90) / pairs.same.length,
    falseAccepts80: fa80,
  };
}

/** The score-80 and score-90 cosines fitted on `pairs`, the way the shipped constants were. */
export function fitCosines(pairs: PairCosines): { c80: number; c90: number } {
  const diff = Float32Array.from(pairs.diff).sort();
  return { c80: cosineAtFar(diff, FIT_FAR_AT_80), c90: cosineAtFar(diff, FIT_FAR_AT_90) };
}

/**
 * The smallest cosine whose calibrated score reaches `score`: the shipped constants as the
 * product applies them (`similarityFromCosine(c) >= score`, scores rounded to 1e-5).
 */
function cosineScoring(score: number, near: number): number {
  let lo = near - 0.01;
  let hi = near + 0.01;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (similarityFromCosine(mid) >= score) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface HeldOutHalf {
  fitHalf: 0 | 1;
  fit: { people: number; photos: number; samePairs: number; differentPairs: number };
  cosineAt80: number;
  cosineAt90: number;
  /** The fit half at its own cosines (in-sample, for comparison). */
  inSample: Rates;
  /** The other half (held out). */
  test: Rates;
}

export interface ShippedRow {
  /** Whose photos: one half of the people. */
  half: 0 | 1;
  test: Rates;
}

export interface HeldOutResult {
  people: number;
  photos: number;
  noFace: number;
  msPerPhoto: number;
  /** A subset of the people (--quick). */
  subset: boolean;
  fitFarAt80: number;
  fitFarAt90: number;
  halves: HeldOutHalf[];
  shippedCosineAt80: number;
  shippedCosineAt90: number;
  shipped: ShippedRow[];
}

/**
 * Embeds every LFW photo (through the run's embedding cache) and reports the calibration on
 * held-out people. `everyNthPerson` > 1 takes a subset of the people (for --quick).
 */
export async function heldOutCalibration(
  engine: Describer,
  opts: { everyNthPerson?: number; log: (line: string) => void },
): Promise<HeldOutResult> {
  const nth = opts.everyNthPerson ?? 1;
  let photos = allLfwPhotos();
  if (nth > 1) {
    const people = [...new Set(photos.map((p) => p.person))].filter((_, i) => i % nth === 0);
    const keep = new Set(people);
    photos = photos.filter((p) => keep.has(p.person));
  }
  const files = photos.map((p) => p.file);
  const emb = await embeddingsOf(engine, files, {
    label: 'LFW, all photos',
    log: opts.log,
    kinds: ['index'],
  });
  const embedded: Embedded[] = photos.map((p) => ({
    person: p.person,
    index: emb.index.get(p.file),
  }));
  const halfSets = [0, 1].map((h) => embedded.filter((p) => halfOf(p.person) === h));
  const stored = halfSets.map((set) => pairCosines(set));
  const halves: HeldOutHalf[] = ([0, 1] as const).map((fitHalf) => {
    const other = 1 - fitHalf;
    const fitPairs = stored[fitHalf]!;
    const { c80, c90 } = fitCosines(fitPairs);
    const test = ratesAt(stored[other]!, c80, c90);
    opts.log(
      `  fitted on half ${fitHalf}: cosine ${c80.toFixed(4)} at 80, ${c90.toFixed(4)} at 90; on half ${other}: ` +
        `FAR at 80 ${(test.far80 * 100).toFixed(3)} %, TAR at 80 ${(test.tar80 * 100).toFixed(1)} %`,
    );
    return {
      fitHalf,
      fit: {
        people: fitPairs.people,
        photos: fitPairs.photos,
        samePairs: fitPairs.same.length,
        differentPairs: fitPairs.diff.length,
      },
      cosineAt80: c80,
      cosineAt90: c90,
      inSample: ratesAt(fitPairs, c80, c90),
      test,
    };
  });
  // The shipped constants, applied as the product does.
  const s80 = cosineScoring(80, COSINE_AT_80);
  const s90 = cosineScoring(90, COSINE_AT_90);
  const shipped: ShippedRow[] = ([1 - SHIPPED_FIT_HALF, SHIPPED_FIT_HALF] as const).map((h) => ({
    half: h as 0 | 1,
    test: ratesAt(stored[h]!, s80, s90),
  }));
  const o = shipped[0]!;
  opts.log(
    `  shipped constants on half ${o.half} (held out): FAR at 80 ${(o.test.far80 * 100).toFixed(4)} %, ` +
      `TAR at 80 ${(o.test.tar80 * 100).toFixed(1)} %`,
  );
  return {
    people: new Set(photos.map((p) => p.person)).size,
    photos: photos.length,
    noFace: embedded.filter((p) => !p.index).length,
    msPerPhoto: emb.msPerPhoto,
    subset: nth > 1,
    fitFarAt80: FIT_FAR_AT_80,
    fitFarAt90: FIT_FAR_AT_90,
    halves,
    shippedCosineAt80: COSINE_AT_80,
    shippedCosineAt90: COSINE_AT_90,
    shipped,
  };
}

const pct = (v: number, d = 2) => `${fmt(v * 100, d)} %`;
const rateCells = (r: Rates, bold = false) => {
  const b = (x: string) => (bold ? `**${x}**` : x);
  return `${b(`${pct(r.far80, 3)} (${r.falseAccepts80})`)} | ${b(pct(r.tar80, 1))} | ${b(pct(r.far90, 3))} | ${b(pct(r.tar90, 1))}`;
};

/** The held-out part of docs/benchmarks.md (inside the far section). */
export function renderHeldOut(h: HeldOutResult): string[] {
  return [
    '### Calibration on held-out people',
    '',
    `All of \`lfw/images\`${h.subset ? ' (**a subset: every few people, --quick**)' : ''}: ${h.people} people, ${h.photos} photos ` +
      `(no face found in ${h.noFace}, scored −1 against anything), split into two halves by a hash of the person's name ` +
      '(`bench/src/split.ts`). On one half, the score-80 cosine is fitted where ' +
      `${pct(h.fitFarAt80, 3)} of its different-person pairs reach it, and the score-90 cosine where ${pct(h.fitFarAt90, 3)} ` +
      'reach it (how COSINE_AT_80 and COSINE_AT_90 were set, on half 0); FAR and TAR at those cosines are then ' +
      'measured on the other half, people the fit never saw. Pairs: every different-person pair across the photos of a half, ' +
      'every same-person pair within a person, stored embeddings on both sides (what a search compares).',
    '',
    '| fitted on | cosine at 80 / 90 | reported on | pairs (same / different) | FAR at 80 (pairs) | TAR at 80 | FAR at 90 | TAR at 90 |',
    '|---|---|---|---|---|---|---|---|',
    ...h.halves.flatMap((x) => [
      `| half ${x.fitHalf} (${x.fit.people} people, ${x.fit.photos} photos) | ${fmt(x.cosineAt80, 4)} / ${fmt(x.cosineAt90, 4)} | ` +
        `**half ${1 - x.fitHalf}, held out** | ${x.test.samePairs} / ${x.test.differentPairs} | ${rateCells(x.test, true)} |`,
      `| | | half ${x.fitHalf} itself (in-sample) | ${x.inSample.samePairs} / ${x.inSample.differentPairs} | ${rateCells(x.inSample)} |`,
    ]),
    '',
    `The shipped constants (COSINE_AT_80 = ${h.shippedCosineAt80}, COSINE_AT_90 = ${h.shippedCosineAt90}, fitted on half ${SHIPPED_FIT_HALF}, applied as ` +
      '`similarityFromCosine(cos) ≥ 80 / 90`) on:',
    '',
    '| people | pairs (same / different) | FAR at 80 (pairs) | TAR at 80 | FAR at 90 | TAR at 90 |',
    '|---|---|---|---|---|---|',
    ...h.shipped.map(
      (r) =>
        `| half ${r.half}${r.half === SHIPPED_FIT_HALF ? ' (in-sample: the fit)' : ', **held out**'} (${r.test.people} people, ${r.test.photos} photos) | ${r.test.samePairs} / ${r.test.differentPairs} | ${rateCells(r.test, r.half !== SHIPPED_FIT_HALF)} |`,
    ),
    '',
  ];
}
