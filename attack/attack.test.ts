import { describe, expect, it } from 'vitest';
import { runSuite, type SuiteResult } from './src/suite.js';

/**
 * The bounded subset of the attack suite that runs in `npm test`: a sample of the fuzzing of all
 * four endpoints (bad images included), oversized and chunked bodies, SigV4 tampering and
 * traversal, against `facegate serve` in a child process with the real engine. No 5xx, no hang,
 * no crash, and every check passes, except those that need another branch's fixes (listed in
 * NEEDS_OTHER_BRANCH): they run in `npm run attack` and are reported in docs/attack.md.
 */
const NEEDS_OTHER_BRANCH = ['body-limit (12a)', 'sigv4-rules (12a)', 'fairness (12a)'];

let engineBuilt = true;
try {
  const mod = (await import('@facegate/engine')) as { createEngine?: unknown };
  engineBuilt = typeof mod.createEngine === 'function';
} catch {
  engineBuilt = false;
}
if (!engineBuilt)
  console.warn('skipping the attack subset: @facegate/engine is not built (npx tsc -b)');

describe.skipIf(!engineBuilt)('attack suite (bounded subset)', () => {
  let result: SuiteResult;

  it('fuzzes the four endpoints, bodies, SigV4 and traversal without a 5xx, a hang or a crash', async () => {
    result = await runSuite({
      perEndpoint: 60,
      bigPostBytes: 0,
      huge: false,
      parts: ['fuzz', 'bodies', 'sigv4', 'traversal'],
      quickScenarios: true,
      deadlineMs: 60_000,
      concurrency: 3,
    });
    for (const [endpoint, t] of result.tallies) {
      expect(t.requests, endpoint).toBe(60);
      expect({ endpoint, fiveXX: t.fiveXX, examples: t.examples5xx, hangs: t.hangs }).toEqual({
        endpoint,
        fiveXX: 0,
        examples: [],
        hangs: 0,
      });
    }
    expect(result.crashes).toBe(0);
    const failed = result.checks.filter(
      (c) => !c.passed && !(c.needs && NEEDS_OTHER_BRANCH.includes(c.needs)),
    );
    expect(failed).toEqual([]);
    expect(result.checks.length).toBeGreaterThan(60);
  }, 300_000);
});
