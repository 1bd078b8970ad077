import { describe, expect, it } from 'vitest';
import { FairQueue, type FairJob } from './fair-queue.js';

interface J extends FairJob {
  name: string;
}
const job = (client: string, name: string, kind = 'one'): J => ({
  client,
  kind,
  name,
  ...(kind === 'one' ? {} : { mayBeLong: true }),
});

/** Runs the queue on `workers` simulated workers, each job taking `ms(job)`; returns start order. */
function simulate(q: FairQueue<J>, workers: number, ms: (j: J) => number): Array<[string, number]> {
  const order: Array<[string, number]> = [];
  const busy: Array<{ job: J; until: number } | undefined> = Array.from({ length: workers });
  let now = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    for (let w = 0; w < workers; w++) {
      if (busy[w]) continue;
      const next = q.take(now);
      if (!next) break;
      order.push([next.name, now]);
      busy[w] = { job: next, until: now + ms(next) };
    }
    const running = busy.filter((b): b is { job: J; until: number } => !!b);
    if (running.length === 0) return order;
    now = Math.min(...running.map((b) => b.until));
    for (let w = 0; w < workers; w++) {
      const b = busy[w];
      if (b && b.until === now) {
        q.done(b.job, now);
        busy[w] = undefined;
      }
    }
  }
  throw new Error('simulation did not end');
}

describe('FairQueue', () => {
  it('interleaves a light client with a heavy one that queued first', () => {
    const q = new FairQueue<J>({ workers: 1 });
    for (let i = 0; i < 5; i++) q.push(job('heavy', `h${i}`));
    for (let i = 0; i < 3; i++) q.push(job('light', `l${i}`));
    const order = simulate(q, 1, () => 100).map(([n]) => n);
    // FIFO would run all of heavy first; fair order alternates from the start.
    expect(order.slice(0, 6)).toEqual(['h0', 'l0', 'h1', 'l1', 'h2', 'l2']);
  });

  it('weights by measured work: a client with long jobs gets fewer turns', () => {
    const q = new FairQueue<J>({ workers: 1, longJobMs: Infinity });
    for (let i = 0; i < 3; i++) q.push({ client: 'heavy', kind: 'big', name: `h${i}` });
    for (let i = 0; i < 12; i++) q.push(job('light', `l${i}`));
    const order = simulate(q, 1, (j) => (j.client === 'heavy' ? 1000 : 100)).map(([n]) => n);
    // After one 1000-ms heavy job, the light client runs about ten 100-ms jobs before the next.
    const h0 = order.indexOf('h0');
    const h1 = order.indexOf('h1');
    expect(order.slice(h0 + 1, h1).every((n) => n.startsWith('l'))).toBe(true);
    expect(h1 - h0).toBeGreaterThanOrEqual(9);
  });

  it('keeps long jobs off the last free worker', () => {
    const q = new FairQueue<J>({ workers: 2, longJobMs: 500 });
    // Teach it that `all` jobs of this client are long.
    q.push(job('heavy', 'teach', 'all'));
    simulate(q, 1, () => 5000);
    for (let i = 0; i < 4; i++) q.push(job('heavy', `h${i}`, 'all'));
    const first = q.take(0)!;
    expect(first.name).toBe('h0');
    // Second worker: the heavy client's next long job may not take it.
    expect(q.take(0)).toBeUndefined();
    q.push(job('light', 'l0'));
    expect(q.take(0)?.name).toBe('l0');
  });

  it('estimates the wait of a new job from the work ahead of it', () => {
    const q = new FairQueue<J>({ workers: 2, defaultEstimateMs: 200 });
    expect(q.expectedWait('a', 0)).toBe(0);
    for (let i = 0; i < 20; i++) q.push(job(`c${i}`, `j${i}`));
    q.take(0);
    q.take(0);
    // 2 running (200 ms each) + 18 queued of 200 ms on 2 workers: about 1.8 s before a new one.
    expect(q.expectedWait('new', 0)).toBeCloseTo(2000, -2);
    // A client with a backlog of its own is served after other clients' single jobs anyway.
    for (let i = 0; i < 10; i++) q.push(job('greedy', `g${i}`));
    expect(q.expectedWait('greedy', 0)).toBeGreaterThan(q.expectedWait('new', 0));
  });

  it('serves clients that tie first come first served, so none is overtaken for ever', () => {
    const q = new FairQueue<J>({ workers: 1 });
    for (let i = 0; i < 32; i++) q.push(job(`c${i}`, `j${i}`));
    const first = q.take(0)!;
    expect(first.name).toBe('j0');
    q.done(first, 300);
    // A newcomer arriving now waits behind those who were already waiting.
    q.push(job('late', 'late'));
    const order = simulate(q, 1, () => 300).map(([n]) => n);
    expect(order.at(-1)).toBe('late');
  });

  it('assumes a job that may hold many faces is long until measured', () => {
    const q = new FairQueue<J>({ workers: 2, longJobMs: 1500 });
    q.push(job('new', 'n0', 'all'));
    q.push(job('new', 'n1', 'all'));
    expect(q.take(0)?.name).toBe('n0');
    expect(q.take(0)).toBeUndefined(); // the last worker stays free for short jobs
  });

  it('keeps a client that ran a long job to workers − 1 workers for a while', () => {
    const q = new FairQueue<J>({ workers: 2, longJobMs: 1000 });
    q.push(job('heavy', 'long', 'all'));
    const long = q.take(0)!;
    q.done(long, 5000); // took 5 s
    for (let i = 0; i < 3; i++) q.push(job('heavy', `h${i}`));
    const h0 = q.take(5000)!;
    expect(h0.name).toBe('h0');
    expect(q.take(5000)).toBeUndefined(); // the second worker waits for someone else
    q.push(job('light', 'l0'));
    const l0 = q.take(5000)!;
    expect(l0.name).toBe('l0');
    q.done(h0, 5300);
    q.done(l0, 5300);
    // Ten seconds after its long job the heavy client may use every worker again.
    expect(q.take(20_000)?.name).toBe('h1');
    expect(q.take(20_000)?.name).toBe('h2');
  });

  it('never treats a single-face job as long, however slow the machine is', () => {
    const q = new FairQueue<J>({ workers: 2, longJobMs: 1000 });
    q.push(job('a', 'slow'));
    q.done(q.take(0)!, 5000);
    q.push(job('a', 'a1'));
    q.push(job('b', 'b1'));
    // Both start at once: a 5-s single-face job does not make the next one long.
    expect([q.take(5000)?.name, q.take(5000)?.name].sort()).toEqual(['a1', 'b1']);
  });

  it('reports how long the oldest short job that could run has waited', () => {
    const q = new FairQueue<J>({ workers: 1 });
    expect(q.oldestShortWait(1000)).toBe(0);
    q.push(job('a', 'a0'), 100);
    q.push(job('b', 'b0'), 400);
    expect(q.oldestShortWait(2000)).toBe(1900);
    q.take(2000);
    expect(q.oldestShortWait(2000)).toBe(1600);
  });

  it('forgets idle clients, so memory stays bounded by the active ones', () => {
    const q = new FairQueue<J>({ workers: 1 });
    for (let i = 0; i < 1000; i++) {
      q.push(job(`c${i}`, `j${i}`));
      const j = q.take(0)!;
      q.done(j, 1);
    }
    expect(q.length).toBe(0);
    expect(q.expectedWait('x', 0)).toBe(0);
  });
});
