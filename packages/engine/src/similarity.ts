/**
 * The one definition of facegate's 0–100 similarity, shared by the engine, the store's search
 * and the docs.
 *
 * Embeddings are L2-normalised, so cosine similarity and Euclidean distance carry the same
 * information (d² = 2 − 2·cos). The score is a logistic curve in the cosine through two anchors
 * fitted on one half of the LFW people in ../shared/datasets (`halfOf(person) === 0`, bench/src/split.ts)
 * and reported on the other half, which the fit never saw (bench section `openset`,
 * docs/benchmarks.md):
 *   - COSINE_AT_80: 0.005 % of different-person pairs reach it → score 80, facegate's (and
 *     Rekognition's) default FaceMatchThreshold. Chosen for open-set search, not for pairs: a
 *     stranger is compared with every enrolled face, so with ~750 people enrolled about 4 % of
 *     strangers are named as someone at 80 (23 % with the former per-pair anchor of 0.1 %).
 *   - COSINE_AT_90: 0.001 % of different-person pairs reach it → score 90.
 * @module
 */

/**
 * Cosine similarity that scores 80: reached by 0.005 % (5e-5) of the 2,172,509 different-person
 * pairs of the fitting half's 2,130 photos (stored embeddings on both sides, as searches compare
 * them); measured 0.9445. On the held-out half, with 379 people enrolled, 2.5 % of strangers
 * were named at 80 while 83.1 % of the enrolled people were named correctly (bench `openset`).
 */
export const COSINE_AT_80 = 0.9445;
/** Cosine similarity that scores 90: reached by 0.001 % (1e-5) of the same pairs (0.9519). */
export const COSINE_AT_90 = 0.9519;
/**
 * Cosine that scores 80 in user searches (SearchUsers, SearchUsersByImage), where a user's best
 * face counts: a user with several faces gives a stranger several chances, so the user scale has
 * its own anchor, fitted on the same half 0: the cut where user searches (up to three photos per
 * person) name strangers as rarely as single-face searches do at 80 (1.7 % on that half; score
 * 86 on the face scale, cosine 0.9484). Same slope as the face scale. Measured on the held-out
 * half in docs/benchmarks.md (bench section `openset`, Users API rows).
 */
export const USER_COSINE_AT_80 = 0.9484;

const LOGIT_80 = Math.log(80 / 20);
const LOGIT_90 = Math.log(90 / 10);
/** Logistic slope per unit of cosine. */
export const SIMILARITY_SLOPE = (LOGIT_90 - LOGIT_80) / (COSINE_AT_90 - COSINE_AT_80);
/** Cosine that scores 50. */
export const SIMILARITY_MIDPOINT = COSINE_AT_80 - LOGIT_80 / SIMILARITY_SLOPE;

/** Dot product of two L2-normalised embeddings. */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length)
    throw new RangeError(`embedding sizes differ: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Calibrated 0–100 score from a cosine similarity (rounded to 1e-5 like Rekognition). */
export function similarityFromCosine(cosine: number): number {
  const score = 100 / (1 + Math.exp(-SIMILARITY_SLOPE * (cosine - SIMILARITY_MIDPOINT)));
  return Math.round(score * 1e5) / 1e5;
}

/** Calibrated 0–100 user score from the cosine between a probe and one of the user's faces. */
export function userSimilarityFromCosine(cosine: number): number {
  return similarityFromCosine(cosine - (USER_COSINE_AT_80 - COSINE_AT_80));
}

/** Calibrated 0–100 score from the Euclidean distance between two L2-normalised embeddings. */
export function similarityFromDistance(distance: number): number {
  return similarityFromCosine(1 - (distance * distance) / 2);
}

/** Calibrated 0–100 similarity of two embeddings. */
export function similarity(a: Float32Array, b: Float32Array): number {
  return similarityFromCosine(cosineSimilarity(a, b));
}

/** Calibrated 0–100 user-search score of a probe against one of a user's faces. */
export function userSimilarity(a: Float32Array, b: Float32Array): number {
  return userSimilarityFromCosine(cosineSimilarity(a, b));
}
