/**
 * IndexFaces: detect, filter by quality and MaxFaces, store the rest as one image's faces.
 * @module
 */
import type {
  IndexFacesRequest,
  IndexFacesResponse,
  Reason,
  UnindexedFace,
} from '../rekognition.js';
import type { FaceDetail, FaceRecord } from '../types.js';
import { embeddingIn, requireCollection, type ServiceContext } from './deps.js';
import { selectAttributes, toFace } from './face-shapes.js';
import { checkDimensions, loadImage } from './image-input.js';
import { checkCollectionId, checkExternalImageId, checkInt, Limits } from './limits.js';
import { checkQualityFilter, qualityReasons } from './quality-filter.js';
import { checkClientToken, tokenFaceIds, tokenId } from './client-token.js';

export async function indexFaces(
  ctx: ServiceContext,
  req: IndexFacesRequest,
): Promise<IndexFacesResponse> {
  // Declared constraints first (ValidationException), as AWS checks them before the service runs.
  const collectionId = checkCollectionId(req.CollectionId);
  const externalImageId = checkExternalImageId(req.ExternalImageId);
  // Rekognition declares only MaxFaces >= 1; above 100 is the service's InvalidParameterException.
  const maxFaces = checkInt(
    'MaxFaces',
    req.MaxFaces,
    1,
    2 ** 31 - 1,
    Limits.indexMaxFaces,
    Limits.indexMaxFaces,
  );
  const filter = checkQualityFilter(req.QualityFilter, 'AUTO');
  const attributes = selectAttributes(req.DetectionAttributes);
  const token = checkClientToken(req.ClientToken);
  const collection = requireCollection(ctx.store, collectionId);
  const bytes = await loadImage(req.Image, ctx.images);

  const detect = (embedLimit?: number) =>
    ctx.engine.detect(bytes, {
      attributes: attributes.engine,
      embed: true,
      ...(embedLimit !== undefined ? { embedLimit } : {}),
    });
  // Only the largest MaxFaces faces are embedded: the faces kept are those, unless the quality
  // filter passes over one of them; then every face is embedded (a second engine call, rare).
  let result = await detect(maxFaces);
  checkDimensions(result);
  const kept = result.faces
    .filter((face) => qualityReasons(face.detail, result, filter).length === 0)
    .slice(0, maxFaces);
  if (kept.some((face) => face.embedding.length === 0)) result = await detect();

  const imageId = token === undefined ? ctx.newId() : await tokenId(collection, token, 'image');
  const faceIds = token === undefined ? undefined : await tokenFaceIds(collection, token, maxFaces);
  const now = ctx.clock.now();
  const indexed: FaceRecord[] = [];
  const details: FaceDetail[] = [];
  const unindexed: UnindexedFace[] = [];
  // The engine lists faces largest first, so MaxFaces keeps the largest that pass the filter.
  for (const face of result.faces) {
    const reasons: Reason[] = qualityReasons(face.detail, result, filter);
    if (reasons.length === 0 && indexed.length >= maxFaces) reasons.push('EXCEEDS_MAX_FACES');
    const detail = attributes.select(face.detail);
    if (reasons.length > 0) {
      unindexed.push({ Reasons: reasons, FaceDetail: detail });
      continue;
    }
    const record: FaceRecord = {
      FaceId: faceIds?.[indexed.length] ?? ctx.newId(),
      ImageId: imageId,
      BoundingBox: face.detail.BoundingBox,
      Confidence: face.detail.Confidence,
      IndexFacesModelVersion: collection.FaceModelVersion,
      createdAt: now,
      embedding: embeddingIn(ctx, collection, face.embedding),
    };
    if (externalImageId !== undefined) record.ExternalImageId = externalImageId;
    indexed.push(record);
    details.push(detail);
  }
  if (indexed.length > 0) {
    try {
      ctx.store.addFaces(collection.CollectionId, indexed);
    } catch (err) {
      // A call with this token committed first (before or while this one ran): answer with
      // its faces. The same bytes give the same faces in the same order, so our details fit.
      if (token === undefined || (err as Error).name !== 'InvalidParameterException') throw err;
      const stored = ctx.store.getFaces(collection.CollectionId, faceIds ?? []);
      if (stored.length === 0) throw err;
      return {
        FaceRecords: stored.map((r, i) => ({
          Face: toFace(r),
          FaceDetail: details[i] ?? { ...details[0]!, BoundingBox: r.BoundingBox },
        })),
        FaceModelVersion: collection.FaceModelVersion,
        UnindexedFaces: unindexed,
      };
    }
  }

  return {
    FaceRecords: indexed.map((r, i) => ({ Face: toFace(r), FaceDetail: details[i]! })),
    FaceModelVersion: collection.FaceModelVersion,
    UnindexedFaces: unindexed,
  };
}
