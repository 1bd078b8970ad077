/**
 * @facegate/engine: the embedded face engine (BlazeFace, 68 landmarks, a dlib-aligned ResNet-34
 * and an ArcFace-aligned faceres descriptor on TensorFlow.js WASM, in a worker pool), and
 * facegate's similarity calibration.
 * @module
 */
export { createEngine, embeddingFor, MODEL_VERSION, type EngineOptions } from './engine.js';
export {
  CALIBRATION,
  LEGACY_CALIBRATION,
  LEGACY_MODEL_VERSION,
  calibrationOf,
  type Calibration,
  COSINE_AT_80,
  COSINE_AT_90,
  SIMILARITY_MIDPOINT,
  SIMILARITY_SLOPE,
  cosineSimilarity,
  similarity,
  similarityFromCosine,
  userScore,
  userSimilarityFromCosine,
  USER_COSINE_AT_80,
  similarityFromDistance,
} from './similarity.js';
export {
  MOUTH_OPEN_RATIO,
  MOUTH_OPEN_SCALE,
  SMILE_HAPPY_PROBABILITY,
} from './detail/attributes.js';
