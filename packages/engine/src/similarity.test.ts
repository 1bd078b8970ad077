import { describe, expect, it } from 'vitest';
import {
  CALIBRATION,
  calibrationOf,
  LEGACY_CALIBRATION,
  LEGACY_MODEL_VERSION,
  MODEL_VERSION,
  COSINE_AT_80,
  COSINE_AT_90,
  similarity,
  similarityFromCosine,
  similarityFromDistance,
  USER_COSINE_AT_80,
  userSimilarityFromCosine,
  userScore,
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
    for (const dimension of [CALIBRATION.dimension, LEGACY_CALIBRATION.dimension]) {
      const v = new Float32Array(dimension).fill(1 / Math.sqrt(dimension));
      expect(similarity(v, v)).toBeGreaterThan(99);
    }
  });

  it('agrees between the distance and cosine forms', () => {
    for (const c of [0.5, 0.9, COSINE_AT_80, 0.99]) {
      const d = Math.sqrt(2 - 2 * c);
      expect(similarityFromDistance(d)).toBeCloseTo(similarityFromCosine(c), 4);
    }
  });

  it('gives user searches their own anchor for 80, on the same slope', () => {
    expect(userSimilarityFromCosine(USER_COSINE_AT_80)).toBeCloseTo(80, 3);
    expect(userSimilarityFromCosine(COSINE_AT_90 + USER_COSINE_AT_80 - COSINE_AT_80)).toBeCloseTo(
      90,
      3,
    );
  });

  it('scores a user by the mean cosine of their two best faces, never above the best alone', () => {
    // Unit vectors in a plane of the 192-number space: the probe's cosine with each is cos(θ).
    const at = (theta: number) => {
      const v = new Float32Array(192);
      v[0] = Math.cos(theta);
      v[1] = Math.sin(theta);
      return v;
    };
    const probe = at(0);
    const [c1, c2, c3] = [0.95, 0.91, 0.5];
    const faces = [at(Math.acos(c3)), at(Math.acos(c1)), at(Math.acos(c2))];
    expect(userScore(probe, faces)).toBeCloseTo(userSimilarityFromCosine((c1 + c2) / 2), 3);
    expect(userScore(probe, [faces[1]!])).toBeCloseTo(userSimilarityFromCosine(c1), 3);
    expect(userScore(probe, faces)).toBeLessThan(userScore(probe, [faces[1]!]));
    expect(userScore(probe, [])).toBe(0);
  });

  it('refuses embeddings of different sizes, and of a size no model has', () => {
    expect(() => similarity(new Float32Array(128), new Float32Array(192))).toThrow(RangeError);
    expect(() => similarity(new Float32Array(3), new Float32Array(3))).toThrow(RangeError);
  });

  it('scores each model on its own anchors, told by the embedding size', () => {
    expect(calibrationOf(MODEL_VERSION)).toBe(CALIBRATION);
    expect(calibrationOf(LEGACY_MODEL_VERSION)).toBe(LEGACY_CALIBRATION);
    for (const c of [CALIBRATION, LEGACY_CALIBRATION]) {
      // two unit vectors whose cosine is exactly the model's score-80 anchor
      const a = new Float32Array(c.dimension);
      const b = new Float32Array(c.dimension);
      a[0] = 1;
      b[0] = c.cosineAt80;
      b[1] = Math.sqrt(1 - c.cosineAt80 ** 2);
      expect(similarity(a, b)).toBeCloseTo(80, 2);
      expect(similarityFromCosine(c.cosineAt90, c)).toBeCloseTo(90, 3);
    }
  });
});
