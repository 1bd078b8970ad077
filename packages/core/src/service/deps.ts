/**
 * What the FaceService is built from: the three ports, plus a clock and an id generator a
 * test can pin.
 * @module
 */
import { Errors } from '../errors.js';
import type { Clock, FaceEngine, FaceStore, ImageSource } from '../ports.js';
import type { CollectionRecord } from '../types.js';

export interface FaceServiceDeps {
  engine: FaceEngine;
  store: FaceStore;
  images: ImageSource;
  clock?: Clock;
  /** New FaceId / ImageId values (default: random UUID v4). */
  newId?: () => string;
}

/** The deps with their defaults filled in. */
export type ServiceContext = Required<FaceServiceDeps>;

export function requireCollection(store: FaceStore, id: string): CollectionRecord {
  const collection = store.getCollection(id);
  if (!collection) throw Errors.resourceNotFound(`The collection id: ${id} does not exist`);
  return collection;
}
