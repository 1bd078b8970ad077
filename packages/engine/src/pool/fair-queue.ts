/**
 * The pool's queue: one FIFO per client, served to the client that has received the least
 * engine time (start-time fair queueing, weighted by measured work), with a lane that keeps
 * long jobs off the last free worker, and an estimate of how long a new job would wait so the
 * pool can refuse it instead of queueing without bound. Pure bookkeeping, no threads: see
 * docs/design/fairness.md.
 * @module
 */

/** What the queue needs to know of a job. */
export interface FairJob {
  /** Fairness key (API key id, access key id); '' = the shared anonymous client. */
  client: string;
  /** Kind of call, for learning expected durations (e.g. `one`, `all`, `describe`). */
  kind: string;
  /** Expected duration in ms, set by the queue when the job is offered. */
  estimateMs?: number;
}

export interface FairQueueOptions {
  workers: number;
  /** A job expected to take at least this long may occupy at most `workers − 1` workers. */
  longJobMs?: number;
  /** Expected duration of a kind never seen yet. */
  defaultEstimateMs?: number;
}

interface ClientState<J> {
  queue: J[];
  running: number;
  /** Engine time charged so far (ms), including the estimates of its running jobs. */
  served: number;
}

interface Running {
  client: string;
  long: boolean;
  startedAt: number;
  estimateMs: number;
}

/** Weight of a new duration in the running means. */
const EWMA = 0.3;
/** Learnt estimates kept at most (one per client and kind); older ones are dropped. */
const MAX_ESTIMATES = 4096;

export class FairQueue<J extends FairJob> {
  readonly #clients = new Map<string, ClientState<J>>();
  readonly #running = new Map<J, Running>();
  readonly #estimates = new Map<string, number>();
  readonly #longJobMs: number;
  readonly #defaultMs: number;
  #queued = 0;

  constructor(private readonly options: FairQueueOptions) {
    this.#longJobMs = options.longJobMs ?? 1500;
    this.#defaultMs = options.defaultEstimateMs ?? 300;
  }

  /** Jobs waiting. */
  get length(): number {
    return this.#queued;
  }

  /** Expected duration of a job of this client and kind (learnt, else the kind's, else default). */
  estimate(client: string, kind: string): number {
    return (
      this.#estimates.get(`${client}\u0000${kind}`) ??
      this.#estimates.get(`\u0000${kind}`) ??
      this.#defaultMs
    );
  }

  /**
   * How long (ms) a new job of `client` and `kind` would wait before it starts if offered now:
   * the running jobs' remaining expected time and the queued work fair order puts ahead of it,
   * laid out on the workers (each to the worker free first).
   */
  expectedWait(client: string, kind: string, now: number): number {
    const own = this.#clients.get(client);
    const mine = this.estimate(client, kind) + sumEstimates(own?.queue ?? []);
    const free: number[] = [];
    for (const r of this.#running.values())
      free.push(Math.max(0, r.estimateMs - (now - r.startedAt)));
    while (free.length < this.options.workers) free.push(0);
    const ahead: number[] = [...(own?.queue ?? []).map((j) => j.estimateMs ?? 0)];
    for (const [id, state] of this.#clients) {
      if (id === client) continue;
      // Fair order serves another client's queue ahead of ours up to about as much work as ours.
      let taken = 0;
      for (const j of state.queue) {
        if (taken >= mine) break;
        taken += j.estimateMs ?? 0;
        ahead.push(j.estimateMs ?? 0);
      }
    }
    for (const ms of ahead) {
      const i = free.indexOf(Math.min(...free));
      free[i] = free[i]! + ms;
    }
    return Math.min(...free);
  }

  /** Adds a job to its client's FIFO (its estimate is filled in). */
  push(job: J): void {
    job.estimateMs = this.estimate(job.client, job.kind);
    let state = this.#clients.get(job.client);
    if (!state) {
      // A client that was idle starts level with the least-served active one: no banked credit.
      state = { queue: [], running: 0, served: this.#leastServed() };
      this.#clients.set(job.client, state);
    }
    state.queue.push(job);
    this.#queued++;
  }

  /**
   * The next job to run on a free worker, or undefined when none may start now (empty, or
   * every waiting head is a long job and the long lane is full). Marks it running.
   */
  take(now: number): J | undefined {
    let longRunning = 0;
    for (const r of this.#running.values()) if (r.long) longRunning++;
    const longAllowed = this.options.workers <= 1 || longRunning < this.options.workers - 1;
    let best: ClientState<J> | undefined;
    let bestId = '';
    for (const [id, state] of this.#clients) {
      const head = state.queue[0];
      if (!head) continue;
      if (!longAllowed && (head.estimateMs ?? 0) >= this.#longJobMs) continue;
      // Ties go to the client activated last: one that just came back waits for no one equal.
      if (!best || state.served <= best.served) {
        best = state;
        bestId = id;
      }
    }
    if (!best) return undefined;
    const job = best.queue.shift()!;
    this.#queued--;
    best.running++;
    const estimateMs = job.estimateMs ?? this.#defaultMs;
    best.served += estimateMs;
    this.#running.set(job, {
      client: bestId,
      long: estimateMs >= this.#longJobMs,
      startedAt: now,
      estimateMs,
    });
    return job;
  }

  /** A running job ended: charges its real duration and learns from it. */
  done(job: J, now: number): void {
    const r = this.#running.get(job);
    if (!r) return;
    this.#running.delete(job);
    const took = Math.max(0, now - r.startedAt);
    const state = this.#clients.get(r.client);
    if (state) {
      state.served += took - r.estimateMs;
      state.running--;
      if (state.running === 0 && state.queue.length === 0) this.#clients.delete(r.client);
    }
    this.#learn(`${job.client}\u0000${job.kind}`, took);
    this.#learn(`\u0000${job.kind}`, took);
  }

  /** Removes and returns every waiting job (the pool is closing). */
  drain(): J[] {
    const all: J[] = [];
    for (const state of this.#clients.values()) all.push(...state.queue.splice(0));
    this.#queued = 0;
    return all;
  }

  #leastServed(): number {
    let least: number | undefined;
    for (const s of this.#clients.values())
      if (least === undefined || s.served < least) least = s.served;
    return least ?? 0;
  }

  #learn(key: string, took: number): void {
    const old = this.#estimates.get(key);
    if (old === undefined && this.#estimates.size >= MAX_ESTIMATES) this.#estimates.clear();
    this.#estimates.set(key, old === undefined ? took : old + EWMA * (took - old));
  }
}

const sumEstimates = (jobs: readonly FairJob[]) =>
  jobs.reduce((sum, j) => sum + (j.estimateMs ?? 0), 0);
