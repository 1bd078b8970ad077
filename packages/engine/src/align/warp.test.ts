import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../image/decode-image.js';
import { squareCrop, warpAffine, type Affine } from './warp.js';

/** The textbook definition: every output pixel on its own, bilinear, edges repeated. */
function reference(src: RgbImage, m: Affine, w: number, h: number, flip: boolean): Float32Array {
  const out = new Float32Array(w * h * 3);
  const at = (x: number, y: number, ch: number) =>
    src.data[(Math.min(src.height - 1, y) * src.width + Math.min(src.width - 1, x)) * 3 + ch]!;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const xx = flip ? w - 1 - x : x;
      const sx = Math.min(src.width - 1, Math.max(0, m[0] * xx + m[1] * y + m[2]));
      const sy = Math.min(src.height - 1, Math.max(0, m[3] * xx + m[4] * y + m[5]));
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      for (let ch = 0; ch < 3; ch++) {
        const top = at(x0, y0, ch) * (1 - (sx - x0)) + at(x0 + 1, y0, ch) * (sx - x0);
        const bot = at(x0, y0 + 1, ch) * (1 - (sx - x0)) + at(x0 + 1, y0 + 1, ch) * (sx - x0);
        out[(y * w + x) * 3 + ch] = top * (1 - (sy - y0)) + bot * (sy - y0);
      }
    }
  }
  return out;
}

const image: RgbImage = {
  width: 37,
  height: 23,
  data: Uint8Array.from({ length: 37 * 23 * 3 }, (_, i) => (i * 7919) % 256),
};

describe('warpAffine', () => {
  it.each([
    ['a crop inside the image', squareCrop(3.2, 2.7, 15.5, 20), false],
    ['the same crop mirrored', squareCrop(3.2, 2.7, 15.5, 20), true],
    [
      'a rotation that leaves the image (edges repeated)',
      [0.8, -0.6, 10, 0.6, 0.8, -5] as Affine,
      false,
    ],
    ['an enlargement past the right and bottom edges', squareCrop(20, 10, 40, 30), true],
  ])('samples %s bilinearly', (_, m, flip) => {
    const got = warpAffine(image, m, 20, 20, flip);
    const want = reference(image, m, 20, 20, flip);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
    expect(worst).toBeLessThan(1e-3);
  });
});
