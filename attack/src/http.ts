/**
 * One HTTP request with a hard deadline, reduced to what the attack report counts: the status,
 * or that it hung (no complete answer within the deadline) or was cut (connection reset).
 * Only loopback targets are allowed.
 * @module
 */
import { request } from 'node:http';
import type { Readable } from 'node:stream';

export interface Outcome {
  /** HTTP status, or 0 when there was none. */
  status: number;
  /** No complete answer within the deadline. */
  hang: boolean;
  /** Connection error before an answer (reset, refused). */
  error?: string;
  ms: number;
  /** The first 64 KiB of the answer. */
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

export interface Send {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string | (() => Readable);
}

const KEEP = 64 * 1024;

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!/^127\.\d+\.\d+\.\d+$/.test(host)) throw new Error(`attack: refusing non-loopback ${url}`);
}

export function hit(base: string, s: Send, deadlineMs: number): Promise<Outcome> {
  assertLoopback(base);
  const started = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (o: Omit<Outcome, 'ms'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...o, ms: performance.now() - started });
    };
    const url = new URL(base);
    // The path goes out exactly as given (no URL normalisation), so traversal attempts do too.
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: s.path,
        method: s.method ?? 'POST',
        headers: s.headers ?? {},
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (c: Buffer) => {
          if (kept < KEEP) chunks.push(c.subarray(0, KEEP - kept));
          kept += c.length;
        });
        res.on('end', () =>
          finish({
            status: res.statusCode ?? 0,
            hang: false,
            body: Buffer.concat(chunks),
            headers: res.headers,
          }),
        );
        res.on('error', (e) =>
          finish({
            status: res.statusCode ?? 0,
            hang: false,
            error: e.message,
            body: Buffer.concat(chunks),
            headers: res.headers,
          }),
        );
      },
    );
    const timer = setTimeout(() => {
      finish({ status: 0, hang: true, body: Buffer.alloc(0), headers: {} });
      req.destroy();
    }, deadlineMs);
    req.on('error', (e) =>
      finish({ status: 0, hang: false, error: e.message, body: Buffer.alloc(0), headers: {} }),
    );
    const body = s.body;
    if (typeof body === 'function') {
      const stream = body();
      stream.on('error', () => req.destroy());
      req.on('close', () => stream.destroy());
      stream.pipe(req);
    } else req.end(body);
  });
}
