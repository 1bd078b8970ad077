/**
 * The ApiKeyAuthorizer of `facegate serve`: keys checked against the SQLite store on every
 * request (so `facegate apikeys revoke` takes effect at once, even from another process),
 * rate and burst from in-memory token buckets, quotas counted in SQLite. SIMs on the allowlist
 * are metered the same way, each under its own `sim:<IMSI>` counter.
 * @module
 */
import { systemClock, type Clock } from '@facegate/core';
import type { ApiKeyAuthorizer, ApiKeyPrincipal, UsageVerdict } from '../search.ports.js';
import type { SimIdentity } from '../sim/sim.identity.js';
import type { ApiKeyStore } from './api-key.store.js';
import type { SimAllowlist } from './sim-allowlist.store.js';
import { TokenBuckets } from './token-bucket.js';
import { periodKey } from './usage-period.js';

export function createSqliteAuthorizer(
  store: ApiKeyStore,
  clock: Clock = systemClock,
  sims?: SimAllowlist,
): ApiKeyAuthorizer & { buckets: TokenBuckets } {
  const buckets = new TokenBuckets();
  return {
    buckets,
    verify: (key) => store.verify(key),
    // Read on every request, like keys: `facegate sims deny` takes effect at once.
    ...(sims ? { verifySim: (identity: SimIdentity) => sims.principalFor(identity) } : {}),
    recordUsage(principal: ApiKeyPrincipal): UsageVerdict {
      const plan = principal.plan;
      if (!plan) return 'ok';
      const now = clock.now();
      // A burst without a rate would never refill: like API Gateway, throttling needs a rate.
      const limited = plan.rate !== undefined;
      if (limited) {
        const rate = plan.rate ?? 0;
        const burst = plan.burst ?? Math.max(1, Math.ceil(rate));
        if (!buckets.take(principal.keyId, rate, burst, now)) return 'rate';
      }
      if (
        plan.quota &&
        !store.consumeQuota(principal.keyId, periodKey(plan.quota.period, now), plan.quota.limit)
      ) {
        // A request refused for quota did not use the plan's throughput.
        if (limited) buckets.refund(principal.keyId);
        return 'quota';
      }
      return 'ok';
    },
  };
}
