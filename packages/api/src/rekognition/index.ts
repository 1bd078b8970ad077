/** The Rekognition-compatible endpoint. @module */
export { createRekognitionApp, type RekognitionAppOptions } from './app.js';
export {
  verifySigV4,
  type SignedRequest,
  type SigV4Options,
  type VerifiedCaller,
} from './sigv4.js';
export {
  toWireError as toRekognitionWireError,
  type WireError as RekognitionWireError,
} from './wire-error.js';
export { operations } from './operations/index.js';
export type { EndpointApi, Operation } from './operation.js';
