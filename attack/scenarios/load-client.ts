/**
 * What the fairness scenarios share: a bounded client loop over fetch on loopback, and the
 * figures made of its answers.
 * @module
 */

export interface Figures {
  requests: number;
  /** Answers by HTTP status ('error' for a network failure or a client timeout). */
  statuses: Record<string, number>;
  /** Number of 200 answers per second of the window. */
  okPerSecond: number;
  /** Latency of the 200 answers, ms. */
  p50Ms: number;
  p99Ms: number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The q-quantile (0–1) of `values`, nearest rank; 0 when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Collects answers into Figures. */
export class Tally {
  readonly statuses: Record<string, number> = {};
  readonly okMs: number[] = [];
  requests = 0;

  add(status: number | 'error', ms: number): void {
    this.requests++;
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    if (status === 200) this.okMs.push(ms);
  }

  figures(seconds: number): Figures {
    return {
      requests: this.requests,
      statuses: { ...this.statuses },
      okPerSecond: this.okMs.length / seconds,
      p50Ms: Math.round(quantile(this.okMs, 0.5)),
      p99Ms: Math.round(quantile(this.okMs, 0.99)),
    };
  }
}

export interface Shot {
  status: number | 'error';
  ms: number;
  retryAfterSeconds?: number;
}

/** One POST, bounded by `timeoutMs`; the body is read whole so the connection is reused. */
export async function shoot(
  url: string,
  init: { headers: Record<string, string>; body: Uint8Array | string },
  timeoutMs = 30_000,
): Promise<Shot> {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    const retry = Number(res.headers.get('retry-after'));
    return {
      status: res.status,
      ms: performance.now() - started,
      ...(Number.isFinite(retry) && retry > 0 ? { retryAfterSeconds: retry } : {}),
    };
  } catch {
    return { status: 'error', ms: performance.now() - started };
  }
}

/**
 * A client that sends one request after another until `seconds` have passed (a closed loop, as
 * a phone is). After a 429 or 503 it waits as Retry-After says, at most `maxBackoffMs`.
 */
export async function closedLoop(
  seconds: number,
  send: () => Promise<Shot>,
  tally: Tally,
  maxBackoffMs = 1000,
): Promise<void> {
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const shot = await send();
    tally.add(shot.status, shot.ms);
    if (shot.status === 429 || shot.status === 503 || shot.status === 'error') {
      await sleep(Math.min(maxBackoffMs, (shot.retryAfterSeconds ?? 1) * 1000));
    }
  }
}
