/**
 * A fixed pool of worker threads with a bounded FIFO queue. Generic over the message shapes so
 * it can be tested without models; the engine gives it `face.worker.js`.
 * @module
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { Errors, FacegateError } from '@facegate/core';

export interface PoolOptions {
  /** Worker script (a file URL). */
  script: URL;
  workers: number;
  /** Most requests waiting for a worker; more are refused. */
  queueLimit: number;
  workerData?: unknown;
  /** V8 heap limits for each worker (see createEngine for why the young generation is set). */
  resourceLimits?: ResourceLimits;
  log?: (line: string) => void;
}

/** What a worker posts back for request `id`. */
export type WorkerReply =
  | { type: 'ready'; ms: number; detail?: string }
  | { type: 'result'; id: number; value: unknown }
  | {
      type: 'error';
      id: number;
      name: string;
      message: string;
      fault?: 'client' | 'server';
      status?: number;
    };

interface Job {
  id: number;
  payload: unknown;
  transfer: ArrayBuffer[];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  job?: Job;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    for (let i = 0; i < options.workers; i++) this.slots.push(this.spawn(i));
  }

  /** Resolves when every worker has loaded its models. */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /** Requests queued or running. */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.job).length;
  }

  /** Runs one request on the next free worker; rejects with ProvisionedThroughputExceeded when full. */
  run<T>(payload: unknown, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.closed) return Promise.reject(Errors.internal('The face engine is closed'));
    const idle = this.slots.find((s) => !s.job);
    if (!idle && this.queue.length >= this.options.queueLimit) {
      return Promise.reject(Errors.throughputExceeded('The face engine is busy; retry later'));
    }
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        payload,
        transfer,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      if (idle) this.dispatch(idle, job);
      else this.queue.push(job);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      job.reject(Errors.internal('The face engine is closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    // Idle workers are unref'd so a forgotten close() cannot hold the process open; busy ones
    // keep it alive until their reply arrives.
    slot.worker.ref();
    slot.worker.postMessage({ id: job.id, payload: job.payload }, job.transfer);
  }

  private next(slot: Slot): void {
    slot.job = undefined;
    const job = this.queue.shift();
    if (job) this.dispatch(slot, job);
    else slot.worker.unref();
  }

  private spawn(index: number): Slot {
    const worker = new Worker(this.options.script, {
      workerData: this.options.workerData,
      resourceLimits: this.options.resourceLimits,
    });
    let markReady!: () => void;
    let failReady!: (e: Error) => void;
    const slot: Slot = {
      worker,
      ready: new Promise<void>((res, rej) => {
        markReady = res;
        failReady = rej;
      }),
    };
    slot.ready.catch(() => undefined);
    worker.on('message', (msg: WorkerReply) => {
      if (msg.type === 'ready') {
        this.options.log?.(
          `engine worker ${index}: models loaded in ${Math.round(msg.ms)} ms${msg.detail ? ` (${msg.detail})` : ''}`,
        );
        markReady();
        if (!slot.job) worker.unref();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      if (msg.type === 'result') job.resolve(msg.value);
      else job.reject(new FacegateError(msg.name, msg.message, msg.fault ?? 'server', msg.status));
      this.next(slot);
    });
    worker.on('error', (err) => {
      failReady(err);
      this.options.log?.(`engine worker ${index} failed: ${err.message}`);
    });
    worker.on('exit', () => {
      if (this.closed) return;
      // A crashed worker fails its request and is replaced, so one bad image cannot shrink the pool.
      slot.job?.reject(Errors.internal('The face engine worker stopped unexpectedly'));
      const at = this.slots.indexOf(slot);
      const fresh = this.spawn(index);
      this.slots[at] = fresh;
      void fresh.ready.then(() => {
        if (!fresh.job) this.next(fresh);
      });
    });
    return slot;
  }
}
