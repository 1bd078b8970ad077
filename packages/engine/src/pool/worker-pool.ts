/**
 * A fixed pool of worker threads with a bounded queue, served fairly between clients (see
 * fair-queue.ts and docs/design/fairness.md). Generic over the message shapes so it can be
 * tested without models; the engine gives it `face.worker.js`.
 * @module
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { Errors, FacegateError, ThrottlingError } from '@facegate/core';
import { FairQueue } from './fair-queue.js';

export interface PoolOptions {
  /** Worker script (a file URL). */
  script: URL;
  workers: number;
  /** Most requests waiting for a worker; more are refused. */
  queueLimit: number;
  /**
   * Longest expected wait (ms) a new request of an identified client may face; beyond it the
   * request is refused at once with ThrottlingException and a retry delay (default 1500;
   * Infinity = never). Requests without a client (in-process callers) only meet queueLimit.
   */
  maxWaitMs?: number;
  /**
   * Longest a request may have waited when its turn comes; past it, it is refused with
   * ThrottlingException instead of started, so an answer is never later than this plus its own
   * work, even when the machine got slower than the estimates (default 2000).
   */
  maxQueuedMs?: number;
  /** A request expected to run at least this long may occupy at most workers − 1 workers (default 1500). */
  longJobMs?: number;
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

/** Who a request is for and what kind it is, so the pool can share workers fairly. */
export interface RunOptions {
  /** Fairness key (an API key id, an access key id); undefined = the shared anonymous client. */
  client?: string;
  /** Kind of request, for learning how long such requests take (default `job`). */
  kind?: string;
  /** Treat it as a long request until its kind has been measured (it may hold many faces). */
  mayBeLong?: boolean;
}

interface Job {
  id: number;
  /** When it was queued (performance.now()). */
  queuedAt: number;
  /** Refused when its turn comes too late (an identified client's request). */
  timed: boolean;
  client: string;
  kind: string;
  estimateMs?: number;
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
  private readonly queue: FairQueue<Job>;
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    this.queue = new FairQueue<Job>({
      workers: options.workers,
      ...(options.longJobMs !== undefined ? { longJobMs: options.longJobMs } : {}),
    });
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

  /**
   * Runs one request when its client's turn comes. Rejects at once with ThrottlingException when
   * its expected wait passes `maxWaitMs`, and with ProvisionedThroughputExceeded when the queue
   * is full.
   */
  run<T>(payload: unknown, transfer: ArrayBuffer[] = [], options: RunOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(Errors.internal('The face engine is closed'));
    const client = options.client ?? '';
    const kind = options.kind ?? 'job';
    // Full when jobs are waiting up to the limit (a job held back by the rules on long jobs
    // waits although a worker is idle).
    const idle = this.slots.some((s) => !s.job);
    if (this.queue.length >= this.options.queueLimit && (!idle || this.queue.length > 0)) {
      return Promise.reject(Errors.throughputExceeded('The face engine is busy; retry later'));
    }
    const maxWait = this.options.maxWaitMs ?? 1500;
    const now = performance.now();
    // The estimate, or what the queue shows when estimates are behind (a suddenly busy machine).
    // In-process callers (no client: the CLI, the bench) are trusted to want an answer, late or
    // not: only identified clients are refused for time.
    const wait =
      options.client === undefined
        ? 0
        : Math.max(this.queue.expectedWait(client, now), this.queue.oldestShortWait(now));
    if (wait > maxWait) {
      const seconds = Math.min(60, Math.max(1, Math.ceil(wait / 1000)));
      return Promise.reject(
        new ThrottlingError(
          `Rate exceeded: the face engine would only start this request in about ${seconds} s; retry later`,
          seconds,
        ),
      );
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push(
        {
          id: this.nextId++,
          queuedAt: now,
          timed: options.client !== undefined,
          client,
          kind,
          ...(options.mayBeLong ? { mayBeLong: true } : {}),
          payload,
          transfer,
          resolve: resolve as (v: unknown) => void,
          reject,
        },
        now,
      );
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.drain()) job.reject(Errors.internal('The face engine is closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    // Idle workers are unref'd so a forgotten close() cannot hold the process open; busy ones
    // keep it alive until their reply arrives.
    slot.worker.ref();
    slot.worker.postMessage({ id: job.id, payload: job.payload }, job.transfer);
  }

  /** A worker is free (its job is over): charge that job, then start whatever may start. */
  private next(slot: Slot): void {
    if (slot.job) this.queue.done(slot.job, performance.now());
    slot.job = undefined;
    slot.worker.unref();
    this.pump();
  }

  /**
   * Starts queued jobs on idle workers (one still loading takes it when ready), in fair order;
   * a job that has waited past maxQueuedMs is refused instead of started.
   */
  private pump(): void {
    const maxQueued = this.options.maxQueuedMs ?? 2000;
    for (const slot of this.slots) {
      if (slot.job) continue;
      const now = performance.now();
      let job = this.queue.take(now);
      while (job && job.timed && now - job.queuedAt > maxQueued) {
        this.queue.abandon(job);
        const waited = Math.ceil((now - job.queuedAt) / 1000);
        job.reject(
          new ThrottlingError(
            `Rate exceeded: the face engine could not start this request within ${maxQueued / 1000} s; retry later`,
            Math.min(60, Math.max(1, waited)),
          ),
        );
        job = this.queue.take(now);
      }
      if (!job) return;
      this.dispatch(slot, job);
    }
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
      if (slot.job) {
        this.queue.done(slot.job, performance.now());
        slot.job.reject(Errors.internal('The face engine worker stopped unexpectedly'));
      }
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
