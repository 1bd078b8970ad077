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
  /**
   * It may hold many faces, so it may be long: only such jobs are ever treated as long (assumed
   * long until their kind is measured). A single-face job is short however slow the machine is,
   * so a busy machine does not idle a worker.
   */
  mayBeLong?: boolean;
}

export interface FairQueueOptions {
  workers: number;
  /** A job that may be long and is expected to take this long may occupy at most `workers − 1` workers. */
  longJobMs?: number;
  /** Expected duration of a job whose kind was never measured (default 300 ms). */
  defaultEstimateMs?: number;
}

interface Entry<J> {
  job: J;
  /** Start tag: the virtual time at which fair order lets it start. */
  tag: number;
  /** Arrival order, to break ties first come first served. */
  seq: number;
  /** When it was queued (ms). */
  at: number;
}

interface ClientState<J> {
  queue: Array<Entry<J>>;
  running: number;
  /** Finish tag of the client's last job: where its next job's start tag begins. */
  finish: number;
  /** Until when (ms) the client counts as heavy: it ran or started a long job recently. */
  heavyUntil: number;
}

interface Running {
  client: string;
  long: boolean;
  startedAt: number;
  estimateMs: number;
}

/** How long a client that ran a long job stays limited to workers − 1 workers. */
const HEAVY_FOR_MS = 10_000;
/** Weight of a new duration in the running means. */
const EWMA = 0.3;
/** Learnt estimates kept at most (one per client and kind); older ones are dropped. */
const MAX_ESTIMATES = 4096;

/**
 * Start-time fair queueing: a job's start tag is the later of the virtual time (the tag of the
 * job started last) and its client's finish tag (the client's previous tag plus that job's
 * duration, corrected to the measured duration when it ends). The waiting job with the least
 * tag starts next, ties first come first served. A client that sends long jobs, or many, sees
 * its tags run ahead of everyone else's and waits its turn; an idle client banks no credit.
 * Jobs are not pre-empted, so two rules keep heavy work off the last free worker: a long job
 * may not take it, and neither may a client that ran a long job in the last 10 s.
 */
export class FairQueue<J extends FairJob> {
  readonly #clients = new Map<string, ClientState<J>>();
  readonly #running = new Map<J, Running>();
  readonly #estimates = new Map<string, number>();
  readonly #longJobMs: number;
  readonly #defaultMs: number;
  #virtual = 0;
  #seq = 0;
  #queued = 0;

  constructor(private readonly options: FairQueueOptions) {
    this.#longJobMs = options.longJobMs ?? 1500;
    this.#defaultMs = options.defaultEstimateMs ?? 300;
  }

  /** Jobs waiting. */
  get length(): number {
    return this.#queued;
  }

  /**
   * Expected duration of a job of this client and kind: learnt for the client, else for the
   * kind, else the default; a job that may hold many faces is assumed long until its kind has
   * been measured, so an unknown heavy job never takes the last free worker.
   */
  estimate(client: string, kind: string, mayBeLong = false): number {
    return (
      this.#estimates.get(`${client}\u0000${kind}`) ??
      this.#estimates.get(`\u0000${kind}`) ??
      (mayBeLong ? Math.max(this.#defaultMs, this.#longJobMs) : this.#defaultMs)
    );
  }

  /**
   * How long (ms) a new job of `client` and `kind` would wait before it starts if offered now:
   * the running jobs' remaining expected time and the queued jobs fair order puts before it,
   * laid out on the workers (each to the worker free first).
   */
  expectedWait(client: string, now: number): number {
    const tag = Math.max(this.#virtual, this.#clients.get(client)?.finish ?? 0);
    const free: number[] = [];
    for (const r of this.#running.values())
      free.push(Math.max(0, r.estimateMs - (now - r.startedAt)));
    while (free.length < this.options.workers) free.push(0);
    free.sort((a, b) => a - b);
    for (const state of this.#clients.values()) {
      for (const e of state.queue) {
        if (e.tag > tag) break; // a client's tags only grow
        free[0] = free[0]! + (e.job.estimateMs ?? 0);
        free.sort((a, b) => a - b);
      }
    }
    return free[0]!;
  }

  /**
   * How long (ms) the oldest short job that could run now (not held back by the rules on long
   * jobs) has already waited. Estimates can be wrong (a busy machine makes every job slower than
   * learnt); a short job that has waited past the budget shows it, whatever the estimates say.
   */
  oldestShortWait(now: number): number {
    let oldest = now;
    for (const state of this.#clients.values()) {
      const head = state.queue[0];
      if (!head || this.#isLong(head.job)) continue;
      if (this.#heldBack(state, now)) continue;
      oldest = Math.min(oldest, head.at);
    }
    return now - oldest;
  }

  /** Adds a job to its client's FIFO (its estimate and start tag are filled in). */
  push(job: J, now = 0): void {
    job.estimateMs = this.estimate(job.client, job.kind, job.mayBeLong);
    let state = this.#clients.get(job.client);
    if (!state) {
      state = { queue: [], running: 0, finish: this.#virtual, heavyUntil: 0 };
      this.#clients.set(job.client, state);
    }
    const tag = Math.max(this.#virtual, state.finish);
    state.finish = tag + job.estimateMs;
    state.queue.push({ job, tag, seq: this.#seq++, at: now });
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
    let best: Entry<J> | undefined;
    let bestState: ClientState<J> | undefined;
    for (const state of this.#clients.values()) {
      const head = state.queue[0];
      if (!head) continue;
      if (!longAllowed && this.#isLong(head.job)) continue;
      if (this.#heldBack(state, now)) continue;
      if (!best || head.tag < best.tag || (head.tag === best.tag && head.seq < best.seq)) {
        best = head;
        bestState = state;
      }
    }
    if (!best || !bestState) return undefined;
    bestState.queue.shift();
    this.#queued--;
    bestState.running++;
    this.#virtual = Math.max(this.#virtual, best.tag);
    const estimateMs = best.job.estimateMs ?? this.#defaultMs;
    const long = this.#isLong(best.job);
    if (long) bestState.heavyUntil = now + HEAVY_FOR_MS;
    this.#running.set(best.job, {
      client: best.job.client,
      long,
      startedAt: now,
      estimateMs,
    });
    return best.job;
  }

  /** A running job ended: charges its real duration to its client and learns from it. */
  done(job: J, now: number): void {
    const r = this.#running.get(job);
    if (!r) return;
    this.#running.delete(job);
    const took = Math.max(0, now - r.startedAt);
    const state = this.#clients.get(r.client);
    if (state) {
      // The job's real length moves the client's later jobs, queued or not.
      const delta = took - r.estimateMs;
      state.finish += delta;
      for (const e of state.queue) e.tag += delta;
      state.running--;
      if (job.mayBeLong && took >= this.#longJobMs) state.heavyUntil = now + HEAVY_FOR_MS;
    }
    this.#learn(`${job.client}\u0000${job.kind}`, took);
    this.#learn(`\u0000${job.kind}`, took);
    this.#forgetIdle(now);
  }

  /** A job just taken will not run after all (it waited too long): undoes its charge, learns nothing. */
  abandon(job: J): void {
    const r = this.#running.get(job);
    if (!r) return;
    this.#running.delete(job);
    const state = this.#clients.get(r.client);
    if (state) {
      state.finish -= r.estimateMs;
      for (const e of state.queue) e.tag -= r.estimateMs;
      state.running--;
    }
  }

  /** Removes and returns every waiting job (the pool is closing). */
  drain(): J[] {
    const all: J[] = [];
    for (const state of this.#clients.values())
      all.push(...state.queue.splice(0).map((e) => e.job));
    this.#queued = 0;
    return all;
  }

  #isLong(job: J): boolean {
    return job.mayBeLong === true && (job.estimateMs ?? 0) >= this.#longJobMs;
  }

  /** A heavy client never holds every worker, so a light one never waits behind it for long. */
  #heldBack(state: ClientState<J>, now: number): boolean {
    return (
      this.options.workers > 1 &&
      state.running >= this.options.workers - 1 &&
      now < state.heavyUntil
    );
  }

  /** Idle clients that owe nothing are forgotten: memory is bounded by the active ones. */
  #forgetIdle(now: number): void {
    for (const [id, state] of this.#clients) {
      if (
        state.running === 0 &&
        state.queue.length === 0 &&
        state.finish <= this.#virtual &&
        state.heavyUntil <= now
      )
        this.#clients.delete(id);
    }
  }

  #learn(key: string, took: number): void {
    const old = this.#estimates.get(key);
    if (old === undefined && this.#estimates.size >= MAX_ESTIMATES) this.#estimates.clear();
    this.#estimates.set(key, old === undefined ? took : old + EWMA * (took - old));
  }
}
