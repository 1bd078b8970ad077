/**
 * TensorFlow.js on the WASM backend: tfjs-core, the WASM backend and the converter (for the
 * BlazeFace graph models), nothing else. The face nets are our own forward passes (src/nets/)
 * over @vladmandic/face-api's weight files; face-api's bundle itself is not loaded here: it
 * brings the whole of @tensorflow/tfjs (layers, data, the CPU backend), ~14 MB more live heap
 * per worker for the garbage collector to mark.
 * Each worker thread runs single-threaded SIMD WASM: the pool gives the parallelism.
 * @module
 */
import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';

const require = createRequire(import.meta.url);

/** tfjs-core plus the converter's graph-model loader. */
export type Tf = typeof TF & {
  loadGraphModel(handler: TF.io.IOHandler): Promise<GraphModel>;
};

let ready: Promise<Tf> | undefined;

/** Loads tfjs once per thread and switches to single-threaded SIMD WASM. */
export function loadRuntime(): Promise<Tf> {
  ready ??= (async () => {
    // CommonJS builds: one tfjs-core instance shared with the backend and the converter (two
    // instances would each keep their own backend registry).
    const core = require('@tensorflow/tfjs-core') as typeof TF;
    require('@tensorflow/tfjs-backend-wasm');
    const { loadGraphModel } = require('@tensorflow/tfjs-converter') as {
      loadGraphModel: Tf['loadGraphModel'];
    };
    const tf: Tf = Object.assign(Object.create(core) as typeof TF, { loadGraphModel });
    // Threads inside WASM would fight the worker pool for the same cores.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    await tf.setBackend('wasm');
    await tf.ready();
    return tf;
  })();
  return ready;
}
