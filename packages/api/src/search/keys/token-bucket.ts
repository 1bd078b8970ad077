/**
 * API Gateway's throttling: a token bucket per key holding up to `burst` requests, refilled
 * at `rate` per second. Kept in memory: a restart gives every key a full bucket, which is
 * what API Gateway's own buckets do after a deployment; only quotas must survive restarts.
 * @module
 */

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();

  /** Takes one token from `key`'s bucket at time `now` (ms); false when it is empty. */
  take(key: string, rate: number, burst: number, now: number): boolean {
    const capacity = Math.max(1, burst);
    const b = this.#buckets.get(key) ?? { tokens: capacity, at: now };
    const elapsed = Math.max(0, now - b.at) / 1000;
    b.tokens = Math.min(capacity, b.tokens + elapsed * Math.max(0, rate));
    b.at = now;
    this.#buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /**
   * Takes `n` more tokens at time `now` for work already done, going into debt if needed: the
   * key's next requests are refused until the refill has repaid it.
   */
  charge(key: string, n: number, rate: number, burst: number, now: number): void {
    const capacity = Math.max(1, burst);
    const b = this.#buckets.get(key) ?? { tokens: capacity, at: now };
    const elapsed = Math.max(0, now - b.at) / 1000;
    b.tokens = Math.min(capacity, b.tokens + elapsed * Math.max(0, rate)) - n;
    b.at = now;
    this.#buckets.set(key, b);
  }

  /** Gives a token back (the request was refused later for another reason). */
  refund(key: string): void {
    const b = this.#buckets.get(key);
    if (b) b.tokens += 1;
  }
}
