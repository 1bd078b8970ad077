/**
 * IndexFaces' QualityFilter: which detected faces are not indexed, and why, in Rekognition's
 * Reasons. Amazon does not publish its bars; these are facegate's, stricter level by level,
 * with AUTO between LOW and MEDIUM so ordinary photos of a person pass.
 * @module
 */
import type { QualityFilter, Reason } from '../rekognition.js';
import type { FaceDetail } from '../types.js';
import { validationError } from './limits.js';

interface Bar {
  minConfidence: number;
  /** Shorter side of the face box, in pixels of the (orientation-corrected) image. */
  minFacePixels: number;
  minSharpness: number;
  minBrightness: number;
  maxYaw: number;
  maxPitch: number;
}

const BARS: Record<Exclude<QualityFilter, 'NONE'>, Bar> = {
  LOW: {
    minConfidence: 50,
    minFacePixels: 20,
    minSharpness: 2,
    minBrightness: 5,
    maxYaw: 80,
    maxPitch: 70,
  },
  AUTO: {
    minConfidence: 60,
    minFacePixels: 30,
    minSharpness: 4,
    minBrightness: 10,
    maxYaw: 70,
    maxPitch: 60,
  },
  MEDIUM: {
    minConfidence: 80,
    minFacePixels: 40,
    minSharpness: 10,
    minBrightness: 20,
    maxYaw: 55,
    maxPitch: 45,
  },
  HIGH: {
    minConfidence: 90,
    minFacePixels: 60,
    minSharpness: 25,
    minBrightness: 30,
    maxYaw: 40,
    maxPitch: 35,
  },
};

const FILTERS: readonly QualityFilter[] = ['NONE', 'AUTO', 'LOW', 'MEDIUM', 'HIGH'];

export function checkQualityFilter(value: string | undefined, dflt: QualityFilter): QualityFilter {
  if (value === undefined) return dflt;
  if (!FILTERS.includes(value as QualityFilter)) {
    throw validationError('QualityFilter', value, [
      `satisfy enum value set: [${FILTERS.join(', ')}]`,
    ]);
  }
  return value as QualityFilter;
}

/** The Reasons a face fails the filter; empty when it passes (always empty for NONE). */
export function qualityReasons(
  detail: FaceDetail,
  image: { width: number; height: number },
  filter: QualityFilter,
): Reason[] {
  if (filter === 'NONE') return [];
  const bar = BARS[filter];
  const reasons: Reason[] = [];
  const box = detail.BoundingBox;
  const facePixels = Math.min(box.Width * image.width, box.Height * image.height);
  if (detail.Confidence < bar.minConfidence) reasons.push('LOW_CONFIDENCE');
  if (facePixels < bar.minFacePixels) reasons.push('SMALL_BOUNDING_BOX');
  if (detail.Quality.Sharpness < bar.minSharpness) reasons.push('LOW_SHARPNESS');
  if (detail.Quality.Brightness < bar.minBrightness) reasons.push('LOW_BRIGHTNESS');
  if (Math.abs(detail.Pose.Yaw) > bar.maxYaw || Math.abs(detail.Pose.Pitch) > bar.maxPitch) {
    reasons.push('EXTREME_POSE');
  }
  return reasons;
}
