/**
 * One image through the whole engine, inside one thread: decode (once, for photos up to 2.5 MP) →
 * detect on a small copy → landmarks and embedding on the chip source → FaceDetail. See
 * docs/design/engine.md.
 * @module
 */
import type {
  BoundingBox,
  DetectedFace,
  DetectionResult,
  DetectOptions,
  FaceDetail,
} from '@facegate/core';
import { loadRuntime } from '../runtime/tf-runtime.js';
import {
  loadFaceApiWeights,
  loadHumanGraphModel,
  loadHumanWeights,
  type FaceApiModel,
} from '../runtime/model-files.js';
import { BlazeFace, BLAZEFACE_INPUT, type RawDetection } from '../detect/blazeface.js';
import { probeImage, type RgbImage } from '../image/decode-image.js';
import { openPhoto, type Photo } from '../image/photo.js';
import type { Point } from '../align/face-templates.js';
import { boxAround, landmarks68, type LandmarkNets } from '../landmarks/landmarks68.js';
import { squareCrop, warpAffine } from '../align/warp.js';
import { boundingBoxOf, landmarksOf, poseOf, qualityOf } from '../detail/face-detail.js';
import { attributesOf, mouthOpenOf, type AttributeNets } from '../detail/attributes.js';
import { embedFace, FACERES_CHIP, type DescriptorNets } from './descriptor.js';
import { DenseNet } from '../nets/dense-net.js';
import { AgeGenderNet } from '../nets/age-gender-net.js';
import { ResNetDescriptor } from '../nets/resnet-descriptor.js';
import { FaceResDescriptor } from '../nets/faceres-descriptor.js';

/** BlazeFace scores below this are not faces (no false positives on the no-face photos at 0.5). */
export const MIN_DETECTION_SCORE = 0.5;
/**
 * Faces are sampled from a copy where they are at least this many pixels wide (or from the full
 * image when they are smaller): about twice what the 150-px chip needs of the face.
 */
export const CHIP_SOURCE_FACE_PX = 240;
/** The selfie detector's answer is trusted when its largest face spans this share of its input. */
export const FRONT_MIN_FACE = 0.2;

export class FacePipeline {
  private constructor(
    private readonly detector: BlazeFace,
    private readonly frontDetector: BlazeFace,
    private readonly landmarkNets: LandmarkNets,
    private readonly descriptors: DescriptorNets,
    private readonly attributeNets: AttributeNets,
  ) {}

  /** Loads tfjs (WASM) and every model this thread needs; call once per thread. */
  static async load(): Promise<FacePipeline> {
    const tf = await loadRuntime();
    const weights = (name: FaceApiModel) => loadFaceApiWeights(tf, name);
    const pipeline = new FacePipeline(
      new BlazeFace(tf, await loadHumanGraphModel(tf, 'blazeface'), BLAZEFACE_INPUT),
      new BlazeFace(tf, await loadHumanGraphModel(tf, 'blazeface-front'), BLAZEFACE_INPUT / 2),
      {
        full: new DenseNet(tf, weights('face_landmark_68_model')),
        tiny: new DenseNet(tf, weights('face_landmark_68_tiny_model')),
      },
      {
        resnet: ResNetDescriptor.fromWeights(tf, weights('face_recognition_model')),
        faceres: FaceResDescriptor.fromWeights(tf, loadHumanWeights(tf, 'faceres'), FACERES_CHIP),
      },
      {
        ageGender: new AgeGenderNet(tf, weights('age_gender_model')),
        expression: new DenseNet(tf, weights('face_expression_model')),
      },
    );
    await pipeline.warmUp();
    return pipeline;
  }

  /** WASM kernels compile on first use; do it before the first request pays for it. */
  private async warmUp(): Promise<void> {
    const img: RgbImage = {
      data: new Uint8Array(128 * 128 * 3).fill(128),
      width: 128,
      height: 128,
    };
    await this.detector.detect(img, 0.99);
    await this.frontDetector.detect(img, 0.99);
    const pts = await landmarks68(this.landmarkNets, img, { cx: 64, cy: 64, side: 100 }, 2);
    await embedFace(this.descriptors, img, pts);
    await attributesOf(this.attributeNets, new Float32Array(112 * 112 * 3));
  }

  /** Detects, describes and (unless `embed: false`) embeds the faces of one JPEG/PNG. */
  async detect(bytes: Uint8Array, options: DetectOptions = {}): Promise<DetectionResult> {
    const info = await probeImage(bytes);
    const maxFaces = options.maxFaces === undefined ? Infinity : Math.max(0, options.maxFaces);
    const photo = await openPhoto(bytes, info);
    const { small, found } = await this.findFaces(photo, maxFaces);
    if (found.length === 0 || maxFaces === 0)
      return { width: info.width, height: info.height, faces: [] };

    // Detector boxes are only a rough size: faces down to half the cut-off's area get landmarks, and
    // the landmark boxes (which are what callers see) decide which are the largest.
    const area = (d: RawDetection) => (d.x1 - d.x0) * (d.y1 - d.y0);
    const cutoff = found.length > maxFaces ? area(found[maxFaces - 1]!) * 0.5 : 0;
    const candidates = found.filter((d) => area(d) >= cutoff);
    const source = await this.chipSource(photo, small, candidates);
    const k = source.width / small.width;
    const located: Array<{ d: RawDetection; points: Point[]; box: BoundingBox }> = [];
    for (const d of candidates) {
      const side = Math.max(d.x1 - d.x0, d.y1 - d.y0) * k;
      const cx = ((d.x0 + d.x1) / 2) * k;
      const cy = ((d.y0 + d.y1) / 2) * k + 0.05 * side;
      const points = await landmarks68(this.landmarkNets, source, { cx, cy, side: side * 1.3 }, 2);
      located.push({ d, points, box: boundingBoxOf(points, source.width, source.height) });
    }
    const boxArea = (b: BoundingBox) => b.Width * b.Height;
    located.sort((a, b) => boxArea(b.box) - boxArea(a.box));

    const faces: DetectedFace[] = [];
    for (const { d, points, box } of located.slice(0, maxFaces)) {
      const sq = boxAround(points);
      const crop112 = warpAffine(
        source,
        squareCrop(sq.cx - sq.side / 2, sq.cy - sq.side / 2, sq.side, 112),
        112,
        112,
      );
      let detail: FaceDetail = {
        BoundingBox: box,
        Confidence: Math.round(d.score * 1e5) / 1e3,
        Landmarks: landmarksOf(points, source.width, source.height),
        Pose: poseOf(points),
        Quality: qualityOf(crop112, 112),
      };
      if (options.attributes === 'ALL')
        detail = {
          ...detail,
          ...(await attributesOf(this.attributeNets, crop112)),
          MouthOpen: mouthOpenOf(points),
        };
      const embedding =
        options.embed === false || faces.length >= (options.embedLimit ?? Infinity)
          ? new Float32Array(0)
          : await embedFace(this.descriptors, source, points, options.embedding !== 'query');
      faces.push({ detail, embedding });
    }
    return { width: info.width, height: info.height, faces };
  }

  /**
   * Detections, largest first, and the copy they were found on. When only the largest face is
   * wanted (SearchFacesByImage, IndexFaces MaxFaces 1), the selfie model at 128 px runs first:
   * at a quarter of the cost it reliably finds faces at least FRONT_MIN_FACE of its input, and
   * any face bigger than the one it found would have been found too. Otherwise (or when its
   * largest face is smaller than that) the full 256-px detector runs.
   */
  private async findFaces(
    photo: Photo,
    maxFaces: number,
  ): Promise<{ small: RgbImage; found: RawDetection[] }> {
    const area = (d: RawDetection) => (d.x1 - d.x0) * (d.y1 - d.y0);
    if (maxFaces === 1) {
      const small = await photo.fit(this.frontDetector.size);
      const found = (await this.frontDetector.detect(small, MIN_DETECTION_SCORE)).sort(
        (a, b) => area(b) - area(a),
      );
      const top = found[0];
      if (
        top &&
        Math.max(top.x1 - top.x0, top.y1 - top.y0) >= FRONT_MIN_FACE * this.frontDetector.size
      ) {
        return { small, found };
      }
    }
    const small = await photo.fit(this.detector.size);
    const found = (await this.detector.detect(small, MIN_DETECTION_SCORE)).sort(
      (a, b) => area(b) - area(a),
    );
    return { small, found };
  }

  /** The detection copy when it is already big enough, else a sharper one (see CHIP_SOURCE_FACE_PX). */
  private async chipSource(
    photo: Photo,
    small: RgbImage,
    found: RawDetection[],
  ): Promise<RgbImage> {
    const smallScale = small.width / photo.info.width;
    let need = 0;
    for (const d of found) {
      const faceOriginal = Math.max(d.x1 - d.x0, d.y1 - d.y0) / smallScale;
      need = Math.max(need, Math.min(1, CHIP_SOURCE_FACE_PX / faceOriginal));
    }
    if (need <= smallScale * 1.05) return small;
    return photo.atLeast(need);
  }
}
