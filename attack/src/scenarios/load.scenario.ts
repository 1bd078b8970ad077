/**
 * 32 clients × 60 s of /prod/search (closed loop, one request in flight each): every answer
 * must be 200, 429 or 503, and the p99 latency of the 200s at most 3 s.
 * @module
 */
import { hit } from '../http.js';
import { facePhoto } from '../images.js';
import { check } from '../result.js';
import { percentile, type Scenario } from './scenario.js';

export const loadScenario: Scenario = {
  name: '32 clients × 60 s',
  async run(t, { quick }) {
    const clients = quick ? 8 : 32;
    const seconds = quick ? 10 : 60;
    const body = JSON.stringify({ image_base64str: facePhoto(2).toString('base64') });
    const statuses = new Map<string, number>();
    const ok: number[] = [];
    const end = performance.now() + seconds * 1000;
    const client = async () => {
      for (let i = 0; i < 100_000 && performance.now() < end; i++) {
        const o = await hit(
          t.url,
          {
            path: '/prod/search',
            headers: { 'x-api-key': t.apiKey, 'content-type': 'application/json' },
            body,
          },
          60_000,
        );
        const key = o.hang ? 'hang' : String(o.status);
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (o.status === 200) ok.push(o.ms);
      }
    };
    await Promise.all(Array.from({ length: clients }, client));
    const onlyAllowed = [...statuses.keys()].every((s) => ['200', '429', '503'].includes(s));
    const p99 = percentile(ok, 99);
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    return check(
      'scenarios',
      `${clients} clients × ${seconds} s of /prod/search: only 200/429/503, p99 of the 200s ≤ 3 s`,
      onlyAllowed && ok.length > 0 && p99 <= 3000 && t.exited() === undefined,
      `${total} requests: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}; 200s p50 ${percentile(ok, 50).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`,
    );
  },
};
