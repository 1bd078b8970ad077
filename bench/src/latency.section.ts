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
  /** Faces per photo: 1 (an LFW photo enlarged) or several small ones (see `smallFaces`). */
  faces?: number;
  n: number;
  engineP50: number;
  engineP95: number;
  /** All faces embedded (DetectFaces / IndexFaces without MaxFaces). */
  engineAllP50: number;
  baselineP50: number;
  baselineP95: number;
  engineFound: number;
  baselineFound: number;
  /** Faces the all-faces pass found per photo (the small-face rows have `faces` each). */
  engineFacesPerPhoto?: number;
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

/** Share of the frame's width each face's tile takes in `smallFaces` (its face is ~40 % of a tile). */
export const SMALL_TILE = 0.16;

/**
 * `faces` LFW photos of different people, each shrunk to a tile of SMALL_TILE × `side`, on a
 * plain side × ¾·side canvas (JPEG q90, in memory): the largest face is ~6 % of the frame's
 * width, far under the 20 % of the one-face fast path, and every face must be found first.
 */
export async function smallFaces(files: string[], side: number): Promise<Buffer> {
  const w = side;
  const h = Math.round((side * 3) / 4);
  const tile = Math.round(side * SMALL_TILE);
  const cols = Math.floor(w / (tile * 1.5));
  const tiles = await Promise.all(
    files.map((f) => sharp(fs.readFileSync(f)).resize(tile, tile).toBuffer()),
  );
  return sharp({
    create: { width: w, height: h, channels: 3, background: { r: 96, g: 104, b: 112 } },
  })
    .composite(
      tiles.map((input, i) => ({
        input,
        left: Math.round((i % cols) * tile * 1.5 + tile * 0.25),
        top: Math.round(Math.floor(i / cols) * tile * 1.4 + tile * 0.2),
      })),
    )
    .jpeg({ quality: 90 })
    .toBuffer();
}

export async function latency(
  engine: FaceEngine,
  baseline: Baseline | undefined,
  opts: {
    sizes: Array<[number, number]>;
    /** [side, photos, faces per photo]: rows of several small faces (see `smallFaces`). */
    smallFaces?: Array<[number, number, number]>;
    log: (line: string) => void;
  },
): Promise<LatencyRow[]> {
  const rows: LatencyRow[] = [];
  const cases = [
    ...opts.sizes.map(([side, n]) => ({ side, n, faces: 1 })),
    ...(opts.smallFaces ?? []).map(([side, n, faces]) => ({ side, n, faces })),
  ];
  for (const { side, n, faces } of cases) {
    const pool = onePersonPhotos(n * faces);
    const photos = await Promise.all(
      faces === 1
        ? pool.slice(0, n).map((f) => atSize(f, side))
        : Array.from({ length: n }, (_, i) =>
            smallFaces(pool.filter((_, j) => j % n === i).slice(0, faces), side),
          ),
    );
    const e: number[] = [];
    const all: number[] = [];
    const b: number[] = [];
    let engineFound = 0;
    let facesFound = 0;
    let baselineFound = 0;
    await engine.detect(photos[0]!); // warm the decoder for this size
    for (const photo of photos) {
      // What SearchFacesByImage asks of the engine: the largest face, embedded.
      let t = performance.now();
      const r = await engine.detect(photo, { maxFaces: 1 });
      e.push(performance.now() - t);
      if (r.faces.length > 0) engineFound++;
      t = performance.now();
      facesFound += (await engine.detect(photo)).faces.length;
      all.push(performance.now() - t);
      if (baseline) {
        t = performance.now();
        if ((await baseline.detect(photo)) > 0) baselineFound++;
        b.push(performance.now() - t);
      }
    }
    const dims = side <= 250 ? '250×250' : `${side}×${Math.round((side * 3) / 4)}`;
    const row: LatencyRow = {
      size:
        faces === 1
          ? dims
          : `${dims}, ${faces} small faces (tiles ${Math.round(SMALL_TILE * 100)} % of the width)`,
      faces,
      n,
      engineP50: percentile(e, 0.5),
      engineP95: percentile(e, 0.95),
      engineAllP50: percentile(all, 0.5),
      baselineP50: percentile(b, 0.5),
      baselineP95: percentile(b, 0.95),
      engineFound,
      baselineFound,
      engineFacesPerPhoto: facesFound / photos.length,
    };
    opts.log(
      `  ${row.size}: engine p50 ${row.engineP50.toFixed(0)} ms, baseline p50 ${row.baselineP50.toFixed(0)} ms`,
    );
    rows.push(row);
  }
  return rows;
}
