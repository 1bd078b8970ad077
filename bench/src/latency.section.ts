/**
 * One client, one request at a time: engine.detect with maxFaces 1 (what SearchFacesByImage
 * asks of the engine) and with all faces
 * against the face-api baseline, alternating photo by photo so both see the same machine load.
 * One-face photos are LFW photos, and LFW photos enlarged in memory to 1280 and 4000 px.
 * @module
 */
import fs from 'node:fs';
import sharp from 'sharp';
import type { FaceEngine } from '@facegate/core';
import type { Baseline } from './baseline.js';
import { lfwPairs } from './datasets.js';
import { percentile } from './stats.js';

export interface LatencyRow {
  size: string;
  n: number;
  engineP50: number;
  engineP95: number;
  /** All faces embedded (DetectFaces / IndexFaces without MaxFaces). */
  engineAllP50: number;
  baselineP50: number;
  baselineP95: number;
  engineFound: number;
  baselineFound: number;
}

/** Distinct LFW photos of the "same" pairs (one person, centred). */
export function onePersonPhotos(n: number): string[] {
  const files = [
    ...new Set(
      lfwPairs()
        .filter((p) => p.same)
        .map((p) => p.a),
    ),
  ];
  const step = Math.max(1, Math.floor(files.length / n));
  return files.filter((_, i) => i % step === 0).slice(0, n);
}

/** The photo at `side` px: 250 = as is; larger = enlarged (JPEG q90), generated in memory. */
export async function atSize(file: string, side: number): Promise<Buffer> {
  const bytes = fs.readFileSync(file);
  if (side <= 250) return bytes;
  // 4:3 like a camera photo: the 250×250 photo enlarged to side×(3/4·side), padded with its blurred self.
  const h = Math.round((side * 3) / 4);
  const face = await sharp(bytes).resize(h, h).toBuffer();
  const background = await sharp(bytes).resize(side, h, { fit: 'fill' }).blur(20).toBuffer();
  return sharp(background)
    .composite([{ input: face, left: Math.round((side - h) / 2), top: 0 }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

export async function latency(
  engine: FaceEngine,
  baseline: Baseline | undefined,
  opts: { sizes: Array<[number, number]>; log: (line: string) => void },
): Promise<LatencyRow[]> {
  const rows: LatencyRow[] = [];
  for (const [side, n] of opts.sizes) {
    const photos = await Promise.all(onePersonPhotos(n).map((f) => atSize(f, side)));
    const e: number[] = [];
    const all: number[] = [];
    const b: number[] = [];
    let engineFound = 0;
    let baselineFound = 0;
    await engine.detect(photos[0]!); // warm the decoder for this size
    for (const photo of photos) {
      // What SearchFacesByImage asks of the engine: the largest face, embedded.
      let t = performance.now();
      const r = await engine.detect(photo, { maxFaces: 1, embedding: 'query' });
      e.push(performance.now() - t);
      if (r.faces.length > 0) engineFound++;
      t = performance.now();
      await engine.detect(photo);
      all.push(performance.now() - t);
      if (baseline) {
        t = performance.now();
        if ((await baseline.detect(photo)) > 0) baselineFound++;
        b.push(performance.now() - t);
      }
    }
    const row: LatencyRow = {
      size: side <= 250 ? '250×250' : `${side}×${Math.round((side * 3) / 4)}`,
      n,
      engineP50: percentile(e, 0.5),
      engineP95: percentile(e, 0.95),
      engineAllP50: percentile(all, 0.5),
      baselineP50: percentile(b, 0.5),
      baselineP95: percentile(b, 0.95),
      engineFound,
      baselineFound,
    };
    opts.log(
      `  ${row.size}: engine p50 ${row.engineP50.toFixed(0)} ms, baseline p50 ${row.baselineP50.toFixed(0)} ms`,
    );
    rows.push(row);
  }
  return rows;
}
