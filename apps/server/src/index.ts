/** @facegate/server: the Node composition root. @module */
export { startServer, type RunningServer, type StartOptions } from './server.js';
export { runUntilSignal } from './run.js';
export {
  loadConfig,
  DEFAULT_PORT,
  DEFAULT_HOST,
  DEFAULT_DATA_DIR,
  DEFAULT_REGION,
  DEFAULT_COLLECTION,
  type ConfigFlags,
} from './load-config.js';
export type { ServerConfig, AccessKeyPair } from './config.js';
export type { ServerContext } from './context.js';
