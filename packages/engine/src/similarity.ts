/**
 * The one definition of facegate's 0–100 similarity, shared by the engine, the store's search
 * and the docs.
 *
 * Embeddings are L2-normalised, so cosine similarity and Euclidean distance carry the same
 * information (d² = 2 − 2·cos). The score is a logistic curve in the cosine, anchored at two
 * cosines measured on LFW View-2 folds 0–4 (see docs/benchmarks.md):
 *   - COSINE_AT_80: at most 0.1 % of different-person pairs score at or above it → score 80,
 *     facegate's (and Rekognition's) default FaceMatchThreshold;
 *   - COSINE_AT_90: most same-person pairs score at or above it → score 90.
 * @module
 */

/**
 * Cosine similarity that scores 80: the cosine reached by 0.1 % of the 308,100 different-person
 * pairs of LFW's identification set (79 people × 10 photos; measured 0.9306, bench section
 * `far`). The 1,500 different-person verification pairs of folds 0–4 are too few to place a
 * 0.1 % point (their highest is 0.921), and strangers in the face-api demo photos reached 0.928.
 */
export const COSINE_AT_80 = 0.931;
/** Cosine similarity that scores 90. */
export const COSINE_AT_90 = 0.94;

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

/** Calibrated 0–100 score from the Euclidean distance between two L2-normalised embeddings. */
export function similarityFromDistance(distance: number): number {
  return similarityFromCosine(1 - (distance * distance) / 2);
}

/** Calibrated 0–100 similarity of two embeddings. */
export function similarity(a: Float32Array, b: Float32Array): number {
  return similarityFromCosine(cosineSimilarity(a, b));
}
