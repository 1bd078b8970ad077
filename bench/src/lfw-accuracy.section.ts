/**
 * LFW verification: embeddings of every photo in the chosen folds, the 5-fold protocol (threshold
 * picked on the other folds, tested on the held-out one), and FAR/TAR at calibrated scores.
 * @module
 */
import fs from 'node:fs';
import { cosineSimilarity, similarityFromCosine } from '@facegate/engine';
import { lfwPairs, type LfwPair } from './datasets.js';
import { embeddingsOf } from './embedding-cache.js';
import { labelledFace, type Describer } from './labelled-face.js';
import { mapLimit, meanStd, protocol, ratesOf } from './stats.js';

export interface LfwResult {
  pairs: number;
  folds: number[];
  photos: number;
  noFace: number;
  foldAccuracy: number[];
  mean: number;
  std: number;
  /** [score threshold, FAR, TAR] */
  rates: Array<[number, number, number]>;
  /** The three highest cosines among different-person pairs (what COSINE_AT_80 must clear). */
  topDifferent: number[];
  cosineSameP10: number;
  sameMedianScore: number;
  msPerPhoto: number;
  /**
   * Searches: each pair scored both ways as (stored embedding, one-pass query embedding), what
   * SearchFacesByImage compares. Only for the engine.
   */
  query?: {
    foldAccuracy: number[];
    mean: number;
    std: number;
    rates: Array<[number, number, number]>;
  };
}

export { labelledFace, type Describer, type FacesFound } from './labelled-face.js';

/** Stored (and, with `query`, one-pass query) embeddings of the labelled face of each photo. */
export interface PhotoEmbeddings {
  stored: Map<string, Float32Array | undefined>;
  queries: Map<string, Float32Array | undefined>;
  /** Wall time per photo with the pool busy (both embeddings when `query`). */
  msPerPhoto: number;
}

/** Embeds `files` four at a time, logging progress every 15 s as `label done/total`. */
export async function embedPhotos(
  engine: Describer,
  files: string[],
  opts: { query: boolean; label: string; log: (line: string) => void },
): Promise<PhotoEmbeddings> {
  const started = performance.now();
  let lastLog = 0;
  const queries = new Map<string, Float32Array | undefined>();
  const stored = await mapLimit(
    files,
    4,
    async (file) => {
      const bytes = fs.readFileSync(file);
      if (opts.query)
        queries.set(file, labelledFace(await engine.detect(bytes, { embedding: 'query' })));
      return labelledFace(await engine.detect(bytes));
    },
    (done, total) => {
      if (performance.now() - lastLog > 15_000 || done === total) {
        lastLog = performance.now();
        const rate = (performance.now() - started) / done;
        opts.log(
          `  ${opts.label} ${done}/${total} photos, ${rate.toFixed(0)} ms/photo, ~${Math.round(((total - done) * rate) / 1000)} s left`,
        );
      }
    },
  );
  return {
    stored: new Map(files.map((f, i) => [f, stored[i]])),
    queries,
    msPerPhoto: (performance.now() - started) / files.length,
  };
}

/** Sorted same- and different-person cosines, and FAR/TAR at calibrated score thresholds. */
function ratesOfScored(scored: Array<{ same: boolean; s: number }>) {
  const same = scored
    .filter((x) => x.same)
    .map((x) => x.s)
    .sort((a, b) => a - b);
  const diff = scored
    .filter((x) => !x.same)
    .map((x) => x.s)
    .sort((a, b) => a - b);
  const rates = ratesOf(same, diff, [50, 70, 80, 85, 90, 95], similarityFromCosine);
  return { same, diff, rates };
}

export async function lfwAccuracy(
  engine: Describer,
  opts: {
    folds: number[];
    maxPairsPerFold?: number;
    /** Also embed each photo as a search query and score the (stored, query) pairs. */
    query?: boolean;
    /** The facegate engine: embeddings through the run's cache (bench/src/embedding-cache.ts). */
    cached?: boolean;
    log: (line: string) => void;
  },
): Promise<LfwResult> {
  let pairs: LfwPair[] = lfwPairs().filter((p) => opts.folds.includes(p.fold));
  if (opts.maxPairsPerFold) {
    pairs = opts.folds.flatMap((f) => {
      const inFold = pairs.filter((p) => p.fold === f);
      const same = inFold.filter((p) => p.same).slice(0, opts.maxPairsPerFold! / 2);
      const diff = inFold.filter((p) => !p.same).slice(0, opts.maxPairsPerFold! / 2);
      return [...same, ...diff];
    });
  }
  const files = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const {
    stored: byFile,
    queries,
    msPerPhoto,
  } = opts.cached
    ? await embeddingsOf(engine, files, {
        label: 'LFW',
        log: opts.log,
        kinds: opts.query ? ['index', 'query'] : ['index'],
      }).then((e) => ({ stored: e.index, queries: e.query, msPerPhoto: e.msPerPhoto }))
    : await embedPhotos(engine, files, { query: !!opts.query, label: 'LFW', log: opts.log });
  // A photo without a face scores -1 against anything: the pair counts as "different".
  const scored = pairs.map((p) => {
    const a = byFile.get(p.a);
    const b = byFile.get(p.b);
    return { fold: p.fold, same: p.same, s: a && b ? cosineSimilarity(a, b) : -1 };
  });
  const foldAccuracy = protocol(scored, opts.folds);
  const { mean, std } = meanStd(foldAccuracy);
  const { same, diff, rates } = ratesOfScored(scored);
  let query: LfwResult['query'];
  if (opts.query) {
    const both = pairs.flatMap((p) =>
      [
        [p.a, p.b],
        [p.b, p.a],
      ].map(([stored, probe]) => {
        const a = byFile.get(stored!);
        const b = queries.get(probe!);
        return { fold: p.fold, same: p.same, s: a && b ? cosineSimilarity(a, b) : -1 };
      }),
    );
    const qFolds = protocol(both, opts.folds);
    query = { foldAccuracy: qFolds, ...meanStd(qFolds), rates: ratesOfScored(both).rates };
  }
  return {
    query,
    pairs: pairs.length,
    folds: opts.folds,
    photos: files.length,
    noFace: [...byFile.values()].filter((e) => !e).length,
    foldAccuracy,
    mean,
    std,
    rates,
    topDifferent: diff.slice(-3).reverse(),
    cosineSameP10: same[Math.floor(same.length * 0.1)] ?? NaN,
    sameMedianScore: similarityFromCosine(same[Math.floor(same.length / 2)] ?? NaN),
    msPerPhoto,
  };
}
