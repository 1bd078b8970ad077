import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RgbImage } from './decode-image.js';
import { probeImage } from './decode-image.js';
import { openPhoto, SINGLE_DECODE_MAX_PIXELS } from './photo.js';
import { shrinkBy, shrinkTo } from './shrink.js';

const noise = (width: number, height: number): RgbImage => ({
  width,
  height,
  data: Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 7919 + (i >> 5)) % 256),
});

/** The mean of channel `ch` over source pixels [x0, x1) × [y0, y1), rounded half up. */
function blockMean(src: RgbImage, x0: number, y0: number, x1: number, y1: number, ch: number) {
  let sum = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) sum += src.data[(y * src.width + x) * 3 + ch]!;
  return Math.floor(sum / ((x1 - x0) * (y1 - y0)) + 0.5);
}

describe('shrinkBy', () => {
  it.each([2, 3, 5])('gives the exact mean of each %i×%i block and drops the remainder', (k) => {
    const src = noise(23, 17);
    const out = shrinkBy(src, k);
    expect([out.width, out.height]).toEqual([Math.floor(23 / k), Math.floor(17 / k)]);
    for (let y = 0; y < out.height; y++)
      for (let x = 0; x < out.width; x++)
        for (let ch = 0; ch < 3; ch++)
          expect(out.data[(y * out.width + x) * 3 + ch]).toBe(
            blockMean(src, x * k, y * k, x * k + k, y * k + k, ch),
          );
  });

  it('returns the image itself for k = 1 and refuses other factors', () => {
    const src = noise(4, 4);
    expect(shrinkBy(src, 1)).toBe(src);
    expect(() => shrinkBy(src, 1.5)).toThrow(RangeError);
    expect(() => shrinkBy(src, 0)).toThrow(RangeError);
    expect(() => shrinkBy(src, 5)).toThrow(RangeError);
  });
});

describe('shrinkTo', () => {
  it('keeps a flat colour flat and the size asked for', () => {
    const src: RgbImage = { width: 1280, height: 960, data: new Uint8Array(1280 * 960 * 3) };
    for (let i = 0; i < src.data.length; i += 3) src.data.set([200, 100, 7], i);
    const out = shrinkTo(src, 128, 96);
    expect([out.width, out.height]).toEqual([128, 96]);
    const distinct = new Set<string>();
    for (let i = 0; i < out.data.length; i += 3) distinct.add(out.data.subarray(i, i + 3).join());
    expect([...distinct]).toEqual(['200,100,7']);
  });

  it('averages over each footprint: a one-pixel checkerboard becomes mid-grey', () => {
    const src: RgbImage = { width: 640, height: 480, data: new Uint8Array(640 * 480 * 3) };
    for (let y = 0; y < 480; y++)
      for (let x = 0; x < 640; x++)
        src.data.fill((x + y) % 2 ? 255 : 0, (y * 640 + x) * 3, (y * 640 + x + 1) * 3);
    const out = shrinkTo(src, 160, 120);
    const worst = out.data.reduce((m, v) => Math.max(m, Math.abs(v - 128)), 0);
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('returns the image itself at its own size and refuses to enlarge', () => {
    const src = noise(8, 6);
    expect(shrinkTo(src, 8, 6)).toBe(src);
    expect(() => shrinkTo(src, 9, 6)).toThrow(RangeError);
  });
});

describe('openPhoto', () => {
  /** A gradient: red grows to the right, green downwards, so corners show where pixels went. */
  const photo = (width: number, height: number) => {
    const raw = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        raw.set([(x * 255) / width, (y * 255) / height, 128], (y * width + x) * 3);
    return sharp(raw, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 95 })
      .toBuffer();
  };

  it.each([
    [1280, 960],
    [2048, 1536],
  ])('gives the detector copy and the chip source at the sizes asked for (%i×%i)', async (w, h) => {
    const bytes = await photo(w, h);
    const opened = await openPhoto(bytes, await probeImage(bytes));
    expect(w * h <= SINGLE_DECODE_MAX_PIXELS).toBe(w === 1280);
    const small = await opened.fit(128);
    expect([small.width, small.height]).toEqual([128, 96]);
    const source = await opened.atLeast(0.45);
    expect(source.width / w).toBeGreaterThanOrEqual(0.45 - 1 / w);
    expect(source.width / w).toBeLessThanOrEqual(0.5);
    // Top-left and bottom-right corners keep the gradient's colours.
    const px = (img: RgbImage, x: number, y: number) => [
      ...img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3),
    ];
    expect(px(small, 0, 0)[0]).toBeLessThan(8);
    expect(px(small, 127, 95)[0]).toBeGreaterThan(245);
    expect(px(source, source.width - 1, source.height - 1)[1]).toBeGreaterThan(245);
  });
});
