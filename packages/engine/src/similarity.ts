/**
 * The one definition of facegate's 0–100 similarity, shared by the engine, the store's search
 * and the docs, for each embedding model facegate has shipped.
 *
 * Embeddings are L2-normalised, so cosine similarity and Euclidean distance carry the same
 * information (d² = 2 − 2·cos). The score is a logistic curve in the cosine through two anchors
 * fitted on one half of the LFW people in ../shared/datasets (`halfOf(person) === 0`,
 * bench/src/split.ts) and reported on the other half, which the fit never saw (bench sections
 * `far` and `openset`, docs/benchmarks.md). Each model has its own anchors: a facegate-1.0
 * collection (128-number embeddings) keeps the scale it was indexed under, and embeddings of
 * different models are never compared (their sizes differ, and `cosineSimilarity` refuses).
 * @module
 */

/** Reported as FaceModelVersion. Bump when embeddings stop being comparable with older ones. */
export const MODEL_VERSION = 'facegate-2.0';
/** The ResNet-only model of collections indexed before facegate-2.0. */
export const LEGACY_MODEL_VERSION = 'facegate-1.0';

/** Where a model's scores sit on its cosine. */
export interface Calibration {
  modelVersion: string;
  /** Numbers in one embedding of this model. */
  dimension: number;
  /** Cosine that scores 80 (the default FaceMatchThreshold). */
  cosineAt80: number;
  /** Cosine that scores 90 (where the phone app stops calling a match uncertain). */
  cosineAt90: number;
  /**
   * Cosine that scores 80 in user searches, where a user counts by the mean cosine of their two
   * best faces (`userScore`): a rule of its own, so the user scale has its own anchor (same
   * slope).
   */
  userCosineAt80: number;
}

/**
 * facegate-2.0 (ResNet + faceres' top 64 components, 192 numbers; src/embed/descriptor.ts).
 * On half 0's 2,172,509 different-person pairs (stored embeddings on both sides, as a search compares them):
 *   - 80: reached by 0.018 % (1.8e-4) of them: the largest per-pair rate at which that half's
 *     open-set search (368 people enrolled, one photo each) names at most 5 % of strangers (4.7 %).
 *     A stranger is compared with every enrolled face, so the share of strangers named grows with
 *     the gallery: docs/benchmarks.md (`openset`) gives it for 379 and 747 people enrolled.
 *   - 90: reached by 0.0036 % (3.6e-5), a fifth of the 80 rate.
 *   - user 80: where user searches (up to three photos per person, `userScore`) name as many
 *     strangers as single-face searches do at 80, on the same half (4.7 %).
 */
export const CALIBRATION: Calibration = {
  modelVersion: MODEL_VERSION,
  dimension: 192,
  cosineAt80: 0.9101,
  cosineAt90: 0.9216,
  userCosineAt80: 0.9092,
};

/**
 * facegate-1.0 (the ResNet alone, 128 numbers), as shipped before: 80 at a per-pair FAR of
 * 5e-5 (cosine 0.9445), 90 at 1e-5 (0.9519), all fitted on half 0. User 80 (0.9425) is fitted
 * the same way as facegate-2.0's for the two-best-faces rule of `userScore` (it was 0.9484 for
 * the best face alone).
 */
export const LEGACY_CALIBRATION: Calibration = {
  modelVersion: LEGACY_MODEL_VERSION,
  dimension: 128,
  cosineAt80: 0.9445,
  cosineAt90: 0.9519,
  userCosineAt80: 0.9425,
};

const CALIBRATIONS = [CALIBRATION, LEGACY_CALIBRATION];

/** The calibration of a model version, or undefined for one this engine does not know. */
export function calibrationOf(modelVersion: string): Calibration | undefined {
  return CALIBRATIONS.find((c) => c.modelVersion === modelVersion);
}

/** The calibration of an embedding, told by its size. */
function calibrationFor(embedding: Float32Array): Calibration {
  const c = CALIBRATIONS.find((k) => k.dimension === embedding.length);
  if (!c) throw new RangeError(`no similarity scale for embeddings of ${embedding.length} numbers`);
  return c;
}

/** Cosine that scores 80 with the current model. */
export const COSINE_AT_80 = CALIBRATION.cosineAt80;
/** Cosine that scores 90 with the current model. */
export const COSINE_AT_90 = CALIBRATION.cosineAt90;
/** Cosine that scores 80 in user searches with the current model. */
export const USER_COSINE_AT_80 = CALIBRATION.userCosineAt80;

const LOGIT_80 = Math.log(80 / 20);
const LOGIT_90 = Math.log(90 / 10);
/** Logistic slope per unit of cosine. */
export const slopeOf = (c: Calibration) => (LOGIT_90 - LOGIT_80) / (c.cosineAt90 - c.cosineAt80);
/** Cosine that scores 50. */
export const midpointOf = (c: Calibration) => c.cosineAt80 - LOGIT_80 / slopeOf(c);
/** The current model's slope and midpoint. */
export const SIMILARITY_SLOPE = slopeOf(CALIBRATION);
export const SIMILARITY_MIDPOINT = midpointOf(CALIBRATION);

/** Dot product of two L2-normalised embeddings. */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length)
    throw new RangeError(`embedding sizes differ: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Calibrated 0–100 score from a cosine similarity (rounded to 1e-5 like Rekognition). */
export function similarityFromCosine(cosine: number, calibration = CALIBRATION): number {
  const score = 100 / (1 + Math.exp(-slopeOf(calibration) * (cosine - midpointOf(calibration))));
  return Math.round(score * 1e5) / 1e5;
}

/** Calibrated 0–100 user score from the cosine between a probe and one of the user's faces. */
export function userSimilarityFromCosine(cosine: number, calibration = CALIBRATION): number {
  return similarityFromCosine(
    cosine - (calibration.userCosineAt80 - calibration.cosineAt80),
    calibration,
  );
}

/** Calibrated 0–100 score from the Euclidean distance between two L2-normalised embeddings. */
export function similarityFromDistance(distance: number, calibration = CALIBRATION): number {
  return similarityFromCosine(1 - (distance * distance) / 2, calibration);
}

/** Calibrated 0–100 similarity of two embeddings of the same model. */
export function similarity(a: Float32Array, b: Float32Array): number {
  return similarityFromCosine(cosineSimilarity(a, b), calibrationFor(a));
}

/**
 * Calibrated 0–100 user-search score of a probe against a user's faces: the mean cosine of the
 * user's two best faces (the one face's cosine when the user has one), on the user scale. Two
 * faces that both look like the probe count for more than one lucky face, so a user's photos
 * work together instead of each giving a stranger another chance (bench/probes/calib2.ts,
 * `USER_RULE`: held out, 94.7 % of users named against 93.4 % for the best face alone, at the
 * same share of strangers). 0 for a user without faces.
 */
export function userScore(probe: Float32Array, faces: readonly Float32Array[]): number {
  if (faces.length === 0) return 0;
  let first = -Infinity;
  let second = -Infinity;
  for (const face of faces) {
    const c = cosineSimilarity(probe, face);
    if (c > first) {
      second = first;
      first = c;
    } else if (c > second) second = c;
  }
  const mean = faces.length === 1 ? first : (first + second) / 2;
  return userSimilarityFromCosine(mean, calibrationFor(probe));
}
