/**
 * Downscaling in plain JS, so that one full-resolution decode serves both the detector's small
 * copy and the chip source (see photo.ts).
 * @module
 */
import type { RgbImage } from './decode-image.js';

/** Samples per axis that `shrinkTo` averages within each output pixel's footprint. */
const SAMPLES = 4;
/** log2(SAMPLES²): the mean of the samples is a shift. */
const SHIFT = 4;

/**
 * `src` scaled down to `width × height` for the detector: each output pixel is the mean of a
 * 4×4 grid of source pixels spread evenly over its footprint (a box filter, sampled: 16 reads
 * per output pixel instead of every source pixel, which at 1280 px took ~12 ms of JS).
 */
export function shrinkTo(src: RgbImage, width: number, height: number): RgbImage {
  if (width === src.width && height === src.height) return src;
  if (width > src.width || height > src.height || width < 1 || height < 1) {
    throw new RangeError(`shrinkTo only shrinks: ${src.width}×${src.height} → ${width}×${height}`);
  }
  const { data, width: sw } = src;
  const xs = sampleOffsets(src.width, width);
  const ys = sampleOffsets(src.height, height);
  const out = new Uint8Array(width * height * 3);
  const half = (SAMPLES * SAMPLES) >> 1;
  let o = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let j = 0; j < SAMPLES; j++) {
        const row = ys[y * SAMPLES + j]! * sw;
        for (let i = 0; i < SAMPLES; i++) {
          const p = (row + xs[x * SAMPLES + i]!) * 3;
          r += data[p]!;
          g += data[p + 1]!;
          b += data[p + 2]!;
        }
      }
      out[o++] = (r + half) >> SHIFT;
      out[o++] = (g + half) >> SHIFT;
      out[o++] = (b + half) >> SHIFT;
    }
  }
  return { data: out, width, height };
}

/** For each output pixel along an axis, the SAMPLES source pixels spread over its footprint. */
function sampleOffsets(src: number, dst: number): Int32Array {
  const scale = src / dst;
  const at = new Int32Array(dst * SAMPLES);
  for (let x = 0; x < dst; x++) {
    for (let i = 0; i < SAMPLES; i++) {
      at[x * SAMPLES + i] = Math.min(src - 1, Math.floor((x + (i + 0.5) / SAMPLES) * scale));
    }
  }
  return at;
}

/**
 * `src` shrunk by the integer factor `k`: each output pixel is the exact mean of a k×k block
 * (the right and bottom remainders, fewer than k pixels, are dropped).
 */
export function shrinkBy(src: RgbImage, k: number): RgbImage {
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`shrinkBy needs an integer ≥ 1, not ${k}`);
  if (k === 1) return src;
  const width = Math.floor(src.width / k);
  const height = Math.floor(src.height / k);
  if (width < 1 || height < 1)
    throw new RangeError(`${src.width}×${src.height} is smaller than ${k}`);
  const data =
    k === 2 ? halve(src.data, src.width, width, height) : blockMeans(src, k, width, height);
  return { data, width, height };
}

/** k = 2, the common case (photos of 1–2 MP), unrolled: about twice as fast as blockMeans. */
function halve(d: Uint8Array, sw: number, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  const s = sw * 3;
  let o = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = 2 * y * s; x < width; x++, i += 6) {
      out[o++] = (d[i]! + d[i + 3]! + d[i + s]! + d[i + s + 3]! + 2) >> 2;
      out[o++] = (d[i + 1]! + d[i + 4]! + d[i + s + 1]! + d[i + s + 4]! + 2) >> 2;
      out[o++] = (d[i + 2]! + d[i + 5]! + d[i + s + 2]! + d[i + s + 5]! + 2) >> 2;
    }
  }
  return out;
}

function blockMeans(src: RgbImage, k: number, width: number, height: number): Uint8Array {
  const { data } = src;
  const stride = src.width * 3;
  const out = new Uint8Array(width * height * 3);
  const n = k * k;
  const half = n >> 1;
  let o = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0, p0 = y * k * stride + x * k * 3; dy < k; dy++, p0 += stride) {
        for (let dx = 0, p = p0; dx < k; dx++, p += 3) {
          r += data[p]!;
          g += data[p + 1]!;
          b += data[p + 2]!;
        }
      }
      out[o++] = ((r + half) / n) | 0;
      out[o++] = ((g + half) / n) | 0;
      out[o++] = ((b + half) / n) | 0;
    }
  }
  return out;
}
