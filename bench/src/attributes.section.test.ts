/** The attribute section's counting and fitting on hand-computed cases (no photos). */
import { describe, expect, it } from 'vitest';
import { bestCut, confusion, scoreOf } from './attributes.section.js';

describe('attribute accuracy', () => {
  it('counts a confusion matrix', () => {
    const c = confusion([
      { predicted: true, truth: true },
      { predicted: true, truth: false },
      { predicted: false, truth: true },
      { predicted: false, truth: false },
      { predicted: false, truth: false },
    ]);
    expect(c).toEqual({
      photos: 5,
      truePositive: 1,
      falsePositive: 1,
      falseNegative: 1,
      trueNegative: 2,
      accuracy: 0.6,
    });
  });

  it('fits the cut that labels the most right, between neighbours', () => {
    const cut = bestCut([
      { score: 0.01, truth: false },
      { score: 0.02, truth: false },
      { score: 0.08, truth: true },
      { score: 0.1, truth: true },
    ]);
    expect(cut).toBeCloseTo(0.05, 6);
  });

  it('reads the score back from a yes/no answer and its confidence', () => {
    // p = 1 / (1 + e^-1) at one scale above the cut
    const p = 100 / (1 + Math.exp(-1));
    expect(scoreOf({ Value: true, Confidence: p }, 0.06, 0.02)).toBeCloseTo(0.08, 4);
    expect(scoreOf({ Value: false, Confidence: p }, 0.06, 0.02)).toBeCloseTo(0.04, 4);
  });
});
