/** The bench's statistics on small cases computed by hand (no engine, no photos). */
import { describe, expect, it } from 'vitest';
import { halfOf } from './split.js';
import {
  cosineAtFar,
  cosineAtFarOf,
  cosineAtTar,
  percentile,
  protocol,
  ratesOf,
  shareAtLeast,
  type ScoredPair,
} from './stats.js';
import { alternate, steadyRun, type Send } from './steady-state.js';

describe('rates and operating points', () => {
  it('shareAtLeast counts values at or above a threshold', () => {
    const sorted = [0.1, 0.2, 0.2, 0.5, 0.9];
    expect(shareAtLeast(sorted, 0.2)).toBe(4 / 5);
    expect(shareAtLeast(sorted, 0.21)).toBe(2 / 5);
    expect(shareAtLeast(sorted, 0)).toBe(1);
    expect(shareAtLeast(sorted, 1)).toBe(0);
    expect(shareAtLeast([], 1)).toBeNaN();
  });

  it('ratesOf gives [threshold, FAR, TAR] through the score function', () => {
    const score = (c: number) => c * 100;
    const same = [0.5, 0.8, 0.85, 0.95];
    const diff = [0.1, 0.3, 0.79, 0.8, 0.9];
    expect(ratesOf(same, diff, [80, 90], score)).toEqual([
      [80, 2 / 5, 3 / 4],
      [90, 1 / 5, 1 / 4],
    ]);
  });

  it('cosineAtFar is the k-th highest different-person cosine, k = ⌊FAR × pairs⌋ ≥ 1', () => {
    const diff = Array.from({ length: 1000 }, (_, i) => i / 1000); // 0, 0.001, …, 0.999
    expect(cosineAtFar(diff, 0.01)).toBe(0.99); // 10 pairs at or above
    expect(shareAtLeast(diff, cosineAtFar(diff, 0.01))).toBe(0.01);
    expect(cosineAtFar(diff, 0.001)).toBe(0.999); // 1 pair
    expect(cosineAtFar(diff, 0.0001)).toBe(0.999); // fewer than one pair: still the highest
    expect(cosineAtFarOf(diff, [0.1])).toEqual([[0.1, 0.9]]);
    expect(cosineAtFar([], 0.1)).toBeNaN();
  });

  it('cosineAtTar is the highest cosine that the share of same-person pairs reaches', () => {
    const same = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    expect(cosineAtTar(same, 0.8)).toBe(0.3); // 8 of 10 reach 0.3
    expect(shareAtLeast(same, cosineAtTar(same, 0.8))).toBe(0.8);
    expect(cosineAtTar(same, 0.86)).toBe(0.2); // 9 of 10 (8.6 rounds up)
    expect(cosineAtTar(same, 1)).toBe(0.1);
    expect(cosineAtTar(same, 0)).toBe(1.0);
  });

  it('percentile interpolates between ranks', () => {
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3], 0.95)).toBeCloseTo(2.9);
  });
});

describe('LFW protocol', () => {
  it('picks the threshold on the other folds and tests it on each fold', () => {
    const scored: ScoredPair[] = [
      { fold: 0, same: true, s: 0.6 },
      { fold: 0, same: true, s: 0.9 },
      { fold: 0, same: false, s: 0.4 },
      { fold: 0, same: false, s: 0.1 },
      { fold: 1, same: true, s: 0.8 },
      { fold: 1, same: true, s: 0.7 },
      { fold: 1, same: false, s: 0.55 },
      { fold: 1, same: false, s: 0.2 },
    ];
    // Fold 0 is tested at fold 1's best threshold, the lowest candidate with all 4 right: 0.7,
    // which calls 0.6 "different": 3 of 4. Fold 1 is tested at fold 0's best, 0.6: all right.
    expect(protocol(scored, [0, 1])).toEqual([0.75, 1]);
  });

  it('a fold whose training set is all one kind still gets a threshold', () => {
    const scored: ScoredPair[] = [
      { fold: 0, same: true, s: 0.9 },
      { fold: 0, same: false, s: 0.1 },
      { fold: 1, same: true, s: 0.8 },
    ];
    // Training on fold 1 alone: every threshold ≤ 0.8 is right; the lowest, 0.8, is kept.
    expect(protocol(scored, [0])).toEqual([1]);
  });
});

describe('the half of a person', () => {
  it('is 0 or 1, stable, and splits many people about evenly', () => {
    expect(halfOf('Aaron_Sorkin')).toBe(halfOf('Aaron_Sorkin'));
    const halves = Array.from({ length: 2000 }, (_, i) => halfOf(`Person_${i}`));
    const ones = halves.filter((h) => h === 1).length;
    expect(new Set(halves)).toEqual(new Set([0, 1]));
    expect(ones).toBeGreaterThan(900);
    expect(ones).toBeLessThan(1100);
  });
});

/**
 * Virtual time: `sleep(ms)` resolves when the clock reaches now + ms; `run` advances the clock
 * from one wake-up to the next until nothing is waiting.
 */
function virtualClock() {
  let t = 0;
  const timers: Array<{ at: number; wake: () => void }> = [];
  const settle = () => new Promise<void>((r) => setImmediate(r));
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((wake) => timers.push({ at: t + ms, wake })),
    async run<T>(p: Promise<T>): Promise<T> {
      let done = false;
      void p.then(() => (done = true));
      // Bounded: every test here schedules far fewer wake-ups.
      for (let guard = 0; guard < 10_000 && !done; guard++) {
        await settle();
        if (timers.length === 0) continue;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift()!;
        t = next.at;
        next.wake();
      }
      return p;
    },
  };
}

describe('steady-state runner', () => {
  it('keeps a fast client busy until the slow one has counted, and times each to its own count', async () => {
    const clock = virtualClock();
    const sent = [0, 0];
    const ms = [10, 30];
    const send: Send = async (client) => {
      sent[client]!++;
      await clock.sleep(ms[client]!);
    };
    const times = await clock.run(steadyRun(2, 3, send, clock.now));
    // Client 0 counts 3 × 10 ms = 30; client 1 counts 3 × 30 ms = 90.
    expect(times).toEqual([30, 90]);
    // Client 0 went on from 30 to 90 ms: 6 more requests (every request it counted had company).
    expect(sent).toEqual([9, 3]);
  });

  it('one client alone counts its own requests only', async () => {
    const clock = virtualClock();
    let sent = 0;
    const times = await clock.run(
      steadyRun(
        1,
        4,
        async () => {
          sent++;
          await clock.sleep(25);
        },
        clock.now,
      ),
    );
    expect(times).toEqual([100]);
    expect(sent).toBe(4);
  });

  it('alternate: rates as requests over summed time, steady state and tail included', async () => {
    const clock = virtualClock();
    const ms = [10, 30];
    const r = await clock.run(
      alternate(2, 3, () => async (client) => clock.sleep(ms[client]!), clock.now),
    );
    // One client (client 0, 10 ms each): 6 requests in 60 ms = 100/s.
    expect(r.one).toBeCloseTo(100, 6);
    // Two clients: 6 in 60 ms (100/s) + 6 in 180 ms (33.3/s).
    expect(r.two).toBeCloseTo(100 + 100 / 3, 6);
    // Until both were done: 12 requests in 2 × 90 ms.
    expect(r.twoUntilBothDone).toBeCloseTo(12 / 0.18, 6);
  });
});
