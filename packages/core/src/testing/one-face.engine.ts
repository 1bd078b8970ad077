/**
 * A FaceEngine for tests that are about something else than recognition (journals, wiring,
 * storage): every image holds one face, at the same place, with the same embedding.
 * @module
 */
import type { FaceEngine } from '../ports.js';
import type { FaceDetail } from '../types.js';

/** The FaceDetail of that one face. */
export const ONE_FACE_DETAIL: FaceDetail = {
  BoundingBox: { Width: 0.5, Height: 0.5, Left: 0.25, Top: 0.25 },
  Confidence: 99,
  Landmarks: [],
  Pose: { Roll: 0, Yaw: 0, Pitch: 0 },
  Quality: { Brightness: 60, Sharpness: 60 },
};

/** @example const server = await startServer(config, { engine: oneFaceEngine() }); */
export function oneFaceEngine(modelVersion = 'fake-1.0'): FaceEngine {
  return {
    modelVersion,
    async detect() {
      const face = {
        detail: structuredClone(ONE_FACE_DETAIL),
        embedding: Float32Array.from([1, 0]),
      };
      return { width: 200, height: 200, faces: [face] };
    },
    similarity: () => 100,
    async close() {},
  };
}
