/**
 * API keys and usage plans for `facegate serve` and the CLI, kept in facegate.db. Imported as
 * `@facegate/api/search/keys/index` (not from the package root) so that runtimes without
 * SQLite, like the Lambda bundle, never load it.
 * @module
 */
export { ApiKeyStore, parseScopes, type ApiKeyInfo, type PlanInput } from './api-key.store.js';
export { createSqliteAuthorizer } from './sqlite.authorizer.js';
export { TokenBuckets } from './token-bucket.js';
export { periodKey, parsePeriod, QUOTA_PERIODS } from './usage-period.js';
export { generateApiKey, hashApiKey, digestsEqual } from './api-key.secret.js';
export { APIKEYS_MODULE, APIKEYS_MIGRATIONS } from './keys.migrations.js';
export {
  SimAllowlist,
  SIMS_MODULE,
  SIMS_MIGRATIONS,
  simKeyId,
  checkEntry,
  type SimEntry,
  type SimEntryKind,
} from './sim-allowlist.store.js';
