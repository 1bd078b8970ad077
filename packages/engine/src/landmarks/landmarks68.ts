/**
 * face-api's 68-point landmark net (iBUG 300-W layout) on a square 112×112 crop. Run twice:
 * once on a crop around the detector's box, then on a crop around the first pass's points,
 * which is the box shape the net was trained on (its SSD detector's, roughly the points' extent).
 * @module
 */
import type { FaceApi } from '../runtime/tf-runtime.js';
import type { RgbImage } from '../image/decode-image.js';
import { squareCrop, warpAffine } from '../align/warp.js';
import type { Point } from '../align/face-templates.js';

const INPUT = 112;

export interface SquareBox {
  cx: number;
  cy: number;
  side: number;
}

async function once(faceapi: FaceApi, img: RgbImage, box: SquareBox): Promise<Point[]> {
  const x0 = box.cx - box.side / 2;
  const y0 = box.cy - box.side / 2;
  const pixels = warpAffine(img, squareCrop(x0, y0, box.side, INPUT), INPUT, INPUT);
  const input = faceapi.tf.tensor4d(pixels, [1, INPUT, INPUT, 3]);
  try {
    const result = await faceapi.nets.faceLandmark68Net.detectLandmarks(input);
    return result.relativePositions.map((p) => ({ x: x0 + p.x * box.side - 0.5, y: y0 + p.y * box.side - 0.5 }));
  } finally {
    input.dispose();
  }
}

/** The square box the landmark net expects around a set of 68 points. */
export function boxAround(points: Point[], margin = 1.05): SquareBox {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of points) {
    x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
  }
  return { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, side: Math.max(x1 - x0, y1 - y0) * margin };
}

/** 68 landmarks in `img` pixel coordinates, starting from a detector box. */
export async function landmarks68(faceapi: FaceApi, img: RgbImage, start: SquareBox, passes = 2): Promise<Point[]> {
  let points = await once(faceapi, img, start);
  for (let i = 1; i < passes; i++) points = await once(faceapi, img, boxAround(points));
  return points;
}
