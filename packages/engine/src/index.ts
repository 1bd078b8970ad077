/**
 * @facegate/engine: the embedded face engine (BlazeFace, 68 landmarks, dlib-aligned ResNet-34
 * descriptor on TensorFlow.js WASM, in a worker pool), and facegate's similarity calibration.
 * @module
 */
export { createEngine, MODEL_VERSION, type EngineOptions } from './engine.js';
export {
  COSINE_AT_80,
  COSINE_AT_90,
  SIMILARITY_MIDPOINT,
  SIMILARITY_SLOPE,
  cosineSimilarity,
  similarity,
  similarityFromCosine,
  userSimilarity,
  userSimilarityFromCosine,
  USER_COSINE_AT_80,
  similarityFromDistance,
} from './similarity.js';
export {
  MOUTH_OPEN_RATIO,
  MOUTH_OPEN_SCALE,
  SMILE_HAPPY_PROBABILITY,
} from './detail/attributes.js';
