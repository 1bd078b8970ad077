/**
 * Our forward passes against @vladmandic/face-api's own (and human-models' faceres graph), on the
 * same weight files: same answers.
 * face-api is loaded here only as the reference; the engine never loads its bundle.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs-core';
import { loadRuntime, type Tf } from '../runtime/tf-runtime.js';
import {
  faceApiModelDir,
  loadFaceApiWeights,
  loadHumanGraphModel,
  loadHumanWeights,
} from '../runtime/model-files.js';
import { FaceResDescriptor, FACERES_SIZE } from './faceres-descriptor.js';
import { DenseNet, DENSE_NET_INPUT } from './dense-net.js';
import { DESCRIPTOR_INPUT, ResNetDescriptor } from './resnet-descriptor.js';
import { AgeGenderNet } from './age-gender-net.js';

const require = createRequire(import.meta.url);

/** The face-api calls used as the reference (its bundle is untyped here). */
interface FaceApiReference {
  nets: {
    faceRecognitionNet: { computeFaceDescriptor(t: TF.Tensor4D): Promise<Float32Array> };
    faceLandmark68Net: LandmarksReference;
    faceLandmark68TinyNet: LandmarksReference;
    faceExpressionNet: { predictExpressions(t: TF.Tensor4D): Promise<Record<string, number>> };
    ageGenderNet: {
      predictAgeAndGender(
        t: TF.Tensor4D,
      ): Promise<{ age: number; gender: string; genderProbability: number }>;
    };
  } & Record<string, { loadFromDisk(dir: string): Promise<void> }>;
}
interface LandmarksReference {
  detectLandmarks(t: TF.Tensor4D): Promise<{ relativePositions: { x: number; y: number }[] }>;
}

let tf: Tf;
let faceapi: FaceApiReference;

/** A deterministic pseudo-random RGB image (0–255) of `side`². */
function noise(side: number, seed: number): Float32Array {
  const out = new Float32Array(side * side * 3);
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = (s / 2147483648) * 255;
  }
  return out;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
};

/** Runs `f` on `pixels` as a face-api input tensor. */
async function withTensor<T>(
  pixels: Float32Array,
  side: number,
  f: (t: TF.Tensor4D) => Promise<T>,
) {
  const t = tf.tensor4d(pixels, [1, side, side, 3]);
  try {
    return await f(t);
  } finally {
    t.dispose();
  }
}

beforeAll(async () => {
  tf = await loadRuntime();
  faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApiReference;
  const dir = faceApiModelDir();
  await Promise.all(
    [
      'faceRecognitionNet',
      'faceLandmark68Net',
      'faceLandmark68TinyNet',
      'faceExpressionNet',
      'ageGenderNet',
    ].map((n) => faceapi.nets[n]!.loadFromDisk(dir)),
  );
}, 60_000);

describe('our nets on face-api’s weights', () => {
  it('ResNetDescriptor gives face-api’s descriptor, alone and in a batch', async () => {
    const net = ResNetDescriptor.fromWeights(tf, loadFaceApiWeights(tf, 'face_recognition_model'));
    const chip = noise(DESCRIPTOR_INPUT, 7);
    const other = noise(DESCRIPTOR_INPUT, 8);
    const reference = await withTensor(chip, DESCRIPTOR_INPUT, (t) =>
      faceapi.nets.faceRecognitionNet.computeFaceDescriptor(t),
    );
    const [ours] = await net.describe([chip]);
    expect(maxAbsDiff(ours!, reference)).toBeLessThan(1e-5);
    const [first, second] = await net.describe([chip, other]);
    const [alone] = await net.describe([other]);
    expect(maxAbsDiff(first!, ours!)).toBeLessThan(1e-5);
    expect(maxAbsDiff(second!, alone!)).toBeLessThan(1e-5);
  });

  it.each([
    ['face_landmark_68_model', 'faceLandmark68Net'],
    ['face_landmark_68_tiny_model', 'faceLandmark68TinyNet'],
  ] as const)('DenseNet on %s gives face-api’s landmarks', async (model, reference) => {
    const net = new DenseNet(tf, loadFaceApiWeights(tf, model));
    expect(net.outputs).toBe(136);
    const crop = noise(DENSE_NET_INPUT, 11);
    const expected = await withTensor(crop, DENSE_NET_INPUT, (t) =>
      faceapi.nets[reference].detectLandmarks(t),
    );
    const [ours] = await net.predict([crop]);
    const flat = expected.relativePositions.flatMap((p) => [p.x, p.y]);
    expect(maxAbsDiff(ours!, flat)).toBeLessThan(1e-5);
  });

  it('DenseNet on the expression model gives face-api’s expressions', async () => {
    const net = new DenseNet(tf, loadFaceApiWeights(tf, 'face_expression_model'));
    const crop = noise(DENSE_NET_INPUT, 13);
    const expected = await withTensor(crop, DENSE_NET_INPUT, (t) =>
      faceapi.nets.faceExpressionNet.predictExpressions(t),
    );
    const [logits] = await net.predict([crop]);
    const exp = Array.from(logits!, Math.exp);
    const sum = exp.reduce((a, b) => a + b, 0);
    const order = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'];
    expect(
      maxAbsDiff(
        exp.map((e) => e / sum),
        order.map((k) => expected[k]!),
      ),
    ).toBeLessThan(1e-5);
  });

  it('AgeGenderNet gives face-api’s age and gender', async () => {
    const net = new AgeGenderNet(tf, loadFaceApiWeights(tf, 'age_gender_model'));
    const crop = noise(DENSE_NET_INPUT, 17);
    const expected = await withTensor(crop, DENSE_NET_INPUT, (t) =>
      faceapi.nets.ageGenderNet.predictAgeAndGender(t),
    );
    const ours = await net.predict(crop);
    expect(ours.age).toBeCloseTo(expected.age, 3);
    const male =
      expected.gender === 'male' ? expected.genderProbability : 1 - expected.genderProbability;
    expect(ours.male).toBeCloseTo(male, 5);
  });
});

describe('FaceResDescriptor', () => {
  it("gives the human-models faceres graph's pooled features, alone and in a batch", async () => {
    const graph = await loadHumanGraphModel(tf, 'faceres');
    const net = FaceResDescriptor.fromWeights(tf, loadHumanWeights(tf, 'faceres'), 224);
    const chips = [noise(224, 11), noise(224, 12)];
    const ours = await net.describe(chips);
    for (const [i, chip] of chips.entries()) {
      const x = tf.tensor4d(chip, [1, 224, 224, 3]);
      const y = graph.execute(x, 'global_pooling/Mean') as TF.Tensor;
      const reference = (await y.data()) as Float32Array;
      tf.dispose([x, y]);
      expect(ours[i]!.length).toBe(FACERES_SIZE);
      expect(maxAbsDiff(ours[i]!, reference)).toBeLessThan(1e-4);
    }
    graph.dispose();
  });
});
