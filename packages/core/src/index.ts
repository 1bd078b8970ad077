/** @module @facegate/core: domain types, errors and ports. */
export * from './types.js';
export * from './people.js';
export * from './errors.js';
export * from './ports.js';
export * from './rekognition.js';
export * from './rekognition-users.js';
export * from './service/index.js';
export * from './work/metered-engine.js';
