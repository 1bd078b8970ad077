/** The held-out calibration's pair counting and fitting on a hand-computed case (no photos). */
import { describe, expect, it } from 'vitest';
import { fitCosines, pairCosines, ratesAt } from './heldout.js';

const v = (...x: number[]) => Float32Array.from(x);
// Person A: two photos at cosine 0.8; B: one photo; C: no face found.
const photos = [
  { person: 'A', index: v(1, 0), query: v(1, 0) },
  { person: 'A', index: v(0.8, 0.6), query: v(0.6, 0.8) },
  { person: 'B', index: v(0, 1), query: v(0, 1) },
  { person: 'C' },
];

describe('held-out calibration', () => {
  it('scores every unordered pair of stored embeddings; a photo without a face scores −1', () => {
    const p = pairCosines(photos);
    expect(p.people).toBe(3);
    expect(p.photos).toBe(4);
    expect([...p.same].map((c) => +c.toFixed(4))).toEqual([0.8]);
    expect([...p.diff].map((c) => +c.toFixed(4)).sort()).toEqual([-1, -1, -1, 0, 0.6]);
  });

  it('counts FAR and TAR at two cosines', () => {
    const r = ratesAt(pairCosines(photos), 0.5, 0.7);
    expect(r).toMatchObject({
      samePairs: 1,
      differentPairs: 5,
      far80: 1 / 5,
      falseAccepts80: 1,
      tar80: 1,
      far90: 0,
      tar90: 1,
    });
  });

  it('fits 80 and 90 at their FAR points of different-person pairs (at least the highest)', () => {
    const { c80, c90 } = fitCosines(pairCosines(photos));
    // 5 pairs: 0.005 % and 0.001 % are under one pair, so both are the highest.
    expect(c80).toBeCloseTo(0.6, 6);
    expect(c90).toBeCloseTo(0.6, 6);
  });
});
