/**
 * The input convention of face-api's nets: RGB 0–255 minus face-api's mean colour, over 255.
 * Done in JS on the chip we have just sampled, instead of as three tensor kernels.
 * @module
 */

import type * as TF from '@tensorflow/tfjs-core';
import type { Tf } from '../runtime/tf-runtime.js';

/** face-api's mean RGB, subtracted before the first layer of all its nets. */
export const FACE_API_MEAN_RGB = [122.782, 117.001, 104.298] as const;

/** `(rgb − mean) / 255` of an interleaved RGB float array, in place; returns the same array. */
export function normalizeRgb(rgb: Float32Array): Float32Array {
  const [r, g, b] = FACE_API_MEAN_RGB;
  for (let i = 0; i < rgb.length; i += 3) {
    rgb[i] = (rgb[i]! - r) / 255;
    rgb[i + 1] = (rgb[i + 1]! - g) / 255;
    rgb[i + 2] = (rgb[i + 2]! - b) / 255;
  }
  return rgb;
}

/**
 * Runs `forward` once on `images` (each `side`×`side` RGB 0–255, interleaved; not changed) as one
 * batch, prepared by `prepare` (default: face-api's normalisation), and splits its output into one
 * row of `outputs` numbers per image.
 */
export async function runBatch(
  tf: Tf,
  images: Float32Array[],
  side: number,
  outputs: number,
  forward: (batch: Float32Array, n: number) => TF.Tensor,
  prepare: (batch: Float32Array) => Float32Array = normalizeRgb,
): Promise<Float32Array[]> {
  const flat = new Float32Array(images.length * side * side * 3);
  images.forEach((image, i) => flat.set(image, i * side * side * 3));
  const t = tf.tidy(() => forward(prepare(flat), images.length));
  try {
    const all = (await t.data()) as Float32Array;
    return images.map((_, i) => all.slice(i * outputs, (i + 1) * outputs));
  } finally {
    t.dispose();
  }
}
