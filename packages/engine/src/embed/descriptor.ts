/**
 * The face embedding: face-api's ResNet-34 descriptor (a port of dlib's
 * `dlib_face_recognition_resnet_model_v1`) on a dlib-aligned 150×150 chip, averaged with the
 * mirrored chip's descriptor, L2-normalised. Measured on LFW: the flip adds ~0.4 points.
 * @module
 */
import type { RgbImage } from '../image/decode-image.js';
import {
  DLIB_POINT_INDICES,
  dlibTemplate,
  similarityTransform,
  type Point,
} from '../align/face-templates.js';
import { warpAffine } from '../align/warp.js';
import { DESCRIPTOR_INPUT, type ResNetDescriptor } from '../nets/resnet-descriptor.js';

export const CHIP_SIZE = DESCRIPTOR_INPUT;
export const EMBEDDING_SIZE = 128;
const TEMPLATE = dlibTemplate(CHIP_SIZE, 0.25);

/** L2-normalises in place and returns the same array. */
export function l2normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const n = Math.sqrt(s) || 1;
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / n;
  return v;
}

/** The dlib-aligned chip (RGB 0–255, 150×150), optionally mirrored. */
export function dlibChip(img: RgbImage, points68: Point[], flip = false): Float32Array {
  const m = similarityTransform(
    TEMPLATE,
    DLIB_POINT_INDICES.map((i) => points68[i]!),
  );
  return warpAffine(img, m, CHIP_SIZE, CHIP_SIZE, flip);
}

/**
 * 128-d L2-normalised embedding of the face whose 68 landmarks are given: with `mirror`, the
 * average of the chip's and its mirror image's descriptors (what is stored); without, the
 * chip's alone (a search's query).
 */
export async function embedFace(
  net: ResNetDescriptor,
  img: RgbImage,
  points68: Point[],
  mirror = true,
): Promise<Float32Array> {
  const chips = mirror
    ? [dlibChip(img, points68), dlibChip(img, points68, true)]
    : [dlibChip(img, points68)];
  const [a, b] = (await net.describe(chips)).map(l2normalize);
  if (!b) return a!;
  const sum = new Float32Array(EMBEDDING_SIZE);
  for (let i = 0; i < EMBEDDING_SIZE; i++) sum[i] = a![i]! + b[i]!;
  return l2normalize(sum);
}
