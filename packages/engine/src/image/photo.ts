/**
 * One photo's pixels at the sizes the pipeline asks for: a small copy for the detector and a
 * sharper "chip source" for landmarks and embeddings. Photos up to SINGLE_DECODE_MAX_PIXELS are
 * decoded once, at full resolution, and both copies are made from that in JS (a second decode
 * through sharp costs more than the JS, and each sharp call adds a hand-off to its threads);
 * larger photos are decoded by sharp at each size asked for, where JPEG shrink-on-load does
 * most of the work.
 * @module
 */
import { decodeRgb, fitWithin, type ImageInfo, type RgbImage } from './decode-image.js';
import { shrinkBy, shrinkTo } from './shrink.js';

/**
 * Measured on one-face photos (docs/design/engine.md, "One decode"): one decode plus JS took
 * 10 ms against 21 ms for two sharp decodes at 1.2 MP, the same at 3.1 MP, and twice as long at
 * 4 MP and above.
 */
export const SINGLE_DECODE_MAX_PIXELS = 2_500_000;

export interface Photo {
  info: ImageInfo;
  /** A copy that fits within `maxSide` (never enlarged). */
  fit(maxSide: number): RgbImage | Promise<RgbImage>;
  /** A copy at `scale` of full size or more (≤ 1), for sampling face chips from. */
  atLeast(scale: number): RgbImage | Promise<RgbImage>;
}

/** Validated `info` (from probeImage) in, a Photo out; truncated data raises InvalidImageFormat. */
export async function openPhoto(bytes: Uint8Array, info: ImageInfo): Promise<Photo> {
  const longest = Math.max(info.width, info.height);
  if (info.width * info.height > SINGLE_DECODE_MAX_PIXELS) {
    return {
      info,
      fit: (maxSide) => decodeRgb(bytes, info, maxSide),
      atLeast: (scale) => decodeRgb(bytes, info, Math.round(longest * scale)),
    };
  }
  const full = await decodeRgb(bytes, info, longest);
  return {
    info,
    fit: (maxSide) => shrinkTo(full, ...fitWithin(full.width, full.height, maxSide)),
    // The largest whole factor that keeps at least `scale`: exact block means, no resampling.
    atLeast: (scale) => shrinkBy(full, Math.max(1, Math.floor(1 / scale))),
  };
}
