/** Small statistics helpers for the benchmark. @module */

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = (s.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return s[lo]! + (s[hi]! - s[lo]!) * (i - lo);
}

export function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, std };
}

/** Runs `fn` over `items` with at most `concurrency` in flight, reporting progress. */
export async function mapLimit<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
  progress?: (done: number, total: number) => void,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
      done++;
      progress?.(done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return out;
}

export const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');

/** Share of `sorted` (ascending) at or above `t` (binary search). */
export function shareAtLeast(sorted: ArrayLike<number>, t: number): number {
  if (sorted.length === 0) return NaN;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return (sorted.length - lo) / sorted.length;
}

/**
 * [score threshold, FAR, TAR] for each threshold: the share of different-person (`diff`) and
 * same-person (`same`) cosines whose score (`score(cosine)`) is at or above it.
 */
export function ratesOf(
  same: number[],
  diff: number[],
  thresholds: number[],
  score: (cosine: number) => number,
): Array<[number, number, number]> {
  const share = (list: number[], t: number) =>
    list.length === 0 ? NaN : list.filter((c) => score(c) >= t).length / list.length;
  return thresholds.map((t) => [t, share(diff, t), share(same, t)]);
}

/**
 * The cosine a threshold must reach to accept at most `far` of the different-person pairs:
 * the k-th highest of `sortedDiff` (ascending), k = ⌊far × pairs⌋ but at least 1 (ties aside).
 */
export function cosineAtFar(sortedDiff: ArrayLike<number>, far: number): number {
  const k = Math.max(1, Math.floor(sortedDiff.length * far));
  return sortedDiff[sortedDiff.length - k] ?? NaN;
}

/** [FAR, cosineAtFar] at 1 %, 0.1 % and 0.01 %. */
export function cosineAtFarOf(
  sortedDiff: ArrayLike<number>,
  fars = [0.01, 0.001, 0.0001],
): Array<[number, number]> {
  return fars.map((far) => [far, cosineAtFar(sortedDiff, far)]);
}

/**
 * The highest cosine that at least `tar` of the same-person pairs reach: the value at index
 * ⌊(1 − tar) × pairs⌋ of `sortedSame` (ascending).
 */
export function cosineAtTar(sortedSame: ArrayLike<number>, tar: number): number {
  if (sortedSame.length === 0) return NaN;
  // The epsilon keeps 10 × (1 − 0.8) = 1.9999… from rounding down.
  const i = Math.min(sortedSame.length - 1, Math.floor(sortedSame.length * (1 - tar) + 1e-9));
  return sortedSame[Math.max(0, i)]!;
}

export interface ScoredPair {
  fold: number;
  same: boolean;
  /** Cosine (or any score where higher means "more alike"). */
  s: number;
}

/**
 * LFW's protocol: for each fold, the threshold with the most correct answers on the other
 * folds (candidates: the scores seen there; "same" when s ≥ threshold) is tested on the fold.
 * Returns each fold's accuracy. Ties keep the lowest threshold.
 */
export function protocol(scored: ScoredPair[], folds: number[]): number[] {
  return folds.map((f) => {
    const train = scored.filter((x) => x.fold !== f);
    const test = scored.filter((x) => x.fold === f);
    const candidates = [...new Set(train.map((x) => x.s))].sort((a, b) => a - b);
    // Sweep thresholds in sorted order: O(n log n) instead of re-counting for every candidate.
    const sorted = [...train].sort((a, b) => a.s - b.s);
    let correct = train.filter((x) => x.same).length; // threshold below all: every pair "same"
    let bestCorrect = correct;
    let bestT = candidates[0] ?? 0;
    let j = 0;
    for (const t of candidates) {
      while (j < sorted.length && sorted[j]!.s < t) {
        correct += sorted[j]!.same ? -1 : 1;
        j++;
      }
      if (correct > bestCorrect) {
        bestCorrect = correct;
        bestT = t;
      }
    }
    return test.filter((x) => x.s >= bestT === x.same).length / test.length;
  });
}
