/**
 * Runs the engine's descriptor nets alone (the ResNet on a chip + mirror batch, then faceres on
 * one 224-px chip: the embedding work of one face) on request, for the "how far can pure WASM
 * compute scale on this machine" figure of the throughput section.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { loadRuntime } from '@facegate/engine/runtime/tf-runtime';
import { loadFaceApiWeights, loadHumanWeights } from '@facegate/engine/runtime/model-files';
import { ResNetDescriptor } from '@facegate/engine/nets/resnet-descriptor';
import { FaceResDescriptor } from '@facegate/engine/nets/faceres-descriptor';
import { FACERES_CHIP } from '@facegate/engine/embed/descriptor';

const port = parentPort;
if (!port) throw new Error('compute-scaling.worker must run in a worker thread');
const tf = await loadRuntime();
const net = ResNetDescriptor.fromWeights(tf, loadFaceApiWeights(tf, 'face_recognition_model'));
const faceres = FaceResDescriptor.fromWeights(tf, loadHumanWeights(tf, 'faceres'), FACERES_CHIP);
const chip = Float32Array.from({ length: 150 * 150 * 3 }, (_, i) => (i * 7919) % 256);
const chip224 = Float32Array.from(
  { length: FACERES_CHIP * FACERES_CHIP * 3 },
  (_, i) => (i * 7919) % 256,
);
const once = async () => {
  await net.describe([chip, chip]);
  await faceres.describe([chip224]);
};
for (let i = 0; i < 3; i++) await once();
port.on('message', async (n: number) => {
  for (let i = 0; i < n; i++) await once();
  port.postMessage('done');
});
port.postMessage('ready');
