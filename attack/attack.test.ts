import { describe, expect, it } from 'vitest';
import { engineMissing, requireOrSkip } from '../test-support/require-or-skip.js';
import { runSuite, type SuiteResult } from './src/suite.js';

/**
 * The bounded subset of the attack suite that runs in `npm test`: a sample of the fuzzing of all
 * four endpoints (bad images included), oversized and chunked bodies, SigV4 tampering and
 * traversal, against `facegate serve` in a child process with the real engine. No 5xx, no hang,
 * no crash, and every check passes. The 1 GiB body, the starvation scenario and 32 clients run in
 * `npm run attack` (docs/attack.md).
 */
const skip = requireOrSkip('the attack subset', await engineMissing());

describe.skipIf(skip)('attack suite (bounded subset)', () => {
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
    const failed = result.checks.filter((c) => !c.passed);
    expect(failed).toEqual([]);
    expect(result.checks.length).toBeGreaterThan(60);
  }, 300_000);
});
