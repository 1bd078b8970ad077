/**
 * The Hono environment of the Search API: what the gate puts on the request context for the
 * routes and middleware after it.
 * @module
 */
import type { ApiKeyPrincipal } from './search.ports.js';

export interface SearchVariables {
  /** The SIM asking, when Beam or Endorse vouched for it: `c.get('imsi')`. */
  imsi?: string;
  /** Who was let in (key or SIM), once the gate has passed. */
  principal?: ApiKeyPrincipal;
}

export type SearchEnv = { Variables: SearchVariables };
