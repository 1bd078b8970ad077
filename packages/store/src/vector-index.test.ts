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

  it('scans with the WebAssembly SIMD kernel when the dimension allows, with the same results', () => {
    const next = rng(5);
    const simd = new VectorIndex();
    const js = new VectorIndex({ simd: false });
    for (let i = 0; i < 300; i++) {
      const v = randomUnit(128, next);
      simd.add(`f${i}`, v);
      js.add(`f${i}`, v);
    }
    for (let i = 0; i < 300; i += 4) {
      simd.remove(`f${i}`);
      js.remove(`f${i}`);
    }
    simd.add('late', randomUnit(128, next)); // grows after removals
    js.add('late', simd.get('late')!);
    expect(simd.simd).toBe(true);
    expect(js.simd).toBe(false);
    for (let q = 0; q < 5; q++) {
      const query = randomUnit(128, next);
      const a = simd.topK(query, 20);
      const b = js.topK(query, 20);
      expect(a.map((h) => h.faceId)).toEqual(b.map((h) => h.faceId));
      a.forEach((h, i) => expect(h.dot).toBeCloseTo(b[i]!.dot, 5));
    }
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
