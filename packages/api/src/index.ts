export {};
export * from './search/index.js';
export * from './rekognition/index.js';
