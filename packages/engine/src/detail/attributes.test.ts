import { describe, expect, it } from 'vitest';
import type { Point } from '../align/face-templates.js';
import { MOUTH_OPEN_RATIO, mouthOpenOf, mouthOpenRatio } from './attributes.js';

/** 68 points at the origin, with the mouth corners and inner lips placed. */
function mouth(width: number, gap: number): Point[] {
  const p: Point[] = Array.from({ length: 68 }, () => ({ x: 0, y: 0 }));
  p[48] = { x: 0, y: 0 };
  p[54] = { x: width, y: 0 };
  for (const [top, bottom, x] of [
    [61, 67, width * 0.35],
    [62, 66, width * 0.5],
    [63, 65, width * 0.65],
  ] as const) {
    p[top] = { x, y: -gap / 2 };
    p[bottom] = { x, y: gap / 2 };
  }
  return p;
}

describe('MouthOpen from the landmarks', () => {
  it('is the inner-lip gap over the mouth width', () => {
    expect(mouthOpenRatio(mouth(50, 10))).toBeCloseTo(0.2, 6);
    expect(mouthOpenRatio(mouth(50, 0))).toBe(0);
  });

  it('says open at and above the cut, more surely further from it', () => {
    const closed = mouthOpenOf(mouth(50, 0));
    const open = mouthOpenOf(mouth(50, 50 * MOUTH_OPEN_RATIO * 3));
    expect(closed.Value).toBe(false);
    expect(open.Value).toBe(true);
    expect(mouthOpenOf(mouth(50, 50 * MOUTH_OPEN_RATIO)).Value).toBe(true);
    expect(open.Confidence).toBeGreaterThan(90);
    expect(closed.Confidence).toBeGreaterThan(90);
  });
});
