/**
 * facegate's SORACOM side: a typed client for the SORACOM API subset, group provisioning and
 * teardown built on it, and a local emulator of the SORACOM API and the Air metadata service.
 * @module
 */
export * from './types.js';
export * from './errors.js';
export * from './client/credentials.js';
export * from './client/transport.js';
export * from './client/soracom.client.js';
export * from './provision/provision-group.js';
export * from './emulator/seed.schema.js';
export * from './emulator/dev-seed.js';
export {
  EmulatorStore,
  dataFromSeed,
  type EmulatorData,
  type StoredAuthKey,
  type GroupFilter,
} from './emulator/state.store.js';
export { NOT_ALLOWED, NO_SUCH_KEY, READ_ONLY } from './emulator/metadata.server.js';
export * from './emulator/emulator.js';
export * from './emulator/dev-soracom.js';
