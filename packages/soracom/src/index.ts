/**
 * facegate's SORACOM side: a typed client for the SORACOM API subset, group provisioning and
 * teardown built on it, and a local emulator of the SORACOM API, the Air metadata service,
 * Beam's HTTP entry point and Endorse.
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
export { BEAM_NOT_CONFIGURED, beamIdentityHeaders } from './emulator/beam.server.js';
export { ENDORSE_NOT_ENABLED } from './emulator/endorse.server.js';
export { ENDORSE_KEYS_PATH } from './emulator/endorse.key.js';
export * from './emulator/emulator.js';
export * from './emulator/dev-soracom.js';
