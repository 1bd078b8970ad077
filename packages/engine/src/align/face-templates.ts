/**
 * Where the landmarks go on an aligned chip, and the least-squares similarity transform that
 * puts them there.
 * @module
 */
import type { Affine } from './warp.js';

export interface Point {
  x: number;
  y: number;
}

/** dlib's mean face shape for 68-point landmarks 17–67 (`get_face_chip_details`). */
const DLIB_MEAN_X = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991,
  0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373,
  0.121737, 0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132,
  0.858516, 0.79751, 0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104,
  0.642159, 0.556721, 0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157,
  0.689874, 0.553364, 0.490127, 0.42689,
];
const DLIB_MEAN_Y = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915,
  0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345,
  0.587326, 0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852,
  0.178758, 0.216423, 0.244077, 0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388,
  0.745405, 0.780233, 0.864805, 0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746,
  0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182,
];

/** dlib leaves out the jaw, the eyebrows and the lower lip when it fits the chip. */
export const DLIB_POINT_INDICES: number[] = [];
for (let i = 27; i <= 64; i++) if (i <= 54 || i >= 60) DLIB_POINT_INDICES.push(i);

/** dlib chip geometry for the ResNet descriptor: 150 px, padding 0.25. */
export function dlibTemplate(size = 150, padding = 0.25): Point[] {
  return DLIB_POINT_INDICES.map((i) => ({
    x: ((padding + DLIB_MEAN_X[i - 17]!) / (2 * padding + 1)) * size,
    y: ((padding + DLIB_MEAN_Y[i - 17]!) / (2 * padding + 1)) * size,
  }));
}

/** InsightFace's 5-point ArcFace template for 112×112 chips (eyes, nose tip, mouth corners). */
export const ARCFACE_112: Point[] = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
];

/**
 * The ArcFace template for a `size`-pixel chip, drawn towards the centre by `zoom` (< 1 shows more
 * around the face).
 */
export function arcfaceTemplate(size: number, zoom = 1): Point[] {
  const s = size / 112;
  return ARCFACE_112.map((q) => ({
    x: ((q.x - 56) * zoom + 56) * s,
    y: ((q.y - 56) * zoom + 56) * s,
  }));
}

function mean(points: Point[], from: number, to: number): Point {
  let x = 0;
  let y = 0;
  for (let i = from; i <= to; i++) {
    x += points[i]!.x;
    y += points[i]!.y;
  }
  const n = to - from + 1;
  return { x: x / n, y: y / n };
}

/** Five points (image-left eye, image-right eye, nose tip, mouth corners) from 68 landmarks. */
export function fivePointsFrom68(p: Point[]): Point[] {
  return [mean(p, 36, 41), mean(p, 42, 47), p[30]!, p[48]!, p[54]!];
}

/**
 * Least-squares similarity (rotation, uniform scale, translation; no reflection) mapping chip
 * coordinates `from` onto image coordinates `to`; the result samples a chip from the image.
 * Same direction as dlib's `find_similarity_transform(chip_points, image_points)`.
 */
export function similarityTransform(from: Point[], to: Point[]): Affine {
  const n = from.length;
  let fx = 0,
    fy = 0,
    tx = 0,
    ty = 0;
  for (let i = 0; i < n; i++) {
    fx += from[i]!.x;
    fy += from[i]!.y;
    tx += to[i]!.x;
    ty += to[i]!.y;
  }
  fx /= n;
  fy /= n;
  tx /= n;
  ty /= n;
  let num1 = 0,
    num2 = 0,
    den = 0;
  for (let i = 0; i < n; i++) {
    const qx = from[i]!.x - fx,
      qy = from[i]!.y - fy;
    const px = to[i]!.x - tx,
      py = to[i]!.y - ty;
    num1 += qx * px + qy * py;
    num2 += qx * py - qy * px;
    den += qx * qx + qy * qy;
  }
  const a = num1 / den;
  const b = num2 / den;
  // Both point sets are in pixel-index coordinates (pixel centres at integers), as in dlib.
  const c = tx - (a * fx - b * fy);
  const f = ty - (b * fx + a * fy);
  return [a, -b, c, b, a, f];
}

/** The axis-aligned extent of a set of points. */
export function extentOf(points: Point[]): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of points) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return { x0, y0, x1, y1 };
}
