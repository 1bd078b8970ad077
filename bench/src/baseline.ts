/**
 * The baseline: plain @vladmandic/face-api use, as its README shows it, on the same WASM
 * backend: the whole photo decoded with sharp, SSD MobileNet v1, 68 landmarks, descriptor.
 * Runs in the benchmark's main thread (the engine's workers are idle while it runs).
 * @module
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import type { FacesFound } from './lfw-accuracy.section.js';

const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any -- face-api's bundle is used untyped here */
export interface Baseline {
  /** Faces found (each with landmarks and a descriptor). */
  detect(bytes: Uint8Array): Promise<number>;
  /** The faces with their boxes and L2-normalised descriptors, for the LFW sections. */
  describe(bytes: Uint8Array): Promise<FacesFound>;
}

export async function loadBaseline(): Promise<Baseline> {
  // face-api and tfjs are the engine's dependencies: resolve them from there.
  const fromEngine = createRequire(
    path.join(path.dirname(require.resolve('@facegate/engine')), '..', 'package.json'),
  );
  const faceapi: any = fromEngine('@vladmandic/face-api/dist/face-api.node-wasm.js');
  const tf = faceapi.tf;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  await tf.setBackend('wasm');
  await tf.ready();
  const dir = path.join(
    path.dirname(fromEngine.resolve('@vladmandic/face-api/package.json')),
    'model',
  );
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(dir);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(dir);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(dir);
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 });
  const run = async (bytes: Uint8Array): Promise<FacesFound> => {
    const { data, info } = await sharp(bytes)
      .rotate()
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const t = tf.tensor3d(data, [info.height, info.width, 3], 'int32');
    try {
      const faces: any[] = await faceapi
        .detectAllFaces(t, options)
        .withFaceLandmarks()
        .withFaceDescriptors();
      return {
        width: info.width,
        height: info.height,
        faces: faces.map((f) => {
          const box = f.detection.box;
          const d = Float32Array.from(f.descriptor as Float32Array);
          const n = Math.hypot(...d) || 1;
          return {
            detail: {
              BoundingBox: {
                Left: box.x / info.width,
                Top: box.y / info.height,
                Width: box.width / info.width,
                Height: box.height / info.height,
              },
            },
            embedding: d.map((v) => v / n),
          };
        }),
      };
    } finally {
      t.dispose();
    }
  };
  const detect = async (bytes: Uint8Array) => (await run(bytes)).faces.length;
  // First calls compile the WASM kernels.
  await detect(
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#777' } })
      .jpeg()
      .toBuffer(),
  );
  return { detect, describe: run };
}
