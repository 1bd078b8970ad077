/**
 * One face-api baseline per worker thread, so the LFW baseline section can use both cores:
 * answers `{ id, bytes }` with `{ id, found }` (or `{ id, error }`).
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { loadBaseline } from './baseline.js';

const port = parentPort;
if (!port) throw new Error('baseline.worker must run in a worker thread');
const baseline = await loadBaseline();
port.on('message', (msg: { id: number; bytes: Uint8Array }) => {
  baseline.describe(msg.bytes).then(
    (found) => port.postMessage({ id: msg.id, found }),
    (err: unknown) => port.postMessage({ id: msg.id, error: String(err) }),
  );
});
port.postMessage({ ready: true });
