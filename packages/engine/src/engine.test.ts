/**
 * The engine end to end on the photos shipped in @vladmandic/face-api (no ../shared needed).
 * One pool for the whole file: loading the models is the slow part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { DetectionResult, FaceEngine } from '@facegate/core';
import { createEngine, embeddingFor, MODEL_VERSION } from './engine.js';
import { EMBEDDING_SIZE } from './embed/descriptor.js';
import { cosineSimilarity, LEGACY_MODEL_VERSION } from './similarity.js';

const require = createRequire(import.meta.url);
const demoDir = path.join(
  path.dirname(require.resolve('@vladmandic/face-api/package.json')),
  'demo',
);
const sample = (n: number) => fs.readFileSync(path.join(demoDir, `sample${n}.jpg`));

let engine: FaceEngine;
const logs: string[] = [];
let sample1: DetectionResult;

beforeAll(async () => {
  engine = await createEngine({ workers: 2, queueLimit: 2, log: (l) => logs.push(l) });
  sample1 = await engine.detect(sample(1));
});
afterAll(async () => {
  await engine?.close();
});

const areaOf = (r: DetectionResult, i: number) => {
  const b = r.faces[i]!.detail.BoundingBox;
  return b.Width * b.Height;
};

/** The face of `r` that best matches `embedding`, and its score. */
const best = (r: DetectionResult, embedding: Float32Array) =>
  Math.max(...r.faces.map((f) => engine.similarity(f.embedding, embedding)));

describe('createEngine', () => {
  it('logs one model load per worker', () => {
    expect(logs.filter((l) => l.includes('models loaded'))).toHaveLength(2);
    expect(engine.modelVersion).toMatch(/^facegate-/);
  });

  it('finds the faces of a group photo, largest first, with Rekognition-shaped details', () => {
    expect(sample1.width).toBe(1920);
    expect(sample1.faces.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < sample1.faces.length; i++)
      expect(areaOf(sample1, i - 1)).toBeGreaterThanOrEqual(areaOf(sample1, i));
    for (const { detail, embedding } of sample1.faces) {
      const b = detail.BoundingBox;
      for (const v of [b.Left, b.Top, b.Width, b.Height, b.Left + b.Width, b.Top + b.Height]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(detail.Confidence).toBeGreaterThan(50);
      expect(detail.Confidence).toBeLessThanOrEqual(100);
      const types = detail.Landmarks.map((l) => l.Type);
      expect(types).toEqual(
        expect.arrayContaining(['eyeLeft', 'eyeRight', 'nose', 'mouthLeft', 'mouthRight']),
      );
      expect(Math.abs(detail.Pose.Roll)).toBeLessThanOrEqual(180);
      expect(detail.Quality.Brightness).toBeGreaterThan(0);
      expect(detail.Quality.Sharpness).toBeGreaterThan(0);
      expect(embedding.length).toBe(EMBEDDING_SIZE);
      expect(Math.hypot(...embedding)).toBeCloseTo(1, 4);
      expect(detail.AgeRange).toBeUndefined();
    }
  });

  it('adds AgeRange, Gender and Emotions with attributes ALL, and honours maxFaces and embed', async () => {
    const r = await engine.detect(sample(2), { attributes: 'ALL', maxFaces: 1, embed: false });
    expect(r.faces).toHaveLength(1);
    const d = r.faces[0]!.detail;
    expect(d.AgeRange!.Low).toBeLessThanOrEqual(d.AgeRange!.High);
    expect(['Male', 'Female']).toContain(d.Gender!.Value);
    expect(d.Emotions!.length).toBeGreaterThan(0);
    for (const a of [d.Smile!, d.MouthOpen!]) {
      expect(typeof a.Value).toBe('boolean');
      expect(a.Confidence).toBeGreaterThanOrEqual(50);
      expect(a.Confidence).toBeLessThanOrEqual(100);
    }
    expect(r.faces[0]!.embedding.length).toBe(0);
  });

  it('embeds only the largest faces with embedLimit, and describes the rest', async () => {
    const r = await engine.detect(sample(1), { embedLimit: 1 });
    expect(r.faces).toHaveLength(sample1.faces.length);
    expect(r.faces.map((f) => f.embedding.length)).toEqual(
      r.faces.map((_, i) => (i === 0 ? EMBEDDING_SIZE : 0)),
    );
    expect(engine.similarity(r.faces[0]!.embedding, sample1.faces[0]!.embedding)).toBeGreaterThan(
      99,
    );
  });

  it('gives the largest face the same embedding on the maxFaces 1 fast path', async () => {
    const r = await engine.detect(sample(1), { maxFaces: 1 });
    expect(r.faces).toHaveLength(1);
    expect(
      engine.similarity(r.faces[0]!.embedding, sample1.faces[0]!.embedding),
    ).toBeGreaterThanOrEqual(90);
  });

  it('gives a one-pass query embedding close to the stored one', async () => {
    const stored = (await engine.detect(sample(1), { maxFaces: 1 })).faces[0]!.embedding;
    const query = (await engine.detect(sample(1), { maxFaces: 1, embedding: 'query' })).faces[0]!
      .embedding;
    expect(query).not.toEqual(stored);
    expect(engine.similarity(stored, query)).toBeGreaterThan(95);
  });

  it('keeps facegate-1.0 collections working: the ResNet part is the embedding 1.0 made', () => {
    // What facegate-1.0 (commit 8e06953) stored for the faces of the same demo photo.
    const legacy = JSON.parse(
      fs.readFileSync(new URL('../fixtures/facegate-1.0-embeddings.json', import.meta.url), 'utf8'),
    ) as { modelVersion: string; photos: Record<string, Array<{ embedding: number[] }>> };
    expect(legacy.modelVersion).toBe(LEGACY_MODEL_VERSION);
    const old = legacy.photos['sample1.jpg']!.map((f) => Float32Array.from(f.embedding));
    expect(old).toHaveLength(sample1.faces.length);
    sample1.faces.forEach((face, i) => {
      const asOld = embeddingFor(face.embedding, LEGACY_MODEL_VERSION);
      expect(asOld.length).toBe(128);
      expect(cosineSimilarity(asOld, old[i]!)).toBeGreaterThan(0.9999);
      // scored on the 1.0 scale: the same face scores as it did, another face stays below 80
      expect(engine.similarity(asOld, old[i]!)).toBeGreaterThan(99);
      for (const [j, other] of old.entries())
        if (j !== i) expect(engine.similarity(asOld, other)).toBeLessThan(80);
    });
    expect(embeddingFor(sample1.faces[0]!.embedding, MODEL_VERSION)).toBe(
      sample1.faces[0]!.embedding,
    );
    expect(() => embeddingFor(sample1.faces[0]!.embedding, 'aws-6.0')).toThrow(
      expect.objectContaining({ name: 'InvalidParameterException' }),
    );
    // Embeddings of different models are never compared.
    expect(() => engine.similarity(sample1.faces[0]!.embedding, old[0]!)).toThrow(RangeError);
  });

  it('scores altered copies of a face ≥ 80 and other people < 80', async () => {
    const original = sample(1);
    const face = sample1.faces[0]!;
    const b = face.detail.BoundingBox;
    const mirrored = await sharp(original).flop().jpeg().toBuffer();
    const rescaled = await sharp(original).resize(1100).jpeg({ quality: 85 }).toBuffer();
    const recompressed = await sharp(original).jpeg({ quality: 40 }).toBuffer();
    const cropped = await sharp(original)
      .extract({
        left: Math.max(0, Math.round((b.Left - b.Width) * 1920)),
        top: Math.max(0, Math.round((b.Top - b.Height / 2) * 1280)),
        width: Math.round(b.Width * 3 * 1920),
        height: Math.round(b.Height * 2 * 1280),
      })
      .toBuffer();
    for (const altered of [mirrored, rescaled, recompressed, cropped]) {
      const r = await engine.detect(altered);
      expect(best(r, face.embedding)).toBeGreaterThanOrEqual(80);
    }
    // The other people of the same photo, and of another photo, are not this face.
    for (const other of sample1.faces.slice(1))
      expect(engine.similarity(other.embedding, face.embedding)).toBeLessThan(80);
  });

  it('applies EXIF orientation and reads PNG', async () => {
    // Orientation 6 = stored rotated 90° counter-clockwise; viewers (and we) rotate it back.
    const stored = await sharp(sample(1))
      .rotate(-90)
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const r = await engine.detect(stored);
    expect([r.width, r.height]).toEqual([1920, 1280]);
    expect(r.faces.length).toBe(sample1.faces.length);
    const b0 = sample1.faces[0]!.detail.BoundingBox;
    const b1 = r.faces[0]!.detail.BoundingBox;
    expect(Math.abs(b0.Left - b1.Left)).toBeLessThan(0.02);
    expect(Math.abs(b0.Top - b1.Top)).toBeLessThan(0.02);
    const png = await sharp(sample(1)).resize(960).png().toBuffer();
    const p = await engine.detect(png);
    expect(best(p, sample1.faces[0]!.embedding)).toBeGreaterThanOrEqual(80);
  });

  it('rejects garbage and unsupported formats with InvalidImageFormatException', async () => {
    await expect(engine.detect(new Uint8Array([1, 2, 3, 4, 5]))).rejects.toMatchObject({
      name: 'InvalidImageFormatException',
    });
    const gif = await sharp(sample(1)).resize(64).gif().toBuffer();
    await expect(engine.detect(gif)).rejects.toMatchObject({ name: 'InvalidImageFormatException' });
    const truncated = sample(1).subarray(0, 2000);
    await expect(engine.detect(truncated)).rejects.toMatchObject({
      name: 'InvalidImageFormatException',
    });
  });

  it('rejects absurd dimensions with ImageTooLargeException', async () => {
    const huge = await sharp({
      create: { width: 20000, height: 100, channels: 3, background: '#888' },
    })
      .png()
      .toBuffer();
    await expect(engine.detect(huge)).rejects.toMatchObject({ name: 'ImageTooLargeException' });
  });

  it('runs requests in parallel and refuses them when the queue is full', async () => {
    const img = sample(3);
    // 2 workers + 2 queued are accepted; the rest of a burst is refused at once.
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => engine.detect(img, { embed: false })),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    for (const r of refused)
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        name: 'ProvisionedThroughputExceededException',
      });
  });
});
