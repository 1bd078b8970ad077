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

/** The patterns as Rekognition's API reference (and its error messages) spell them. */
const PATTERN_TEXT = new Map<RegExp, string>([
  [COLLECTION_ID, '[a-zA-Z0-9_.\\-]+'],
  [EXTERNAL_IMAGE_ID, '[a-zA-Z0-9_.\\-:]+'],
  [USER_ID, '[a-zA-Z0-9_.\\-:]+'],
  [FACE_ID, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'],
]);

/** A member name as AWS's validation messages give it: `CollectionId` -> `collectionId`. */
const wireName = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** A value as AWS's (Java) validation layer prints it: floats keep a `.0`, null is bare. */
function printValue(value: unknown, float: boolean): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'number' && float && Number.isInteger(value)) return `'${value}.0'`;
  if (Array.isArray(value)) return `'[${value.map(String).join(', ')}]'`;
  return `'${String(value).slice(0, 300)}'`;
}

/**
 * A parameter outside Rekognition's declared constraints: a ValidationException worded as AWS
 * words it before the service runs, e.g. `1 validation error detected: Value '{collection_id}'
 * at 'collectionId' failed to satisfy constraint: Member must satisfy regular expression
 * pattern: [a-zA-Z0-9_.\-]+`. Well-formed requests the service cannot serve stay
 * InvalidParameterException.
 */
export function validationError(
  name: string,
  value: unknown,
  constraints: readonly string[],
  float = false,
) {
  const n = constraints.length;
  const each = constraints.map(
    (c) =>
      `Value ${printValue(value, float)} at '${wireName(name)}' failed to satisfy constraint: Member must ${c}`,
  );
  return Errors.validation(
    `${n} validation error${n === 1 ? '' : 's'} detected: ${each.join('; ')}`,
  );
}

function checkPattern(name: string, value: unknown, pattern: RegExp, max: number): string {
  if (value === undefined || value === null) throw validationError(name, value, ['not be null']);
  if (typeof value !== 'string') throw Errors.invalidParameter(`${name} must be a string.`);
  const failed: string[] = [];
  if (!pattern.test(value))
    failed.push(
      `satisfy regular expression pattern: ${PATTERN_TEXT.get(pattern) ?? pattern.source}`,
    );
  if (value.length < 1) failed.push('have length greater than or equal to 1');
  if (value.length > max) failed.push(`have length less than or equal to ${max}`);
  if (failed.length) throw validationError(name, value, failed);
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

/**
 * A whole number within [min, max], or the default when absent. The range Rekognition declares
 * is a ValidationException; `serviceMax` (a limit the service enforces beyond the declared
 * range, e.g. IndexFaces MaxFaces <= 100) is an InvalidParameterException, as on AWS.
 */
export function checkInt(
  name: string,
  value: number | undefined,
  min: number,
  max: number,
  dflt: number,
  serviceMax?: number,
): number {
  if (value === undefined) return dflt;
  if (!Number.isInteger(value)) throw Errors.invalidParameter(`${name} must be an integer.`);
  if (value < min)
    throw validationError(name, value, [`have value greater than or equal to ${min}`]);
  if (value > max) throw validationError(name, value, [`have value less than or equal to ${max}`]);
  if (serviceMax !== undefined && value > serviceMax)
    throw Errors.invalidParameter(`${name} must be an integer from ${min} to ${serviceMax}.`);
  return value;
}

/** A similarity threshold in [0, 100] (Rekognition's declared Float range), or the default. */
export function checkThreshold(name: string, value: number | undefined): number {
  if (value === undefined) return Limits.defaultThreshold;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw Errors.invalidParameter(`${name} must be a number from 0 to 100.`);
  if (value < 0)
    throw validationError(name, value, ['have value greater than or equal to 0'], true);
  if (value > 100)
    throw validationError(name, value, ['have value less than or equal to 100'], true);
  return value;
}

/** A list of face ids, each a UUID, between 1 and `max` of them (declared constraints). */
export function checkFaceIds(value: unknown, max: number): string[] {
  if (value === undefined || value === null)
    throw validationError('FaceIds', value, ['not be null']);
  if (!Array.isArray(value)) throw Errors.invalidParameter('FaceIds must be a list.');
  if (value.length < 1)
    throw validationError('FaceIds', value, ['have length greater than or equal to 1']);
  if (value.length > max)
    throw validationError('FaceIds', `[${value.length} items]`, [
      `have length less than or equal to ${max}`,
    ]);
  const bad = value.find((v) => typeof v !== 'string' || !FACE_ID.test(v));
  if (bad !== undefined)
    throw validationError('FaceIds', value.slice(0, 10), [
      `satisfy constraint: [Member must satisfy regular expression pattern: ${PATTERN_TEXT.get(FACE_ID)}]`,
    ]);
  return value as string[];
}
