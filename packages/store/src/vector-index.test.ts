import { describe, expect, it } from 'vitest';
import { VectorIndex } from './vector-index.js';
import { dot, randomUnit, rng } from './test/fixtures.js';

describe('VectorIndex', () => {
  it('returns the same top k as a naive sort, through adds and removals', () => {
    const next = rng(4);
    const index = new VectorIndex();
    const vectors = new Map<string, Float32Array>();
    for (let i = 0; i < 500; i++) {
      const v = randomUnit(37, next); // odd length exercises the unrolled loop's tail
      vectors.set(`f${i}`, v);
      index.add(`f${i}`, v);
    }
    for (let i = 0; i < 500; i += 3) {
      expect(index.remove(`f${i}`)).toBe(true);
      vectors.delete(`f${i}`);
    }
    expect(index.remove('f0')).toBe(false);
    expect(index.size).toBe(vectors.size);
    for (let q = 0; q < 5; q++) {
      const query = randomUnit(37, next);
      const naive = [...vectors]
        .map(([id, v]) => ({ id, d: dot(query, v) }))
        .sort((a, b) => b.d - a.d);
      for (const k of [1, 7, 100, 10_000]) {
        const hits = index.topK(query, k);
        expect(hits.map((h) => h.faceId)).toEqual(naive.slice(0, k).map((x) => x.id));
        hits.forEach((h, i) => expect(h.dot).toBeCloseTo(naive[i]!.d, 5));
      }
    }
    expect(index.get('f1')).toEqual(vectors.get('f1'));
  });

  it('fixes its dimension from the first vector, and frees it when emptied', () => {
    const index = new VectorIndex();
    expect(index.dim).toBeUndefined();
    index.add('a', new Float32Array([1, 0]));
    expect(index.accepts(3)).toBe(false);
    expect(() => index.add('b', new Float32Array(3))).toThrow();
    index.remove('a');
    expect(index.accepts(3)).toBe(true);
    index.add('b', new Float32Array([0, 0, 1]));
    expect(index.topK(new Float32Array([0, 0, 1]), 5)).toEqual([{ faceId: 'b', dot: 1 }]);
  });
});
