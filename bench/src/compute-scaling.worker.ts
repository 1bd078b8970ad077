/**
 * Runs the engine's descriptor net alone (chip + mirror batches) on request, for the
 * "how far can pure WASM compute scale on this machine" figure of the throughput section.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { loadRuntime } from '@facegate/engine/runtime/tf-runtime';
import { loadFaceApiWeights } from '@facegate/engine/runtime/model-files';
import { ResNetDescriptor } from '@facegate/engine/nets/resnet-descriptor';

const port = parentPort;
if (!port) throw new Error('compute-scaling.worker must run in a worker thread');
const tf = await loadRuntime();
const net = ResNetDescriptor.fromWeights(tf, loadFaceApiWeights(tf, 'face_recognition_model'));
const chip = Float32Array.from({ length: 150 * 150 * 3 }, (_, i) => (i * 7919) % 256);
for (let i = 0; i < 3; i++) await net.describe([chip, chip]);
port.on('message', async (n: number) => {
  for (let i = 0; i < n; i++) await net.describe([chip, chip]);
  port.postMessage('done');
});
port.postMessage('ready');
