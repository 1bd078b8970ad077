/**
 * `createEngine`: the FaceEngine port over a pool of model-loaded worker threads.
 * @module
 */
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { DetectionResult, DetectOptions, FaceEngine } from '@facegate/core';
import { Errors, incomparableModelError } from '@facegate/core';
import { WorkerPool } from './pool/worker-pool.js';
import { LEGACY_MODEL_VERSION, MODEL_VERSION, similarity, userScore } from './similarity.js';
import { EMBEDDING_SIZE, resnetPart } from './embed/descriptor.js';

export { MODEL_VERSION };

/**
 * An embedding of this engine in the space of a collection's model: itself for facegate-2.0
 * collections, its ResNet part for facegate-1.0 ones (exactly the embedding facegate-1.0 made of
 * the same face). Any other model: InvalidParameterException, since its embeddings cannot be
 * compared with ours.
 */
export function embeddingFor(embedding: Float32Array, modelVersion: string): Float32Array {
  if (modelVersion === MODEL_VERSION) return embedding;
  if (modelVersion === LEGACY_MODEL_VERSION && embedding.length === EMBEDDING_SIZE)
    return resnetPart(embedding);
  throw incomparableModelError(modelVersion, MODEL_VERSION);
}

export interface EngineOptions {
  /** Worker threads (default: os.availableParallelism()). */
  workers?: number;
  /** Requests that may wait for a worker before detect() refuses (default: 64 per worker). */
  queueLimit?: number;
  /**
   * Longest expected wait (ms) before a request would start; beyond it detect() refuses at once
   * with ThrottlingException (default 1500, docs/design/fairness.md).
   */
  maxWaitMs?: number;
  /** Receives one line per worker when its models are loaded, and worker failures. */
  log?: (line: string) => void;
}

/**
 * Each worker's young generation, in MB (V8's default is several times larger). A request
 * allocates ~3 MB of short-lived JS objects (mostly tfjs's per-kernel bookkeeping); with the
 * default young generation V8 starts a major GC about every second request, and its concurrent
 * marking runs on other threads: free for one client, but with two clients it takes CPU from the
 * other worker. At 6 MB the workers' GC threads used ~9 instead of ~16 ms of CPU per request, and
 * one client kept the machine 1.04–1.05 instead of 1.09–1.11 cores busy (docs/design/engine.md,
 * "Two clients on two cores").
 */
export const WORKER_YOUNG_GENERATION_MB = 6;

/**
 * The worker beside this file in dist/. When this module runs from src/ (vitest on the sources),
 * the built worker in ../dist is used: a thread cannot load TypeScript on its own.
 */
function workerScript(): URL {
  const beside = new URL('./pool/face.worker.js', import.meta.url);
  if (fs.existsSync(fileURLToPath(beside))) return beside;
  const built = new URL('../dist/pool/face.worker.js', import.meta.url);
  if (fs.existsSync(fileURLToPath(built))) return built;
  throw new Error(
    'face.worker.js not found: build @facegate/engine first (npx tsc -b packages/engine)',
  );
}

/**
 * What a request is, for learning how long it takes: one face (searches, enrolment), every face
 * described only (DetectFaces), or every face embedded (IndexFaces, CompareFaces).
 */
function jobKind(options: DetectOptions): string {
  if (options.maxFaces === 1) return 'one';
  return options.embed === false ? 'describe' : 'all';
}

/**
 * Starts the worker pool and resolves once every worker has loaded its models.
 * @example
 * const engine = await createEngine({ log: console.log });
 * const { faces } = await engine.detect(await fs.readFile('me.jpg'));
 * engine.similarity(faces[0].embedding, other); // 0–100, ≥ 80 = same person
 * await engine.close();
 */
export async function createEngine(options: EngineOptions = {}): Promise<FaceEngine> {
  const workers = Math.max(1, options.workers ?? os.availableParallelism());
  const pool = new WorkerPool({
    script: workerScript(),
    workers,
    queueLimit: Math.max(0, options.queueLimit ?? 64 * workers),
    ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}),
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    log: options.log,
  });
  try {
    await pool.ready();
  } catch (err) {
    await pool.close();
    throw err;
  }
  return {
    modelVersion: MODEL_VERSION,
    async detect(image: Uint8Array, detectOptions?: DetectOptions): Promise<DetectionResult> {
      if (!(image instanceof Uint8Array) || image.byteLength === 0) {
        throw Errors.invalidImageFormat('Request has invalid image format');
      }
      // Copy so the transfer cannot detach the caller's buffer.
      const bytes = new Uint8Array(image);
      const { client, ...workerOptions } = detectOptions ?? {};
      return pool.run<DetectionResult>({ bytes, options: workerOptions }, [bytes.buffer], {
        ...(client !== undefined ? { client } : {}),
        kind: jobKind(workerOptions),
        // In-process callers (no client) are not held back by the rules on long jobs.
        mayBeLong: client !== undefined && workerOptions.maxFaces !== 1,
      });
    },
    similarity,
    userScore,
    embeddingFor,
    close: () => pool.close(),
  };
}
