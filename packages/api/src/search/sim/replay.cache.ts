/**
 * Remembers each Beam signature until its timestamp leaves the acceptance window, so the same
 * signed headers are accepted once. Bounded: when full, expired entries are swept; if it is
 * still full the request is refused (fail closed) rather than forgetting a live signature.
 * In memory, per process: a restart forgets, which is safe only because the window is short
 * (documented in docs/soracom.md).
 * @module
 */
export const DEFAULT_REPLAY_CAPACITY = 100_000;

export class ReplayCache {
  readonly #seen = new Map<string, number>();
  readonly #capacity: number;

  constructor(capacity = DEFAULT_REPLAY_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be ≥ 1');
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#seen.size;
  }

  /**
   * Records `id` as used until `expiresAt` (ms). `replay`: seen before and not expired;
   * `full`: no room even after sweeping; `ok`: first use, now recorded.
   */
  use(id: string, expiresAt: number, now: number): 'ok' | 'replay' | 'full' {
    const prev = this.#seen.get(id);
    if (prev !== undefined && prev > now) return 'replay';
    if (prev === undefined && this.#seen.size >= this.#capacity) {
      for (const [k, exp] of this.#seen) if (exp <= now) this.#seen.delete(k);
      if (this.#seen.size >= this.#capacity) return 'full';
    }
    this.#seen.set(id, expiresAt);
    return 'ok';
  }
}
