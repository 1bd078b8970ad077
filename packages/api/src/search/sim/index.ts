/**
 * SIM identity without a shared key: SORACOM Beam signatures and Endorse tokens, verified
 * here; the allowlist that maps a SIM to rights lives with the keys (`../keys/`).
 * @module
 */
export * from './sim.identity.js';
export * from './beam.signature.js';
export * from './beam.verifier.js';
export * from './replay.cache.js';
export * from './endorse.verifier.js';
