/**
 * Starting a TypeScript module in a worker thread from the bench (which runs under tsx).
 * @module
 */
import { Worker } from 'node:worker_threads';

/** A worker thread running `module` (a URL of a .ts file, resolved against the caller). */
export function tsWorker(module: URL): Worker {
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), {
    workerData: { tsModule: module.href },
  });
}
