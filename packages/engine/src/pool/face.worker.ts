/**
 * Worker-thread entry: loads the pipeline once, then serves `{ id, payload: { bytes, options } }`
 * messages one at a time (the pool never sends a second before the first is answered).
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { isFacegateError } from '@facegate/core';
import type { DetectOptions } from '@facegate/core';
import { FacePipeline } from '../embed/face-pipeline.js';
import type { WorkerReply } from './worker-pool.js';

interface Request {
  id: number;
  payload: { bytes: Uint8Array; options?: DetectOptions };
}

const port = parentPort;
if (!port) throw new Error('face.worker must run in a worker thread');

const started = performance.now();
const pipeline = await FacePipeline.load();
port.postMessage({
  type: 'ready',
  ms: performance.now() - started,
  detail: 'BlazeFace, 68 landmarks, ResNet-34 and faceres descriptors, age/gender, expression',
} satisfies WorkerReply);

port.on('message', (msg: Request) => {
  void (async () => {
    let reply: WorkerReply;
    try {
      const value = await pipeline.detect(msg.payload.bytes, msg.payload.options);
      reply = { type: 'result', id: msg.id, value };
    } catch (err) {
      reply = isFacegateError(err)
        ? {
            type: 'error',
            id: msg.id,
            name: err.name,
            message: err.message,
            fault: err.fault,
            status: err.status,
          }
        : {
            type: 'error',
            id: msg.id,
            name: 'InternalServerError',
            message: 'The face engine failed on this image',
            fault: 'server',
            status: 500,
          };
    }
    port.postMessage(reply);
  })();
});
