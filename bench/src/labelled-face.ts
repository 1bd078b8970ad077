/**
 * What the LFW sections need of a detector (the engine, or the face-api baseline), and which
 * face of an LFW photo is the one it is labelled with.
 * @module
 */
import type { BoundingBox } from '@facegate/core';

/** What the LFW sections need of a detector: the engine, or the face-api baseline. */
export interface Describer {
  detect(bytes: Uint8Array, options?: { embedding?: 'index' | 'query' }): Promise<FacesFound>;
}
export interface FacesFound {
  width: number;
  height: number;
  faces: Array<{ detail: { BoundingBox: BoundingBox }; embedding: Float32Array }>;
}

/**
 * LFW photos are centred on the person they are labelled with: take the face nearest the
 * centre, preferring bigger faces (a background face can sit near the centre too).
 */
export function labelledFace(r: FacesFound): Float32Array | undefined {
  let best: { score: number; e: Float32Array } | undefined;
  for (const f of r.faces) {
    const b = f.detail.BoundingBox;
    const dx = (b.Left + b.Width / 2 - 0.5) * r.width;
    const dy = (b.Top + b.Height / 2 - 0.5) * r.height;
    const score = Math.hypot(dx, dy) - b.Width * r.width;
    if (!best || score < best.score) best = { score, e: f.embedding };
  }
  return best?.e;
}
