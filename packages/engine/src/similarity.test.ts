import { describe, expect, it } from 'vitest';
import {
  COSINE_AT_80,
  COSINE_AT_90,
  similarity,
  similarityFromCosine,
  similarityFromDistance,
  USER_COSINE_AT_80,
  userSimilarityFromCosine,
} from './similarity.js';

describe('similarity calibration', () => {
  it('puts 80 and 90 at the documented cosines', () => {
    expect(similarityFromCosine(COSINE_AT_80)).toBeCloseTo(80, 3);
    expect(similarityFromCosine(COSINE_AT_90)).toBeCloseTo(90, 3);
  });

  it('is monotonic, within 0..100, and identical vectors score near 100', () => {
    let last = -1;
    for (let c = -1; c <= 1; c += 0.01) {
      const s = similarityFromCosine(c);
      expect(s).toBeGreaterThanOrEqual(last);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(100);
      last = s;
    }
    const v = Float32Array.from([0.6, 0.8]);
    expect(similarity(v, v)).toBeGreaterThan(99);
  });

  it('agrees between the distance and cosine forms', () => {
    for (const c of [0.5, 0.9, COSINE_AT_80, 0.99]) {
      const d = Math.sqrt(2 - 2 * c);
      expect(similarityFromDistance(d)).toBeCloseTo(similarityFromCosine(c), 4);
    }
  });

  it('gives user searches their own anchor for 80, on the same slope', () => {
    expect(userSimilarityFromCosine(USER_COSINE_AT_80)).toBeCloseTo(80, 3);
    expect(USER_COSINE_AT_80).toBeGreaterThan(COSINE_AT_80);
    expect(userSimilarityFromCosine(COSINE_AT_90 + USER_COSINE_AT_80 - COSINE_AT_80)).toBeCloseTo(
      90,
      3,
    );
  });

  it('refuses embeddings of different sizes', () => {
    expect(() => similarity(new Float32Array(2), new Float32Array(3))).toThrow(RangeError);
  });
});
