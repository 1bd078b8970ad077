/**
 * What the FaceService is built from: the three ports, plus a clock and an id generator a
 * test can pin.
 * @module
 */
import { Errors, incomparableModelError } from '../errors.js';
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

/**
 * A freshly computed embedding as `collection`'s model sees it: itself when the collection was
 * made by the engine's current model, else the engine's translation (FaceEngine.embeddingFor), so
 * that a search never compares embeddings of different models.
 */
export function embeddingIn(
  ctx: ServiceContext,
  collection: CollectionRecord,
  embedding: Float32Array,
): Float32Array {
  if (collection.FaceModelVersion === ctx.engine.modelVersion) return embedding;
  if (ctx.engine.embeddingFor)
    return ctx.engine.embeddingFor(embedding, collection.FaceModelVersion);
  throw incomparableModelError(collection.FaceModelVersion, ctx.engine.modelVersion);
}
