/**
 * TensorFlow.js on the WASM backend, shared with @vladmandic/face-api.
 *
 * face-api's `node-wasm` build bundles its nets but not TensorFlow.js: it `require`s
 * `@tensorflow/tfjs` and `@tensorflow/tfjs-backend-wasm`, so both it and our graph models use
 * one tfjs-core instance (two instances would each keep their own backend registry).
 * Each worker thread runs single-threaded SIMD WASM: the pool gives the parallelism.
 * @module
 */
import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { FaceApiLandmarkNet } from '../nets/landmark-net.js';
import type { ResNetParams } from '../nets/resnet-descriptor.js';

const require = createRequire(import.meta.url);

/** tfjs as face-api's bundle exposes it: core ops plus the converter's loaders. */
export type Tf = typeof TF & {
  loadGraphModel(handler: TF.io.IOHandler): Promise<GraphModel>;
};

/** The face-api nets we drive directly (typed loosely: we only use a few calls). */
export interface FaceApiNet {
  loadFromDisk(dir: string): Promise<void>;
  isLoaded: boolean;
}

export interface FaceApi {
  tf: Tf;
  nets: {
    ssdMobilenetv1: FaceApiNet;
    faceLandmark68Net: FaceApiNet & FaceApiLandmarkNet;
    faceLandmark68TinyNet: FaceApiNet & FaceApiLandmarkNet;
    // Loaded by face-api, run by our own fused forward passes (src/nets/).
    faceRecognitionNet: FaceApiNet & { params: ResNetParams };
    ageGenderNet: FaceApiNet & {
      predictAgeAndGender(
        input: TF.Tensor4D,
      ): Promise<{ age: number; gender: 'male' | 'female'; genderProbability: number }>;
    };
    faceExpressionNet: FaceApiNet & {
      predictExpressions(input: TF.Tensor4D): Promise<Record<string, number>>;
    };
  };
  // The baseline in bench/ uses the high-level API; it stays untyped here on purpose.
  [key: string]: unknown;
}

let ready: Promise<FaceApi> | undefined;

/** Loads face-api + tfjs once per thread and switches to single-threaded SIMD WASM. */
export function loadRuntime(): Promise<FaceApi> {
  ready ??= (async () => {
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    const tf = faceapi.tf;
    // Threads inside WASM would fight the worker pool for the same cores.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    await tf.setBackend('wasm');
    await tf.ready();
    return faceapi;
  })();
  return ready;
}
