/**
 * Conversions between the store's records, the engine's details and Rekognition's wire
 * shapes, and the DetectionAttributes selection.
 * @module
 */
import type { Attribute, ComparedFace, Face } from '../rekognition.js';
import type { DetectionAttributes, FaceDetail, FaceRecord, LandmarkType } from '../types.js';
import { validationError } from './limits.js';

/** The landmarks Rekognition returns without DetectionAttributes ALL. */
const DEFAULT_LANDMARKS: ReadonlySet<LandmarkType> = new Set([
  'eyeLeft',
  'eyeRight',
  'nose',
  'mouthLeft',
  'mouthRight',
]);

/** Individual attributes Rekognition accepts beside DEFAULT and ALL that a shipped model can give. */
const SINGLE_ATTRIBUTES: Record<string, keyof FaceDetail> = {
  AGE_RANGE: 'AgeRange',
  GENDER: 'Gender',
  EMOTIONS: 'Emotions',
  SMILE: 'Smile',
  MOUTH_OPEN: 'MouthOpen',
};
const KNOWN_ATTRIBUTES = new Set([
  'DEFAULT',
  'ALL',
  ...Object.keys(SINGLE_ATTRIBUTES),
  'BEARD',
  'EYEGLASSES',
  'EYES_OPEN',
  'MUSTACHE',
  'SUNGLASSES',
  'FACE_OCCLUDED',
  'EYE_DIRECTION',
]);

/** Rekognition's Attribute enum, in its API reference's order (for ValidationException). */
const ATTRIBUTE_ENUM = [
  'DEFAULT',
  'ALL',
  'AGE_RANGE',
  'BEARD',
  'EMOTIONS',
  'EYE_DIRECTION',
  'EYEGLASSES',
  'EYES_OPEN',
  'GENDER',
  'MOUTH_OPEN',
  'MUSTACHE',
  'FACE_OCCLUDED',
  'SMILE',
  'SUNGLASSES',
];

/** What to ask the engine for, and how to trim its answer to what was requested. */
export interface AttributeSelection {
  engine: DetectionAttributes;
  select(detail: FaceDetail): FaceDetail;
}

export function selectAttributes(
  requested: Attribute[] | undefined,
  member = 'DetectionAttributes',
): AttributeSelection {
  const list = requested ?? ['DEFAULT'];
  for (const a of list) {
    if (!KNOWN_ATTRIBUTES.has(a))
      throw validationError(member, list, [
        `satisfy constraint: [Member must satisfy enum value set: [${ATTRIBUTE_ENUM.join(', ')}]]`,
      ]);
  }
  if (list.includes('ALL')) return { engine: 'ALL', select: (d) => d };
  // BoundingBox, Confidence, Pose, Quality and five landmarks always come back; named
  // attributes are added on top of them.
  const extras = list.map((a) => SINGLE_ATTRIBUTES[a]).filter((k): k is keyof FaceDetail => !!k);
  return {
    engine: extras.length > 0 ? 'ALL' : 'DEFAULT',
    select: (d) => {
      const out: FaceDetail = {
        BoundingBox: d.BoundingBox,
        Confidence: d.Confidence,
        Landmarks: d.Landmarks.filter((l) => DEFAULT_LANDMARKS.has(l.Type)),
        Pose: d.Pose,
        Quality: d.Quality,
      };
      for (const key of extras) if (d[key] !== undefined) Object.assign(out, { [key]: d[key] });
      return out;
    },
  };
}

/** A stored face as Rekognition's `Face`. */
export function toFace(r: FaceRecord): Face {
  const face: Face = {
    FaceId: r.FaceId,
    BoundingBox: r.BoundingBox,
    ImageId: r.ImageId,
    Confidence: r.Confidence,
    IndexFacesModelVersion: r.IndexFacesModelVersion,
  };
  if (r.ExternalImageId !== undefined) face.ExternalImageId = r.ExternalImageId;
  if (r.UserId !== undefined) face.UserId = r.UserId;
  return face;
}

/** An engine detail as CompareFaces' `ComparedFace` (five landmarks, like Rekognition). */
export function toComparedFace(d: FaceDetail): ComparedFace {
  return {
    BoundingBox: d.BoundingBox,
    Confidence: d.Confidence,
    Landmarks: d.Landmarks.filter((l) => DEFAULT_LANDMARKS.has(l.Type)),
    Pose: d.Pose,
    Quality: d.Quality,
  };
}

/** Rounds a similarity the way the wire shows it, without pushing a score across a threshold. */
export const roundScore = (x: number): number => Math.floor(x * 1e5) / 1e5;
