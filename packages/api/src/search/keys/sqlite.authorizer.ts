/**
 * The ApiKeyAuthorizer of `facegate serve`: keys checked against the SQLite store on every
 * request (so `facegate apikeys revoke` takes effect at once, even from another process),
 * rate and burst from in-memory token buckets, quotas counted in SQLite. Work beyond a request's
 * first unit is charged to both as it is done (docs/design/fairness.md). SIMs on the allowlist
 * are metered the same way, each under its own `sim:<IMSI>` counter.
 * @module
 */
import { systemClock, type Clock } from '@facegate/core';
import type {
  ApiKeyAuthorizer,
  ApiKeyPrincipal,
  UsagePlanLimits,
  UsageVerdict,
} from '../search.ports.js';
import type { SimIdentity } from '../sim/sim.identity.js';
import type { ApiKeyStore } from './api-key.store.js';
import type { SimAllowlist } from './sim-allowlist.store.js';
import { TokenBuckets } from './token-bucket.js';
import { periodKey } from './usage-period.js';

export function createSqliteAuthorizer(
  store: ApiKeyStore,
  clock: Clock = systemClock,
  sims?: SimAllowlist,
): ApiKeyAuthorizer & Required<Pick<ApiKeyAuthorizer, 'recordWork'>> & { buckets: TokenBuckets } {
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
        if (!buckets.take(principal.keyId, rate, burstOf(plan), now)) return 'rate';
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
    recordWork(principal: ApiKeyPrincipal, units: number): void {
      const plan = principal.plan;
      if (!plan || units <= 0) return;
      const now = clock.now();
      if (plan.rate !== undefined)
        buckets.charge(principal.keyId, units, plan.rate, burstOf(plan), now);
      if (plan.quota) store.chargeQuota(principal.keyId, periodKey(plan.quota.period, now), units);
    },
  };
}

const burstOf = (plan: UsagePlanLimits) => plan.burst ?? Math.max(1, Math.ceil(plan.rate ?? 0));
