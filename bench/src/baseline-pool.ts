/**
 * The face-api baseline in worker threads (one per core), as a `Describer` for the LFW sections.
 * @module
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { tsWorker } from './ts-worker.js';
import type { Describer, FacesFound } from './lfw-accuracy.section.js';

type Reply = { id: number; found?: FacesFound; error?: string } | { ready: true };

export async function startBaselinePool(
  size = os.availableParallelism(),
): Promise<Describer & { close(): Promise<void> }> {
  const pending = new Map<
    number,
    { resolve: (f: FacesFound) => void; reject: (e: Error) => void }
  >();
  const idle: Worker[] = [];
  const waiting: Array<(w: Worker) => void> = [];
  let nextId = 0;
  const workers = await Promise.all(
    Array.from(
      { length: size },
      () =>
        new Promise<Worker>((resolve, reject) => {
          const w = tsWorker(new URL('./baseline.worker.ts', import.meta.url));
          w.on('error', reject);
          w.on('message', (m: Reply) => {
            if ('ready' in m) return resolve(w);
            const p = pending.get(m.id);
            pending.delete(m.id);
            if (m.found) p?.resolve(m.found);
            else p?.reject(new Error(m.error ?? 'baseline worker failed'));
          });
        }),
    ),
  );
  idle.push(...workers);
  const acquire = () =>
    new Promise<Worker>((resolve) => {
      const w = idle.pop();
      if (w) resolve(w);
      else waiting.push(resolve);
    });
  const release = (w: Worker) => {
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  };
  return {
    async detect(bytes) {
      const w = await acquire();
      try {
        return await new Promise<FacesFound>((resolve, reject) => {
          const id = nextId++;
          pending.set(id, { resolve, reject });
          w.postMessage({ id, bytes });
        });
      } finally {
        release(w);
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
