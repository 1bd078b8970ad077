/**
 * Our fused forward passes against face-api's own, on the same loaded weights: same answers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuntime, type FaceApi } from '../runtime/tf-runtime.js';
import { faceApiModelDir } from '../runtime/model-files.js';
import { LandmarkNet, LANDMARK_INPUT } from './landmark-net.js';
import { DESCRIPTOR_INPUT, ResNetDescriptor } from './resnet-descriptor.js';

let faceapi: FaceApi;

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

beforeAll(async () => {
  faceapi = await loadRuntime();
  const dir = faceApiModelDir();
  const { nets } = faceapi;
  await Promise.all([
    nets.faceRecognitionNet.loadFromDisk(dir),
    nets.faceLandmark68Net.loadFromDisk(dir),
    nets.faceLandmark68TinyNet.loadFromDisk(dir),
  ]);
}, 60_000);

describe('fused nets', () => {
  it('ResNetDescriptor gives face-api’s descriptor', async () => {
    const { tf, nets } = faceapi;
    const net = ResNetDescriptor.fromFaceApi(tf, nets.faceRecognitionNet.params);
    const chip = noise(DESCRIPTOR_INPUT, 7);
    const input = tf.tensor4d(chip, [1, DESCRIPTOR_INPUT, DESCRIPTOR_INPUT, 3]);
    const reference = await (
      nets.faceRecognitionNet as unknown as {
        computeFaceDescriptor(t: unknown): Promise<Float32Array>;
      }
    ).computeFaceDescriptor(input);
    input.dispose();
    const [ours] = await net.describe([chip.slice()]);
    expect(maxAbsDiff(ours!, reference)).toBeLessThan(1e-5);
    // A batch gives each chip's own answer.
    const other = noise(DESCRIPTOR_INPUT, 8);
    const [first, second] = await net.describe([chip, other]);
    expect(maxAbsDiff(first!, ours!)).toBeLessThan(1e-5);
    const [alone] = await net.describe([other]);
    expect(maxAbsDiff(second!, alone!)).toBeLessThan(1e-5);
  });

  it.each(['faceLandmark68Net', 'faceLandmark68TinyNet'] as const)(
    'LandmarkNet gives %s’s points',
    async (name) => {
      const { tf, nets } = faceapi;
      const net = new LandmarkNet(tf, nets[name]);
      const crop = noise(LANDMARK_INPUT, 11);
      const input = tf.tensor4d(crop, [1, LANDMARK_INPUT, LANDMARK_INPUT, 3]);
      const reference = await (
        nets[name] as unknown as {
          detectLandmarks(t: unknown): Promise<{ relativePositions: { x: number; y: number }[] }>;
        }
      ).detectLandmarks(input);
      input.dispose();
      const [ours] = await net.predict([crop.slice()]);
      expect(
        maxAbsDiff(
          ours!,
          reference.relativePositions.flatMap((p) => [p.x, p.y]),
        ),
      ).toBeLessThan(1e-5);
    },
  );
});
