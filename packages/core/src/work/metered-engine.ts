/**
 * A FaceEngine seen by one request: every detect is stamped with the request's client (so the
 * engine can share its workers fairly) and counted in work units against the request's budget.
 * The composition root builds a FaceService over one of these per request; see
 * docs/design/fairness.md.
 * @module
 */
import { FacegateError } from '../errors.js';
import type { FaceEngine } from '../ports.js';
import type { DetectionResult, DetectOptions } from '../types.js';

/**
 * Most work units one request may use. One unit is one face the engine located and described
 * (and embedded when asked), at least one per engine call. The largest requests the contracts
 * allow fit: IndexFaces or DetectFaces of 100 faces (100), CompareFaces (1 + 100), and
 * /prod/recognize?maxFaces=100 (100 located + 100 searched = 200).
 */
export const MAX_WORK_UNITS_PER_REQUEST = 256;

/** Work units of one engine answer. */
export const workUnitsOf = (result: DetectionResult): number => Math.max(1, result.faces.length);

export interface MeteredEngineOptions {
  /** The fairness key: `key:<API key id>`, `sigv4:<access key id>`. */
  client: string;
  /** Budget in work units (default MAX_WORK_UNITS_PER_REQUEST). */
  maxUnits?: number;
  /** Told the units of each engine answer as soon as it arrives (usage plans count them). */
  onWork?: (units: number) => void;
}

export interface MeteredEngine extends FaceEngine {
  /** Work units used so far. */
  readonly units: number;
}

/** Wraps `engine` for one request (closing it is a no-op: the engine is shared). */
export function meteredEngine(engine: FaceEngine, options: MeteredEngineOptions): MeteredEngine {
  const max = options.maxUnits ?? MAX_WORK_UNITS_PER_REQUEST;
  let units = 0;
  return {
    get modelVersion() {
      return engine.modelVersion;
    },
    get units() {
      return units;
    },
    async detect(image: Uint8Array, detectOptions?: DetectOptions): Promise<DetectionResult> {
      if (units >= max) {
        throw new FacegateError(
          'LimitExceededException',
          `This request used its budget of ${max} work units (faces located or embedded).`,
        );
      }
      const result = await engine.detect(image, { ...detectOptions, client: options.client });
      const used = workUnitsOf(result);
      units += used;
      options.onWork?.(used);
      return result;
    },
    similarity: (a, b) => engine.similarity(a, b),
    ...(engine.userScore
      ? {
          userScore: (probe: Float32Array, faces: readonly Float32Array[]) =>
            engine.userScore!(probe, faces),
        }
      : {}),
    ...(engine.embeddingFor
      ? {
          embeddingFor: (e: Float32Array, modelVersion: string) =>
            engine.embeddingFor!(e, modelVersion),
        }
      : {}),
    close: async () => undefined,
  };
}
