/**
 * Rekognition's documented limits and identifier patterns, checked once by the service so
 * every entry point (HTTP endpoint, Search API, CLI in process) gets the same answers.
 * @module
 */
import { Errors } from '../errors.js';

export const Limits = {
  /** Image.Bytes as sent inline. */
  maxBytes: 5 * 1024 * 1024,
  /** Image.S3Object as read from a bucket. */
  maxS3Bytes: 15 * 1024 * 1024,
  minImageSide: 80,
  maxIdLength: 255,
  maxUserIdLength: 128,
  indexMaxFaces: 100,
  searchMaxFaces: 4096,
  listMaxResults: 4096,
  listDefaultResults: 1000,
  deleteMaxFaces: 4096,
  associateMaxFaces: 100,
  defaultThreshold: 80,
  /** DetectFaces and CompareFaces report at most this many faces, as Rekognition does. */
  maxDetectedFaces: 100,
} as const;

const COLLECTION_ID = /^[a-zA-Z0-9_.-]+$/;
const EXTERNAL_IMAGE_ID = /^[a-zA-Z0-9_.\-:]+$/;
const USER_ID = /^[a-zA-Z0-9_.\-:]+$/;
const FACE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function checkPattern(name: string, value: unknown, pattern: RegExp, max: number): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw Errors.invalidParameter(`${name} is required.`);
  }
  if (value.length > max || !pattern.test(value)) {
    throw Errors.invalidParameter(
      `${name} '${value.slice(0, 300)}' must match ${pattern.source} and be at most ${max} characters.`,
    );
  }
  return value;
}

export const checkCollectionId = (v: unknown): string =>
  checkPattern('CollectionId', v, COLLECTION_ID, Limits.maxIdLength);

export const checkExternalImageId = (v: unknown): string | undefined =>
  v === undefined
    ? undefined
    : checkPattern('ExternalImageId', v, EXTERNAL_IMAGE_ID, Limits.maxIdLength);

export const checkUserId = (v: unknown): string =>
  checkPattern('UserId', v, USER_ID, Limits.maxUserIdLength);

export const checkFaceId = (v: unknown): string => checkPattern('FaceId', v, FACE_ID, 36);

/** A whole number within [min, max], or the default when absent. */
export function checkInt(
  name: string,
  value: number | undefined,
  min: number,
  max: number,
  dflt: number,
): number {
  if (value === undefined) return dflt;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw Errors.invalidParameter(`${name} must be an integer from ${min} to ${max}.`);
  }
  return value;
}

/** A similarity threshold in [0, 100], or the default when absent. */
export function checkThreshold(name: string, value: number | undefined): number {
  if (value === undefined) return Limits.defaultThreshold;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw Errors.invalidParameter(`${name} must be a number from 0 to 100.`);
  }
  return value;
}

/** A list of face ids, each a UUID, between 1 and `max` of them. */
export function checkFaceIds(value: unknown, max: number): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > max) {
    throw Errors.invalidParameter(`FaceIds must hold from 1 to ${max} face ids.`);
  }
  return value.map(checkFaceId);
}
