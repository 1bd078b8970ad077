/**
 * SearchFaces (by a stored FaceId) and SearchFacesByImage (by the largest face of an image).
 * @module
 */
import { Errors } from '../errors.js';
import type {
  FaceMatchOut,
  QualityFilter,
  SearchFacesByImageRequest,
  SearchFacesByImageResponse,
  SearchFacesRequest,
  SearchFacesResponse,
} from '../rekognition.js';
import type { DetectedFace, FaceMatch } from '../types.js';
import { embeddingIn, requireCollection, type ServiceContext } from './deps.js';
import { roundScore, toFace } from './face-shapes.js';
import { checkDimensions, loadImage } from './image-input.js';
import { checkCollectionId, checkFaceId, checkInt, checkThreshold, Limits } from './limits.js';
import { checkQualityFilter, qualityReasons } from './quality-filter.js';

export const NO_FACE_MESSAGE = 'There are no faces in the image. Should be at least 1.';

const toMatch = (m: FaceMatch): FaceMatchOut => ({
  Similarity: roundScore(m.Similarity),
  Face: toFace(m.face),
});

export function searchFaces(ctx: ServiceContext, req: SearchFacesRequest): SearchFacesResponse {
  // Declared constraints first (ValidationException), as AWS checks them before the service runs.
  const collectionId = checkCollectionId(req.CollectionId);
  const faceId = checkFaceId(req.FaceId);
  const maxFaces = checkInt(
    'MaxFaces',
    req.MaxFaces,
    1,
    Limits.searchMaxFaces,
    Limits.searchMaxFaces,
  );
  const threshold = checkThreshold('FaceMatchThreshold', req.FaceMatchThreshold);
  const collection = requireCollection(ctx.store, collectionId);
  const [face] = ctx.store.getFaces(collection.CollectionId, [faceId]);
  if (!face)
    throw Errors.invalidParameter(
      `FaceId ${faceId} was not found in collection ${collection.CollectionId}.`,
    );
  // One extra, because the searched face always matches itself and Rekognition leaves it out.
  const matches = ctx.store
    .searchByEmbedding(
      collection.CollectionId,
      face.embedding,
      similarityOf(ctx),
      threshold,
      maxFaces + 1,
    )
    .filter((m) => m.face.FaceId !== faceId)
    .slice(0, maxFaces);
  return {
    SearchedFaceId: faceId,
    FaceMatches: matches.map(toMatch),
    FaceModelVersion: collection.FaceModelVersion,
  };
}

export async function searchFacesByImage(
  ctx: ServiceContext,
  req: SearchFacesByImageRequest,
): Promise<SearchFacesByImageResponse> {
  const collectionId = checkCollectionId(req.CollectionId);
  const maxFaces = checkInt(
    'MaxFaces',
    req.MaxFaces,
    1,
    Limits.searchMaxFaces,
    Limits.searchMaxFaces,
  );
  const threshold = checkThreshold('FaceMatchThreshold', req.FaceMatchThreshold);
  const filter = checkQualityFilter(req.QualityFilter, 'NONE');
  const collection = requireCollection(ctx.store, collectionId);
  const bytes = await loadImage(req.Image, ctx.images);
  // The query is embedded like a stored face (the ResNet with its mirror image): the ~25 ms it
  // costs cut the strangers named at a given share of enrolled people found by about a tenth
  // (bench `openset`).
  const face = await largestFace(ctx, bytes, filter);
  const matches = ctx.store.searchByEmbedding(
    collection.CollectionId,
    embeddingIn(ctx, collection, face.embedding),
    similarityOf(ctx),
    threshold,
    maxFaces,
  );
  return {
    SearchedFaceBoundingBox: face.detail.BoundingBox,
    SearchedFaceConfidence: face.detail.Confidence,
    FaceMatches: matches.map(toMatch),
    FaceModelVersion: collection.FaceModelVersion,
  };
}

/** The largest face of an image that passes the filter, or InvalidParameterException. */
export async function largestFace(
  ctx: ServiceContext,
  bytes: Uint8Array,
  filter: QualityFilter,
  embedding: 'index' | 'query' = 'index',
): Promise<DetectedFace> {
  // Without a filter only the largest face matters, so the engine can skip embedding the rest.
  const options =
    filter === 'NONE' ? { embed: true, maxFaces: 1, embedding } : { embed: true, embedding };
  const result = await ctx.engine.detect(bytes, options);
  checkDimensions(result);
  const face = result.faces.find((f) => qualityReasons(f.detail, result, filter).length === 0);
  if (!face) throw Errors.invalidParameter(NO_FACE_MESSAGE);
  return face;
}

const similarityOf = (ctx: ServiceContext) => (a: Float32Array, b: Float32Array) =>
  ctx.engine.similarity(a, b);
