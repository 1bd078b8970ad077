/**
 * CreateCollection, DescribeCollection, ListCollections and DeleteCollection.
 * @module
 */
import { Errors } from '../errors.js';
import type {
  CreateCollectionRequest,
  CreateCollectionResponse,
  DeleteCollectionRequest,
  DeleteCollectionResponse,
  DescribeCollectionRequest,
  DescribeCollectionResponse,
  ListCollectionsRequest,
  ListCollectionsResponse,
} from '../rekognition.js';
import { requireCollection, type ServiceContext } from './deps.js';
import { checkCollectionId, checkInt, Limits } from './limits.js';

export function createCollection(
  ctx: ServiceContext,
  req: CreateCollectionRequest,
): CreateCollectionResponse {
  const id = checkCollectionId(req.CollectionId);
  if (ctx.store.getCollection(id))
    throw Errors.resourceAlreadyExists(`The collection id: ${id} already exists`);
  const created = ctx.store.createCollection(id, ctx.engine.modelVersion);
  return {
    StatusCode: 200,
    CollectionArn: created.CollectionArn,
    FaceModelVersion: created.FaceModelVersion,
  };
}

export function describeCollection(
  ctx: ServiceContext,
  req: DescribeCollectionRequest,
): DescribeCollectionResponse {
  const c = requireCollection(ctx.store, checkCollectionId(req.CollectionId));
  return {
    FaceCount: c.FaceCount,
    FaceModelVersion: c.FaceModelVersion,
    CollectionARN: c.CollectionArn,
    CreationTimestamp: c.createdAt / 1000,
    UserCount: c.UserCount,
  };
}

export function listCollections(
  ctx: ServiceContext,
  req: ListCollectionsRequest,
): ListCollectionsResponse {
  const max = checkInt(
    'MaxResults',
    req.MaxResults,
    0,
    Limits.listMaxResults,
    Limits.listDefaultResults,
  );
  const page = ctx.store.listCollections(max, req.NextToken || undefined);
  const out: ListCollectionsResponse = {
    CollectionIds: page.items.map((c) => c.CollectionId),
    FaceModelVersions: page.items.map((c) => c.FaceModelVersion),
  };
  if (page.nextToken) out.NextToken = page.nextToken;
  return out;
}

export function deleteCollection(
  ctx: ServiceContext,
  req: DeleteCollectionRequest,
): DeleteCollectionResponse {
  const id = checkCollectionId(req.CollectionId);
  if (!ctx.store.deleteCollection(id))
    throw Errors.resourceNotFound(`The collection id: ${id} does not exist`);
  return { StatusCode: 200 };
}
