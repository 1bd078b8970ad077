/**
 * Decoding with sharp: JPEG and PNG only, EXIF orientation applied, size limits enforced.
 * Two copies are made of a photo: a small one for the detector, and a "chip source" at full
 * resolution (or, for faces far larger than the chips need, at the resolution that keeps the
 * face at least twice the chip size, so sharp's shrink-on-load does the costly part).
 * @module
 */
import sharp, { type Metadata } from 'sharp';
import { Errors } from '@facegate/core';

/** Interleaved 8-bit RGB pixels. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Sides beyond this are rejected (Rekognition's own limit is by bytes; this guards memory). */
export const MAX_IMAGE_SIDE = 16_384;
/**
 * Pixel count beyond this is rejected: 40 MP is already a 120 MB raw RGB buffer, and a request
 * may decode no more (docs/design/fairness.md; 80 MP cost 5–7 s and +650 MB RSS).
 */
export const MAX_IMAGE_PIXELS = 40_000_000;

export interface ImageInfo {
  /** Width and height after EXIF orientation. */
  width: number;
  height: number;
  format: 'jpeg' | 'png';
}

/** Reads the header only; throws InvalidImageFormat / ImageTooLarge like Rekognition. */
export async function probeImage(bytes: Uint8Array): Promise<ImageInfo> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { failOn: 'none', limitInputPixels: false }).metadata();
  } catch {
    throw Errors.invalidImageFormat('Request has invalid image format');
  }
  if ((meta.format !== 'jpeg' && meta.format !== 'png') || !meta.width || !meta.height) {
    throw Errors.invalidImageFormat('Request has invalid image format');
  }
  if (
    meta.width > MAX_IMAGE_SIDE ||
    meta.height > MAX_IMAGE_SIDE ||
    meta.width * meta.height > MAX_IMAGE_PIXELS
  ) {
    throw Errors.imageTooLarge(
      `Image dimensions ${meta.width}x${meta.height} exceed the supported size`,
    );
  }
  const swap = (meta.orientation ?? 1) >= 5;
  return {
    width: swap ? meta.height : meta.width,
    height: swap ? meta.width : meta.height,
    format: meta.format,
  };
}

/** The size of a `width × height` image scaled to fit within `maxSide` (never enlarged). */
export function fitWithin(width: number, height: number, maxSide: number): [number, number] {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

/**
 * Decodes to RGB, orientation applied, scaled so the image fits within `maxSide` (never enlarged).
 * Truncated or corrupt data raises InvalidImageFormat.
 */
export async function decodeRgb(
  bytes: Uint8Array,
  info: ImageInfo,
  maxSide: number,
): Promise<RgbImage> {
  const [width, height] = fitWithin(info.width, info.height, maxSide);
  try {
    let pipeline = sharp(bytes, { failOn: 'error', limitInputPixels: false }).rotate();
    if (width < info.width || height < info.height) {
      pipeline = pipeline.resize({ width, height, fit: 'fill', fastShrinkOnLoad: true });
    }
    const { data, info: out } = await pipeline
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (out.channels !== 3) throw new Error(`unexpected ${out.channels} channels`);
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: out.width,
      height: out.height,
    };
  } catch {
    throw Errors.invalidImageFormat('Request has invalid image format');
  }
}
