/** The embedded Rekognition service and its limits. @module */
export { FaceService } from './face.service.js';
export type { FaceServiceDeps } from './deps.js';
export { Limits, validationError } from './limits.js';
export { NO_FACE_MESSAGE } from './search.operations.js';
export { sniffFormat } from './image-input.js';
