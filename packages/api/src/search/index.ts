/**
 * The Search API (contract A): the hands-on's `/search`, plus `/recognize`, `/faces` and the
 * OpenAPI document. Runtime-neutral: no SQLite, no SDK here (the key store is in `./keys/`,
 * imported separately so the Lambda bundle stays small).
 * @module
 */
export { createSearchApp, DEFAULT_SEARCH_MAX_FACES } from './search.app.js';
export * from './search.ports.js';
export {
  Messages,
  formatTimestamp,
  errorResponse,
  WireError,
  type WireResponse,
} from './search.responses.js';
export { DEFAULT_MAX_BODY_BYTES, MAX_IMAGE_BYTES, base64Length } from './body.reader.js';
export { createSourceAllowlist, parseAddress } from './source-allowlist.js';
export { openApiDocument } from './openapi.document.js';
export { passThroughAuthorizer } from './pass-through.authorizer.js';
export * from './sim/index.js';
export type { SearchEnv, SearchVariables } from './search.env.js';
