/**
 * The user-vector operations: a user is a set of up to 100 faces of one person in a
 * collection, and SearchUsers scores a user on its faces by the engine's rule (facegate's: the
 * mean of the two best-matching faces; an engine without one: the best face).
 * @module
 */
import { Errors } from '../errors.js';
import type * as U from '../rekognition-users.js';
import type { FaceRecord } from '../types.js';
import { embeddingIn, requireCollection, type ServiceContext } from './deps.js';
import { roundScore, selectAttributes } from './face-shapes.js';
import { checkDimensions, loadImage } from './image-input.js';
import {
  checkCollectionId,
  checkFaceId,
  checkFaceIds,
  checkInt,
  checkThreshold,
  checkUserId,
  Limits,
} from './limits.js';
import { checkQualityFilter, qualityReasons } from './quality-filter.js';
import { NO_FACE_MESSAGE } from './search.operations.js';

const MAX_USERS = 500;
const DEFAULT_ASSOCIATE_THRESHOLD = 75;

function userFaces(ctx: ServiceContext, collectionId: string, userId: string): FaceRecord[] {
  return ctx.store.listFaces(collectionId, Limits.associateMaxFaces, undefined, { userId }).items;
}

function statusOf(ctx: ServiceContext, collectionId: string, userId: string): U.UserStatus {
  return userFaces(ctx, collectionId, userId).length > 0 ? 'ACTIVE' : 'CREATED';
}

export function createUser(ctx: ServiceContext, req: U.CreateUserRequest): U.CreateUserResponse {
  const id = requireCollection(ctx.store, checkCollectionId(req.CollectionId)).CollectionId;
  ctx.store.createUser(id, checkUserId(req.UserId));
  return {};
}

export function deleteUser(ctx: ServiceContext, req: U.DeleteUserRequest): U.DeleteUserResponse {
  const id = requireCollection(ctx.store, checkCollectionId(req.CollectionId)).CollectionId;
  ctx.store.deleteUser(id, checkUserId(req.UserId));
  return {};
}

export function listUsers(ctx: ServiceContext, req: U.ListUsersRequest): U.ListUsersResponse {
  const id = requireCollection(ctx.store, checkCollectionId(req.CollectionId)).CollectionId;
  const max = checkInt('MaxResults', req.MaxResults, 1, MAX_USERS, MAX_USERS);
  const page = ctx.store.listUsers(id, max, req.NextToken || undefined);
  const out: U.ListUsersResponse = {
    Users: page.items.map((u) => ({ UserId: u.UserId, UserStatus: u.UserStatus })),
  };
  if (page.nextToken) out.NextToken = page.nextToken;
  return out;
}

export function associateFaces(
  ctx: ServiceContext,
  req: U.AssociateFacesRequest,
): U.AssociateFacesResponse {
  const id = requireCollection(ctx.store, checkCollectionId(req.CollectionId)).CollectionId;
  const userId = checkUserId(req.UserId);
  const faceIds = [...new Set(checkFaceIds(req.FaceIds, Limits.associateMaxFaces))];
  const threshold =
    req.UserMatchThreshold === undefined
      ? DEFAULT_ASSOCIATE_THRESHOLD
      : checkThreshold('UserMatchThreshold', req.UserMatchThreshold);
  requireUser(ctx, id, userId);
  const existing = userFaces(ctx, id, userId).filter((f) => !faceIds.includes(f.FaceId));
  const found = new Map(ctx.store.getFaces(id, faceIds).map((f) => [f.FaceId, f]));
  const unsuccessful: U.AssociateFacesResponse['UnsuccessfulFaceAssociations'] = [];
  const candidates: string[] = [];
  for (const faceId of faceIds) {
    const face = found.get(faceId);
    if (!face) {
      unsuccessful.push({ FaceId: faceId, Reasons: ['FACE_NOT_FOUND'] });
    } else if (face.UserId !== undefined && face.UserId !== userId) {
      unsuccessful.push({
        FaceId: faceId,
        UserId: face.UserId,
        Reasons: ['ASSOCIATED_TO_A_DIFFERENT_USER'],
      });
    } else if (existing.length > 0) {
      // A face joins a user only if it looks like the faces the user already has.
      const best = Math.max(
        ...existing.map((e) => ctx.engine.similarity(face.embedding, e.embedding)),
      );
      if (best < threshold) {
        unsuccessful.push({
          FaceId: faceId,
          UserId: userId,
          Confidence: roundScore(best),
          Reasons: ['LOW_MATCH_CONFIDENCE'],
        });
      } else candidates.push(faceId);
    } else candidates.push(faceId);
  }
  const associated = candidates.length > 0 ? ctx.store.associateFaces(id, userId, candidates) : [];
  const done = new Set(associated);
  for (const faceId of candidates)
    if (!done.has(faceId)) unsuccessful.push({ FaceId: faceId, Reasons: ['FACE_NOT_FOUND'] });
  return {
    AssociatedFaces: associated.map((FaceId) => ({ FaceId })),
    UnsuccessfulFaceAssociations: unsuccessful,
    UserStatus: statusOf(ctx, id, userId),
  };
}

export function disassociateFaces(
  ctx: ServiceContext,
  req: U.DisassociateFacesRequest,
): U.DisassociateFacesResponse {
  const id = requireCollection(ctx.store, checkCollectionId(req.CollectionId)).CollectionId;
  const userId = checkUserId(req.UserId);
  const faceIds = [...new Set(checkFaceIds(req.FaceIds, Limits.associateMaxFaces))];
  const found = new Map(ctx.store.getFaces(id, faceIds).map((f) => [f.FaceId, f]));
  const released = new Set(ctx.store.disassociateFaces(id, userId, faceIds));
  const unsuccessful: U.DisassociateFacesResponse['UnsuccessfulFaceDisassociations'] = [];
  for (const faceId of faceIds) {
    if (released.has(faceId)) continue;
    const owner = found.get(faceId)?.UserId;
    unsuccessful.push(
      owner !== undefined && owner !== userId
        ? { FaceId: faceId, UserId: owner, Reasons: ['ASSOCIATED_TO_A_DIFFERENT_USER'] }
        : { FaceId: faceId, Reasons: ['FACE_NOT_FOUND'] },
    );
  }
  return {
    DisassociatedFaces: [...released].map((FaceId) => ({ FaceId })),
    UnsuccessfulFaceDisassociations: unsuccessful,
    UserStatus: statusOf(ctx, id, userId),
  };
}

function requireUser(ctx: ServiceContext, collectionId: string, userId: string): void {
  if (!userExists(ctx, collectionId, userId))
    throw Errors.resourceNotFound(`The user id: ${userId} does not exist`);
}

function userExists(ctx: ServiceContext, collectionId: string, userId: string): boolean {
  let token: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const out = ctx.store.listUsers(collectionId, MAX_USERS, token);
    if (out.items.some((u) => u.UserId === userId)) return true;
    if (!out.nextToken) return false;
    token = out.nextToken;
  }
  return false;
}

/**
 * Users ranked by their score against any of the probe embeddings. The store finds the faces
 * whose own score reaches the threshold, so a user is a candidate through their best face; the
 * engine then scores the candidate on all their faces (`userScore`, never above the best face's
 * score), in order of best face, until no further candidate can enter the top `maxUsers`.
 */
async function rankUsers(
  ctx: ServiceContext,
  collectionId: string,
  probes: Float32Array[],
  exclude: Set<string>,
  threshold: number,
  maxUsers: number,
): Promise<U.UserMatch[]> {
  const { engine } = ctx;
  const faceScore = (a: Float32Array, b: Float32Array) =>
    engine.userScore ? engine.userScore(a, [b]) : engine.similarity(a, b);
  const facesOf = new Map<string, Float32Array[]>();
  const batch = Math.min(256, Math.max(8, maxUsers));
  const scores = new Map<string, number>();
  for (const [n, probe] of probes.entries()) {
    // A search from a user runs one store search per face of the user (up to 100), each up to
    // tens of milliseconds on a large collection: other requests get the event loop in between.
    if (n > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    // Each candidate user's best face, best first (the store answers in that order).
    const best = new Map<string, number>();
    for (const m of ctx.store.searchByEmbedding(
      collectionId,
      probe,
      faceScore,
      threshold,
      Limits.searchMaxFaces,
    )) {
      const user = m.face.UserId;
      if (user === undefined || exclude.has(m.face.FaceId) || best.has(user)) continue;
      best.set(user, m.Similarity);
    }
    const order = [...best];
    // The faces of the next users in line, a batch at a time (one query each).
    const load = (from: number) => {
      const want = order
        .slice(from, from + batch)
        .map(([user]) => user)
        .filter((user) => !facesOf.has(user));
      const found = ctx.store.facesOfUsers(collectionId, want);
      for (const user of want) {
        const kept = (found.get(user) ?? []).filter((f) => !exclude.has(f.FaceId));
        facesOf.set(
          user,
          kept.map((f) => f.embedding),
        );
      }
    };
    const top: number[] = []; // this probe's best maxUsers scores, descending
    for (const [i, [user, bestFace]] of order.entries()) {
      if (top.length >= maxUsers && bestFace < top[maxUsers - 1]!) break;
      let score = bestFace;
      if (engine.userScore) {
        if (!facesOf.has(user)) load(i);
        score = engine.userScore(probe, facesOf.get(user)!);
      }
      if (!(score >= threshold)) continue;
      const at = top.findIndex((s) => s < score);
      top.splice(at < 0 ? top.length : at, 0, score);
      if (top.length > maxUsers) top.pop();
      scores.set(user, Math.max(scores.get(user) ?? 0, score));
    }
  }
  const users = new Map(
    ctx.store.listUsers(collectionId, MAX_USERS).items.map((u) => [u.UserId, u.UserStatus]),
  );
  return [...scores]
    .sort((a, b) => b[1] - a[1])
    .slice(0, maxUsers)
    .map(([UserId, s]) => ({
      Similarity: roundScore(s),
      User: { UserId, UserStatus: users.get(UserId) ?? 'ACTIVE' },
    }));
}

export async function searchUsers(
  ctx: ServiceContext,
  req: U.SearchUsersRequest,
): Promise<U.SearchUsersResponse> {
  const collection = requireCollection(ctx.store, checkCollectionId(req.CollectionId));
  const threshold = checkThreshold('UserMatchThreshold', req.UserMatchThreshold);
  const maxUsers = checkInt('MaxUsers', req.MaxUsers, 1, MAX_USERS, MAX_USERS);
  if ((req.UserId === undefined) === (req.FaceId === undefined)) {
    throw Errors.invalidParameter('Exactly one of UserId or FaceId must be given.');
  }
  const base = { FaceModelVersion: collection.FaceModelVersion };
  if (req.FaceId !== undefined) {
    const faceId = checkFaceId(req.FaceId);
    const [face] = ctx.store.getFaces(collection.CollectionId, [faceId]);
    if (!face) throw Errors.resourceNotFound(`The face id: ${faceId} does not exist`);
    const matches = await rankUsers(
      ctx,
      collection.CollectionId,
      [face.embedding],
      new Set([faceId]),
      threshold,
      maxUsers,
    );
    return { ...base, UserMatches: matches, SearchedFace: { FaceId: faceId } };
  }
  const userId = checkUserId(req.UserId);
  requireUser(ctx, collection.CollectionId, userId);
  const faces = userFaces(ctx, collection.CollectionId, userId);
  const exclude = new Set(faces.map((f) => f.FaceId));
  const matches = await rankUsers(
    ctx,
    collection.CollectionId,
    faces.map((f) => f.embedding),
    exclude,
    threshold,
    maxUsers,
  );
  return { ...base, UserMatches: matches, SearchedUser: { UserId: userId } };
}

export async function searchUsersByImage(
  ctx: ServiceContext,
  req: U.SearchUsersByImageRequest,
): Promise<U.SearchUsersByImageResponse> {
  const collection = requireCollection(ctx.store, checkCollectionId(req.CollectionId));
  const threshold = checkThreshold('UserMatchThreshold', req.UserMatchThreshold);
  const maxUsers = checkInt('MaxUsers', req.MaxUsers, 1, MAX_USERS, MAX_USERS);
  const filter = checkQualityFilter(req.QualityFilter, 'NONE');
  const bytes = await loadImage(req.Image, ctx.images);
  const result = await ctx.engine.detect(bytes, {
    embed: true,
    maxFaces: Limits.maxDetectedFaces,
  });
  checkDimensions(result);
  const select = selectAttributes(undefined).select;
  const searched = result.faces.find((f) => qualityReasons(f.detail, result, filter).length === 0);
  if (!searched) throw Errors.invalidParameter(NO_FACE_MESSAGE);
  const unsearched = result.faces
    .filter((f) => f !== searched)
    .map((f) => {
      const reasons = qualityReasons(f.detail, result, filter);
      return {
        FaceDetails: select(f.detail),
        Reasons: reasons.length > 0 ? reasons : (['FACE_NOT_LARGEST'] as const).slice(),
      };
    });
  return {
    UserMatches: await rankUsers(
      ctx,
      collection.CollectionId,
      [embeddingIn(ctx, collection, searched.embedding)],
      new Set(),
      threshold,
      maxUsers,
    ),
    FaceModelVersion: collection.FaceModelVersion,
    SearchedFace: { FaceDetail: select(searched.detail) },
    UnsearchedFaces: unsearched,
  };
}
