/**
 * ListFaces and DeleteFaces.
 * @module
 */
import type {
  DeleteFacesRequest,
  DeleteFacesResponse,
  ListFacesRequest,
  ListFacesResponse,
} from '../rekognition.js';
import { requireCollection, type ServiceContext } from './deps.js';
import { toFace } from './face-shapes.js';
import { checkCollectionId, checkFaceIds, checkInt, checkUserId, Limits } from './limits.js';

export function listFaces(ctx: ServiceContext, req: ListFacesRequest): ListFacesResponse {
  const collection = requireCollection(ctx.store, checkCollectionId(req.CollectionId));
  const max = checkInt(
    'MaxResults',
    req.MaxResults,
    0,
    Limits.listMaxResults,
    Limits.listDefaultResults,
  );
  const filter: { userId?: string; faceIds?: string[] } = {};
  if (req.UserId !== undefined) filter.userId = checkUserId(req.UserId);
  if (req.FaceIds !== undefined) filter.faceIds = checkFaceIds(req.FaceIds, Limits.deleteMaxFaces);
  const page = ctx.store.listFaces(
    collection.CollectionId,
    max,
    req.NextToken || undefined,
    filter,
  );
  const out: ListFacesResponse = {
    Faces: page.items.map(toFace),
    FaceModelVersion: collection.FaceModelVersion,
  };
  if (page.nextToken) out.NextToken = page.nextToken;
  return out;
}

export function deleteFaces(ctx: ServiceContext, req: DeleteFacesRequest): DeleteFacesResponse {
  const collectionId = requireCollection(
    ctx.store,
    checkCollectionId(req.CollectionId),
  ).CollectionId;
  const faceIds = [...new Set(checkFaceIds(req.FaceIds, Limits.deleteMaxFaces))];
  // Rekognition keeps faces that belong to a user until they are disassociated.
  const found = ctx.store.getFaces(collectionId, faceIds);
  const owned = new Map(
    found.filter((f) => f.UserId !== undefined).map((f) => [f.FaceId, f.UserId]),
  );
  const deletable = found.filter((f) => !owned.has(f.FaceId)).map((f) => f.FaceId);
  const deleted = deletable.length > 0 ? ctx.store.deleteFaces(collectionId, deletable) : [];
  const gone = new Set(deleted);
  const failed = faceIds
    .filter((id) => !gone.has(id))
    .map((FaceId) => {
      const UserId = owned.get(FaceId);
      return UserId !== undefined
        ? { FaceId, UserId, Reasons: ['ASSOCIATED_TO_AN_EXISTING_USER'] }
        : { FaceId, Reasons: ['FACE_NOT_FOUND'] };
    });
  const out: DeleteFacesResponse = { DeletedFaces: deleted };
  if (failed.length > 0) out.UnsuccessfulFaceDeletions = failed;
  return out;
}
