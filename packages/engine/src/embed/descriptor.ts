/**
 * The face embedding of facegate-2.0: two descriptors of the same face, each L2-normalised,
 * weighted and concatenated into one unit vector, so that a single dot product ranks a search:
 *   - face-api's ResNet-34 (a port of dlib's `dlib_face_recognition_resnet_model_v1`) on a
 *     dlib-aligned 150×150 chip, averaged with the mirrored chip's descriptor (128 numbers);
 *   - human-models' `faceres` MobileNet on an ArcFace-aligned 224×224 chip zoomed out to 0.7:
 *     its 1,024 pooled features, L2-normalised, centred and projected on their top 64 principal
 *     components (fitted on half 0 of the LFW people: models/faceres-pca64.bin), L2-normalised
 *     again (64 numbers; the full 1,024 did no better on the open-set protocol and cost 9× the
 *     memory and scan time of facegate-1.0's embedding).
 * The cosine of two embeddings is RESNET_SHARE × the ResNet cosine + FACERES_SHARE × the faceres
 * cosine: the z-scored fusion of the two (weight 0.8 on the ResNet), with each part's spread
 * among different-person pairs measured on half 0. On the open-set protocol it names about a third
 * fewer strangers at the same share of enrolled people named (docs/design/engine.md, "Open-set
 * identification"). The first 128 numbers, rescaled, are the facegate-1.0 embedding, which is
 * how collections indexed before the change keep working.
 * @module
 */
import fs from 'node:fs';
import type { RgbImage } from '../image/decode-image.js';
import {
  DLIB_POINT_INDICES,
  arcfaceTemplate,
  dlibTemplate,
  fivePointsFrom68,
  similarityTransform,
  type Point,
} from '../align/face-templates.js';
import { warpAffine } from '../align/warp.js';
import { DESCRIPTOR_INPUT, type ResNetDescriptor } from '../nets/resnet-descriptor.js';
import { FACERES_SIZE, type FaceResDescriptor } from '../nets/faceres-descriptor.js';

export const CHIP_SIZE = DESCRIPTOR_INPUT;
/** The ResNet part (and the whole facegate-1.0 embedding). */
export const RESNET_EMBEDDING_SIZE = 128;
/** faceres' part: its features' top principal components. */
export const FACERES_COMPONENTS = 64;
export const EMBEDDING_SIZE = RESNET_EMBEDDING_SIZE + FACERES_COMPONENTS;
/** faceres' chip side and how far it is zoomed out from the ArcFace template (95.2 % on LFW pairs). */
export const FACERES_CHIP = 224;
export const FACERES_ZOOM = 0.7;
/**
 * Share of the embedding's cosine carried by the ResNet part: w / σ_resnet over
 * w / σ_resnet + (1 − w) / σ_faceres with w = 0.8 and the different-person cosine spreads of half 0
 * (σ_resnet 0.0337, σ_faceres of the 64 components 0.146; bench/probes/calib2.ts prints the shares).
 */
export const RESNET_SHARE = 0.9455;
export const FACERES_SHARE = 1 - RESNET_SHARE;

/**
 * faceres' projection: the mean of the L2-normalised features, then FACERES_COMPONENTS rows of
 * components (float32, little-endian), written by bench/probes/pca.ts from half 0's photos.
 */
function loadProjection(): { mean: Float32Array; components: Float32Array } {
  const file = new URL(`../../models/faceres-pca${FACERES_COMPONENTS}.bin`, import.meta.url);
  const bytes = fs.readFileSync(file);
  const all = new Float32Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
  if (all.length !== FACERES_SIZE * (1 + FACERES_COMPONENTS))
    throw new Error(
      `${file.pathname}: ${all.length} numbers, expected ${FACERES_SIZE * (1 + FACERES_COMPONENTS)}`,
    );
  return { mean: all.subarray(0, FACERES_SIZE), components: all.subarray(FACERES_SIZE) };
}
let projection: ReturnType<typeof loadProjection> | undefined;

/** faceres' features (as the net gives them) → its unit-length part of the embedding. */
export function projectFaceres(features: Float32Array): Float32Array {
  projection ??= loadProjection();
  const { mean, components } = projection;
  const f = l2normalize(Float32Array.from(features));
  for (let i = 0; i < FACERES_SIZE; i++) f[i] = f[i]! - mean[i]!;
  const out = new Float32Array(FACERES_COMPONENTS);
  for (let c = 0; c < FACERES_COMPONENTS; c++) {
    let s = 0;
    const row = c * FACERES_SIZE;
    for (let i = 0; i < FACERES_SIZE; i++) s += components[row + i]! * f[i]!;
    out[c] = s;
  }
  return l2normalize(out);
}

const TEMPLATE = dlibTemplate(CHIP_SIZE, 0.25);
const FACERES_TEMPLATE = arcfaceTemplate(FACERES_CHIP, FACERES_ZOOM);

/** The nets an embedding needs. */
export interface DescriptorNets {
  resnet: ResNetDescriptor;
  faceres: FaceResDescriptor;
}

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

/** faceres' chip: ArcFace 5-point alignment, zoomed out to 0.7, 224×224 RGB 0–255. */
export function faceresChip(img: RgbImage, points68: Point[]): Float32Array {
  const m = similarityTransform(FACERES_TEMPLATE, fivePointsFrom68(points68));
  return warpAffine(img, m, FACERES_CHIP, FACERES_CHIP);
}

/**
 * The 128-d ResNet embedding (L2-normalised): with `mirror`, the average of the chip's and its
 * mirror image's descriptors; without, the chip's alone.
 */
export async function resnetEmbedding(
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
  const sum = new Float32Array(RESNET_EMBEDDING_SIZE);
  for (let i = 0; i < RESNET_EMBEDDING_SIZE; i++) sum[i] = a![i]! + b[i]!;
  return l2normalize(sum);
}

/** Concatenates the two unit-length parts (ResNet, projected faceres) with their shares: a unit vector again. */
export function fuseEmbeddings(resnet: Float32Array, faceres: Float32Array): Float32Array {
  const out = new Float32Array(EMBEDDING_SIZE);
  const a = Math.sqrt(RESNET_SHARE);
  const b = Math.sqrt(FACERES_SHARE);
  for (let i = 0; i < RESNET_EMBEDDING_SIZE; i++) out[i] = a * resnet[i]!;
  for (let i = 0; i < FACERES_COMPONENTS; i++) out[RESNET_EMBEDDING_SIZE + i] = b * faceres[i]!;
  return out;
}

/**
 * The facegate-1.0 embedding inside a facegate-2.0 one: its ResNet part, rescaled to unit length
 * (exactly what facegate-1.0 computed for the same photo).
 */
export function resnetPart(embedding: Float32Array): Float32Array {
  return l2normalize(embedding.slice(0, RESNET_EMBEDDING_SIZE));
}

/**
 * The facegate-2.0 embedding of the face whose 68 landmarks are given. `mirror` (default, what is
 * stored and what a search compares) averages the ResNet descriptor with its mirror image's;
 * without it the ResNet sees the chip alone (a cheaper, slightly weaker probe).
 */
export async function embedFace(
  nets: DescriptorNets,
  img: RgbImage,
  points68: Point[],
  mirror = true,
): Promise<Float32Array> {
  const resnet = await resnetEmbedding(nets.resnet, img, points68, mirror);
  const [faceres] = await nets.faceres.describe([faceresChip(img, points68)]);
  return fuseEmbeddings(resnet, projectFaceres(faceres!));
}
