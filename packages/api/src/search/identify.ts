/**
 * Who is calling: a SIM that SORACOM vouched for (Beam's signature, then an Endorse token),
 * else an API key. A request that presents SIM credentials is judged on them alone: a bad
 * signature or token is refused, never retried as an API-key request.
 * @module
 */
import type { ApiKeyPrincipal, SearchAppDeps } from './search.ports.js';
import { hasBeamHeaders } from './sim/beam.verifier.js';
import { endorseTokenOf } from './sim/endorse.verifier.js';
import type { SimIdentity, SimVerdict } from './sim/sim.identity.js';

export interface Caller {
  principal?: ApiKeyPrincipal;
  /** The SIM, once its credential verified (even if it is then refused by the allowlist). */
  sim?: SimIdentity;
  /** Which SIM credential was presented and failed. */
  refusedSim?: 'beam' | 'endorse';
  /** Why a SIM was refused (for the server's log only; the client gets a plain 403). */
  refusal?: string;
}

export function createIdentify(deps: Pick<SearchAppDeps, 'sim' | 'authorizer' | 'apiKeys'>) {
  const { beam, endorse } = deps.sim ?? {};
  return async (get: (name: string) => string | undefined): Promise<Caller> => {
    let verdict: SimVerdict | undefined;
    let via: 'beam' | 'endorse' | undefined;
    if (beam && hasBeamHeaders(get)) {
      via = 'beam';
      verdict = beam.verify(get);
    } else if (endorse) {
      const token = endorseTokenOf(get);
      if (token) {
        via = 'endorse';
        verdict = await endorse.verify(token);
      }
    }
    if (verdict && via) {
      if (!verdict.ok) return { refusedSim: via, refusal: verdict.reason };
      const sim = verdict.identity;
      const principal = await deps.authorizer.verifySim?.(sim);
      return principal ? { sim, principal } : { sim, refusal: 'not on the SIM allowlist' };
    }
    if (deps.apiKeys === false) return {};
    const principal = await deps.authorizer.verify(get('x-api-key'));
    return principal ? { principal } : {};
  };
}
