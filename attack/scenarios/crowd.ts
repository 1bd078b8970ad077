/**
 * The crowd scenario of issue 12: many clients (32) searching at once for a minute. Target:
 * only 200, 429 and 503 answers, and p99 of the 200s ≤ 3 s (the server refuses what it could
 * not serve in time instead of queueing it). Loopback only, bounded in time.
 * @module
 */
import { closedLoop, shoot, Tally, type Figures } from './load-client.js';

export interface CrowdOptions {
  /** `http://127.0.0.1:PORT` (the stage is added). */
  baseUrl: string;
  stage?: string;
  /** Keys with the `search` scope; client i uses keys[i % keys.length]. */
  keys: readonly string[];
  /** One-face JPEG searched. */
  image: Uint8Array;
  clients?: number;
  seconds?: number;
}

export interface CrowdFigures extends Figures {
  clients: number;
  seconds: number;
  /** Only 200/429/503, and p99 of the 200s ≤ 3 s. */
  pass: boolean;
}

/**
 * Runs `clients` closed-loop clients against /search for `seconds` (they honour Retry-After,
 * at most 1 s) and returns the figures of all their answers.
 *
 * @example
 * const f = await runCrowd({ baseUrl: server.url, keys: [key], image, clients: 32, seconds: 60 });
 */
export async function runCrowd(o: CrowdOptions): Promise<CrowdFigures> {
  const clients = o.clients ?? 32;
  const seconds = o.seconds ?? 60;
  const url = `${o.baseUrl}/${o.stage ?? 'prod'}/search`;
  const body = JSON.stringify({ image_base64str: Buffer.from(o.image).toString('base64') });
  const tally = new Tally();
  await Promise.all(
    Array.from({ length: clients }, (_, i) =>
      closedLoop(
        seconds,
        () =>
          shoot(url, {
            headers: {
              'content-type': 'application/json',
              'x-api-key': o.keys[i % o.keys.length]!,
            },
            body,
          }),
        tally,
      ),
    ),
  );
  const f = tally.figures(seconds);
  const onlyExpected = Object.keys(f.statuses).every((s) => ['200', '429', '503'].includes(s));
  return { ...f, clients, seconds, pass: onlyExpected && f.p99Ms <= 3000 };
}
