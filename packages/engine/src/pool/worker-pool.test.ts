/**
 * The pool without models: a tiny worker script proves that requests run on different threads
 * at the same time (they meet at a shared counter), and that a full queue refuses at once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkerPool } from './worker-pool.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facegate-pool-'));
const script = path.join(dir, 'meet.worker.mjs');
// Each request increments a shared counter, then waits (bounded) until `expect` requests
// have arrived. Serial execution would see the counter stuck at 1 and time out.
fs.writeFileSync(
  script,
  `import { parentPort, threadId } from 'node:worker_threads';
parentPort.postMessage({ type: 'ready', ms: 0 });
parentPort.on('message', ({ id, payload }) => {
  if (payload.fail) { parentPort.postMessage({ type: 'error', id, name: 'InvalidImageFormatException', message: 'bad', fault: 'client', status: 400 }); return; }
  const counter = new Int32Array(payload.shared);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
  const deadline = Date.now() + 5000;
  while (Atomics.load(counter, 0) < payload.expect && Date.now() < deadline) Atomics.wait(counter, 0, Atomics.load(counter, 0), 50);
  parentPort.postMessage({ type: 'result', id, value: { threadId, seen: Atomics.load(counter, 0) } });
});
`,
);

const pool = new WorkerPool({ script: pathToFileURL(script), workers: 2, queueLimit: 1 });
afterAll(async () => {
  await pool.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('WorkerPool', () => {
  it('runs two requests at the same time on two threads', async () => {
    await pool.ready();
    const shared = new SharedArrayBuffer(4);
    const results = await Promise.all(
      [0, 1].map(() => pool.run<{ threadId: number; seen: number }>({ shared, expect: 2 })),
    );
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2);
    for (const r of results) expect(r.seen).toBe(2);
  });

  it('queues up to queueLimit and refuses the rest with ProvisionedThroughputExceededException', async () => {
    const shared = new SharedArrayBuffer(4);
    // 2 running (they wait for each other) + 1 queued are accepted; a fourth is refused at once.
    const accepted = [
      pool.run({ shared, expect: 2 }),
      pool.run({ shared, expect: 2 }),
      pool.run({ shared: new SharedArrayBuffer(4), expect: 1 }),
    ];
    await expect(pool.run({ shared, expect: 2 })).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });
    await Promise.all(accepted);
    expect(pool.pending).toBe(0);
  });

  it('passes worker errors on with their Rekognition names', async () => {
    await expect(pool.run({ fail: true })).rejects.toMatchObject({
      name: 'InvalidImageFormatException',
      fault: 'client',
    });
  });
});

describe('WorkerPool admission', () => {
  it('refuses with ThrottlingException and a retry delay when the expected wait is over budget', async () => {
    const slow = new WorkerPool({
      script: pathToFileURL(script),
      workers: 1,
      queueLimit: 100,
      maxWaitMs: 1000,
    });
    try {
      await slow.ready();
      // One job blocks the only worker; others are queued behind it, each expected to take the
      // default 300 ms since this kind was never seen.
      const block = new SharedArrayBuffer(4);
      const blocker = slow.run({ shared: block, expect: 2 }, [], { client: 'b', kind: 'slow' });
      const queued: Array<Promise<unknown>> = [];
      let refused: unknown;
      for (let i = 0; i < 50 && !refused; i++) {
        const p = slow.run({ shared: new SharedArrayBuffer(4), expect: 1 }, [], {
          client: `c${i}`,
          kind: 'k',
        });
        queued.push(p.catch((e: unknown) => (refused ??= e)));
        await Promise.resolve();
      }
      // The unknown-kind estimate (300 ms) × queued jobs passes 1 s after a few jobs.
      expect(refused).toMatchObject({ name: 'ThrottlingException', status: 400 });
      expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(
        1,
      );
      // Release the blocker; everything accepted runs.
      const counter = new Int32Array(block);
      Atomics.add(counter, 0, 1);
      Atomics.notify(counter, 0);
      await blocker;
      await Promise.all(queued);
      expect(slow.pending).toBe(0);
    } finally {
      await slow.close();
    }
  });
});

describe('WorkerPool deadline', () => {
  it('refuses a queued request whose turn comes after maxQueuedMs instead of starting it late', async () => {
    const strict = new WorkerPool({
      script: pathToFileURL(script),
      workers: 1,
      queueLimit: 10,
      maxWaitMs: Infinity,
      maxQueuedMs: 200,
    });
    try {
      await strict.ready();
      const block = new SharedArrayBuffer(4);
      const blocker = strict.run({ shared: block, expect: 2 }, [], { client: 'a' });
      const late = strict.run({ shared: new SharedArrayBuffer(4), expect: 1 }, [], {
        client: 'b',
      });
      const outcome = late.then(
        () => 'served',
        (e: { name: string; retryAfterSeconds: number }) => e,
      );
      await new Promise((resolve) => setTimeout(resolve, 600));
      const counter = new Int32Array(block);
      Atomics.add(counter, 0, 1);
      Atomics.notify(counter, 0);
      await blocker;
      expect(await outcome).toMatchObject({ name: 'ThrottlingException', retryAfterSeconds: 1 });
      // The pool is not stuck: the next request runs.
      await expect(
        strict.run({ shared: new SharedArrayBuffer(4), expect: 1 }, [], { client: 'b' }),
      ).resolves.toMatchObject({ seen: 1 });
    } finally {
      await strict.close();
    }
  });
});
