/**
 * Rekognition's FaceDetail from 68 landmarks: box, named landmarks, pose and image quality.
 * All coordinates come in chip-source pixels and leave as ratios of the image.
 * @module
 */
import type { BoundingBox, Landmark, LandmarkType, Pose, ImageQuality } from '@facegate/core';
import { extentOf, type Point } from '../align/face-templates.js';
import type { RgbImage } from '../image/decode-image.js';

const DEG = 180 / Math.PI;

function mean(points: Point[], idx: number[]): Point {
  let x = 0,
    y = 0;
  for (const i of idx) {
    x += points[i]!.x;
    y += points[i]!.y;
  }
  return { x: x / idx.length, y: y / idx.length };
}

/** Rekognition landmark names → iBUG 68-point indices averaged. "Left" is the image's left. */
const LANDMARK_MAP: Array<[LandmarkType, number[]]> = [
  ['eyeLeft', [36, 37, 38, 39, 40, 41]],
  ['eyeRight', [42, 43, 44, 45, 46, 47]],
  ['mouthLeft', [48]],
  ['mouthRight', [54]],
  ['nose', [30]],
  ['leftEyeBrowLeft', [17]],
  ['leftEyeBrowUp', [19]],
  ['leftEyeBrowRight', [21]],
  ['rightEyeBrowLeft', [22]],
  ['rightEyeBrowUp', [24]],
  ['rightEyeBrowRight', [26]],
  ['leftEyeLeft', [36]],
  ['leftEyeRight', [39]],
  ['leftEyeUp', [37, 38]],
  ['leftEyeDown', [40, 41]],
  ['rightEyeLeft', [42]],
  ['rightEyeRight', [45]],
  ['rightEyeUp', [43, 44]],
  ['rightEyeDown', [46, 47]],
  ['noseLeft', [31]],
  ['noseRight', [35]],
  ['mouthUp', [51]],
  ['mouthDown', [57]],
  ['leftPupil', [37, 38, 40, 41]],
  ['rightPupil', [43, 44, 46, 47]],
  ['upperJawlineLeft', [1]],
  ['midJawlineLeft', [4]],
  ['chinBottom', [8]],
  ['midJawlineRight', [12]],
  ['upperJawlineRight', [15]],
];

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Named landmarks as ratios of the image (`w`×`h` is the chip source's size). */
export function landmarksOf(points: Point[], w: number, h: number): Landmark[] {
  return LANDMARK_MAP.map(([Type, idx]) => {
    const p = mean(points, idx);
    return { Type, X: (p.x + 0.5) / w, Y: (p.y + 0.5) / h };
  });
}

/**
 * The face box: the landmarks' extent, raised by 15 % of its height to take in the forehead as
 * Rekognition's boxes do. Ratios, clipped to the image.
 */
export function boundingBoxOf(points: Point[], w: number, h: number): BoundingBox {
  const { x0, x1, y1, y0: brow } = extentOf(points);
  const y0 = brow - (y1 - brow) * 0.15;
  const left = clamp01(x0 / w),
    top = clamp01(y0 / h);
  const right = clamp01((x1 + 1) / w),
    bottom = clamp01((y1 + 1) / h);
  return { Width: right - left, Height: bottom - top, Left: left, Top: top };
}

/**
 * Head pose from 2-D landmarks. Roll: the eye line's angle. Yaw: where the nose tip sits
 * between the jaw sides (0.5 = frontal), as asin. Pitch: where it sits between the eye and
 * mouth lines relative to a frontal face's 0.45. Positive yaw = face turned towards the image's
 * left; positive pitch = face tilted up. Rough (±10°) but monotonic, which is what filters need.
 */
export function poseOf(points: Point[]): Pose {
  const eyeL = mean(points, [36, 37, 38, 39, 40, 41]);
  const eyeR = mean(points, [42, 43, 44, 45, 46, 47]);
  const roll = Math.atan2(eyeR.y - eyeL.y, eyeR.x - eyeL.x);
  const cos = Math.cos(-roll),
    sin = Math.sin(-roll);
  const rot = (p: Point): Point => ({ x: p.x * cos - p.y * sin, y: p.x * sin + p.y * cos });
  const nose = rot(points[30]!);
  const jawL = rot(mean(points, [0, 1, 2]));
  const jawR = rot(mean(points, [14, 15, 16]));
  const eyes = rot({ x: (eyeL.x + eyeR.x) / 2, y: (eyeL.y + eyeR.y) / 2 });
  const mouth = rot(mean(points, [48, 54]));
  const across = (nose.x - jawL.x) / Math.max(1e-6, jawR.x - jawL.x);
  const yaw = Math.asin(Math.max(-1, Math.min(1, (0.5 - across) * 2))) * DEG;
  const down = (nose.y - eyes.y) / Math.max(1e-6, mouth.y - eyes.y);
  const pitch = Math.asin(Math.max(-1, Math.min(1, (0.45 - down) * 2.5))) * DEG;
  return { Roll: round(roll * DEG), Yaw: round(yaw), Pitch: round(pitch) };
}

const round = (v: number) => Math.round(v * 100) / 100;

/**
 * Brightness: mean luma of the face crop, 0–100. Sharpness: variance of the 4-neighbour
 * Laplacian of its luma, mapped through 1 - exp(-v/400) to 0–100 (a 112-px face in focus
 * gives a variance in the hundreds; a blurred one under 50).
 */
export function qualityOf(crop: Float32Array, size: number): ImageQuality {
  const luma = new Float32Array(size * size);
  let sum = 0;
  for (let i = 0; i < size * size; i++) {
    const v = 0.299 * crop[i * 3]! + 0.587 * crop[i * 3 + 1]! + 0.114 * crop[i * 3 + 2]!;
    luma[i] = v;
    sum += v;
  }
  let lsum = 0,
    lsq = 0,
    n = 0;
  for (let y = 1; y < size - 1; y++) {
    for (let x = 1; x < size - 1; x++) {
      const i = y * size + x;
      const lap = luma[i - 1]! + luma[i + 1]! + luma[i - size]! + luma[i + size]! - 4 * luma[i]!;
      lsum += lap;
      lsq += lap * lap;
      n++;
    }
  }
  const variance = lsq / n - (lsum / n) ** 2;
  return {
    Brightness: round((sum / (size * size) / 255) * 100),
    Sharpness: round(100 * (1 - Math.exp(-variance / 400))),
  };
}

/** For tests and callers that only hold a decoded image. */
export type { RgbImage };
