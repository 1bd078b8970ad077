/**
 * What every Search API route receives: the ports, resolved with their defaults.
 * @module
 */
import type { FaceSearchApi } from '@facegate/core';
import type { FaceCropper, PeoplePort } from './search.ports.js';

export interface RouteEnv {
  faces: FaceSearchApi;
  collectionId: string;
  maxFaces: number;
  cropper?: FaceCropper;
  people?: PeoplePort;
  /** `payloads.timestamp` for a response made now. */
  timestamp(): string;
  /** Milliseconds since the epoch (the `date` header of ResponseMetadata). */
  now(): number;
}
