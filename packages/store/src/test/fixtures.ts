/**
 * Test helpers: temporary data folders and synthetic faces with unit-length embeddings.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { isFacegateError, type FaceRecord } from '@facegate/core';

export function tempDir(prefix = 'facegate-store-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / n;
  return v;
}

export function randomUnit(dim: number, next: () => number): Float32Array {
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) v[i] = next() * 2 - 1;
  return normalise(v);
}

/** `base` moved a little towards a random direction: a "same person" embedding. */
export function near(base: Float32Array, amount: number, next: () => number): Float32Array {
  const noise = randomUnit(base.length, next);
  const v = new Float32Array(base.length);
  for (let i = 0; i < v.length; i++) v[i] = (base[i] as number) + amount * (noise[i] as number);
  return normalise(v);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** A monotone calibration standing in for the engine's: cosine -1..1 → 0..100, no ties. */
export const similarity = (a: Float32Array, b: Float32Array): number =>
  Math.max(0, Math.min(100, (dot(a, b) + 1) * 50));

export function makeFace(embedding: Float32Array, over: Partial<FaceRecord> = {}): FaceRecord {
  return {
    FaceId: randomUUID(),
    ImageId: randomUUID(),
    BoundingBox: { Width: 0.25, Height: 0.3, Left: 0.1, Top: 0.2 },
    Confidence: 99.5,
    IndexFacesModelVersion: 'facegate-test',
    createdAt: 1_700_000_000_000,
    embedding,
    ...over,
  };
}

/** The FacegateError name `fn` throws, or undefined when it does not throw. */
export function errorName(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isFacegateError(e) ? e.name : `not a FacegateError: ${String(e)}`;
  }
  return undefined;
}
