/**
 * The FaceStore port on SQLite: collections, faces and users in facegate.db, with an
 * in-memory VectorIndex per collection kept beside it for searchByEmbedding.
 *
 * Writes go to SQLite first, in one transaction; the index is updated after the commit in the
 * same call. A crash between the two loses nothing, since the index is rebuilt from SQLite at
 * open. If another connection changes faces in the same file, the index notices (see
 * index-set.ts) and rebuilds before the next search.
 * @module
 */
import {
  Errors,
  systemClock,
  type Clock,
  type CollectionRecord,
  type FaceMatch,
  type FaceRecord,
  type FaceStore,
  type ListPage,
  type UserRecord,
} from '@facegate/core';
import path from 'node:path';
import { cachedPrepare, openDatabase, type Database } from './database.js';
import { migrate } from './migrations.js';
import { STORE_MIGRATIONS, STORE_MODULE } from './face-store.schema.js';
import { FACE_COLUMNS, embeddingToBlob, faceFromRow, type FaceRow } from './face.rows.js';
import { decodeToken, encodeToken, page } from './pagination.js';
import { UserQueries } from './user.queries.js';
import { CollectionQueries } from './collection.queries.js';
import { IndexSet } from './index-set.js';
import { scrubImportJournals, type ScrubRequest } from './import-journal.scrub.js';

export interface FaceStoreOptions {
  /** Region in CollectionArn (default `us-east-1`). */
  region?: string;
  /** Account in CollectionArn (default `000000000000`). */
  accountId?: string;
  clock?: Clock;
  /** Close the database in close() (true when the store opened it itself). */
  ownsDatabase?: boolean;
  /**
   * The data folder whose import journals forget deleted faces (default: the database file's
   * folder; none for an in-memory database).
   */
  dataDir?: string;
}

/**
 * @example
 * const db = openDatabase('./data');
 * const store = new SqliteFaceStore(db, { region: 'ap-northeast-1' });
 * store.createCollection('family', 'facegate-1.0');
 */
export class SqliteFaceStore implements FaceStore {
  readonly db: Database;
  private readonly region: string;
  private readonly accountId: string;
  private readonly clock: Clock;
  private readonly ownsDatabase: boolean;
  private readonly indexes: IndexSet;
  private readonly users: UserQueries;
  private readonly collections: CollectionQueries;
  private readonly prepare: Database['prepare'];
  private readonly dataDir: string | undefined;

  constructor(db: Database, options: FaceStoreOptions = {}) {
    this.db = db;
    this.dataDir =
      options.dataDir ?? (db.memory || !db.name ? undefined : path.dirname(path.resolve(db.name)));
    this.prepare = cachedPrepare(db);
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.clock = options.clock ?? systemClock;
    this.ownsDatabase = options.ownsDatabase ?? false;
    migrate(db, STORE_MODULE, STORE_MIGRATIONS);
    this.indexes = new IndexSet(db);
    this.users = new UserQueries(db, this.clock);
    this.collections = new CollectionQueries(db, this.clock);
  }

  /** Milliseconds the last full index rebuild took (at open, or after another process wrote). */
  get lastRebuildMs(): number {
    return this.indexes.lastRebuildMs;
  }

  /** How many times the indexes were rebuilt: 1 at open, +1 each time another connection changed faces. */
  get indexRebuilds(): number {
    return this.indexes.rebuilds;
  }

  /** How many faces of a collection the in-memory index holds (for checks and diagnostics). */
  indexedFaceCount(collectionId: string): number {
    const collection = this.collectionRowId(collectionId);
    this.indexes.syncIfStale();
    return this.indexes.get(collection).size;
  }

  createCollection(id: string, faceModelVersion: string): CollectionRecord {
    const arn = `aws:rekognition:${this.region}:${this.accountId}:collection/${id}`;
    return this.collections.create(id, arn, faceModelVersion);
  }

  getCollection(id: string): CollectionRecord | undefined {
    return this.collections.get(id);
  }

  listCollections(maxResults: number, nextToken?: string): ListPage<CollectionRecord> {
    return this.collections.list(clampLimit(maxResults), nextToken);
  }

  deleteCollection(id: string): boolean {
    const { rowId, version, faceIds } = this.db.transaction(() => {
      const faceIds = this.prepare<[string], { face_id: string }>(
        `SELECT face_id FROM faces WHERE collection =
           (SELECT id FROM collections WHERE collection_id = ?)`,
      )
        .all(id)
        .map((r) => r.face_id);
      const rowId = this.collections.delete(id);
      return {
        rowId,
        faceIds,
        version: rowId === undefined ? -1 : this.indexes.recordFaceWrite(),
      };
    })();
    if (rowId === undefined) return false;
    if (this.indexes.afterCommit(version)) this.indexes.drop(rowId);
    this.scrubJournals({
      collectionId: id,
      faceIds: new Set(faceIds),
      goneExternalIds: new Set(),
      collectionDeleted: true,
    });
    return true;
  }

  addFaces(collectionId: string, faces: FaceRecord[]): void {
    const collection = this.collectionRowId(collectionId);
    if (faces.length === 0) return;
    this.indexes.syncIfStale();
    const dim = faces[0]?.embedding.length ?? 0;
    for (const face of faces) {
      if (face.embedding.length !== dim || !this.indexes.get(collection).accepts(dim)) {
        throw Errors.invalidParameter(
          `Embedding of length ${face.embedding.length} does not fit collection ${collectionId}`,
        );
      }
    }
    const insert = this.prepare(
      `INSERT INTO faces (collection, face_id, image_id, external_image_id, user_id, bbox_width,
         bbox_height, bbox_left, bbox_top, confidence, model_version, created_at, embedding)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let version: number;
    try {
      version = this.db.transaction(() => {
        for (const f of faces) {
          insert.run(
            collection,
            f.FaceId,
            f.ImageId,
            f.ExternalImageId ?? null,
            f.UserId ?? null,
            f.BoundingBox.Width,
            f.BoundingBox.Height,
            f.BoundingBox.Left,
            f.BoundingBox.Top,
            f.Confidence,
            f.IndexFacesModelVersion,
            f.createdAt,
            embeddingToBlob(f.embedding),
          );
        }
        return this.indexes.recordFaceWrite();
      })();
    } catch (e) {
      if (isUniqueViolation(e))
        throw Errors.invalidParameter('A FaceId is already in the collection');
      if (isForeignKeyViolation(e)) {
        // Either a face names a user that does not exist, or the collection went meanwhile.
        this.collectionRowId(collectionId);
        throw Errors.resourceNotFound('The user id of a face does not exist in the collection');
      }
      throw e;
    }
    if (!this.indexes.afterCommit(version)) return; // rebuilt before the next search
    const index = this.indexes.get(collection);
    for (const f of faces) index.add(f.FaceId, f.embedding);
  }

  listFaces(
    collectionId: string,
    maxResults: number,
    nextToken?: string,
    filter: { userId?: string; faceIds?: string[] } = {},
  ): ListPage<FaceRecord> {
    const collection = this.collectionRowId(collectionId);
    const after = nextToken ? decodeToken<number>(nextToken, 'faces', collection, 'number') : 0;
    const limit = clampLimit(maxResults);
    const where = ['collection = @collection', 'seq > @after'];
    const params: Record<string, unknown> = { collection, after, limit: limit + 1 };
    if (filter.userId !== undefined) {
      where.push('user_id = @userId');
      params.userId = filter.userId;
    }
    if (filter.faceIds !== undefined) {
      where.push('face_id IN (SELECT value FROM json_each(@faceIds))');
      params.faceIds = JSON.stringify(filter.faceIds);
    }
    const rows = this.prepare<[Record<string, unknown>], FaceRow>(
      `SELECT ${FACE_COLUMNS} FROM faces WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`,
    ).all(params);
    const last = rows[Math.min(rows.length, limit) - 1];
    const result = page(rows.map(faceFromRow), limit, () =>
      encodeToken('faces', collection, last?.seq ?? 0),
    );
    return result;
  }

  getFaces(collectionId: string, faceIds: string[]): FaceRecord[] {
    const collection = this.collectionRowId(collectionId);
    return this.facesByIds(collection, faceIds);
  }

  facesOfUsers(collectionId: string, userIds: string[]): Map<string, FaceRecord[]> {
    const collection = this.collectionRowId(collectionId);
    const select = this.prepare<[number, string], FaceRow>(
      `SELECT ${FACE_COLUMNS} FROM faces
       WHERE collection = ? AND user_id IN (SELECT value FROM json_each(?)) ORDER BY seq`,
    );
    const out = new Map<string, FaceRecord[]>();
    const unique = [...new Set(userIds)];
    for (let i = 0; i < unique.length; i += 500) {
      for (const row of select.all(collection, JSON.stringify(unique.slice(i, i + 500)))) {
        const face = faceFromRow(row);
        const list = out.get(face.UserId!);
        if (list) list.push(face);
        else out.set(face.UserId!, [face]);
      }
    }
    return out;
  }

  /**
   * Deletes faces that exist and belong to no user, as Rekognition does: a face associated with
   * a user is kept (Rekognition reports it with reason ASSOCIATED_TO_AN_EXISTING_USER).
   */
  deleteFaces(collectionId: string, faceIds: string[]): string[] {
    const collection = this.collectionRowId(collectionId);
    const remove = this.prepare<
      [number, string],
      { face_id: string; external_image_id: string | null }
    >(
      `DELETE FROM faces WHERE collection = ? AND face_id = ? AND user_id IS NULL
         RETURNING face_id, external_image_id`,
    );
    const { deleted, externalIds, version } = this.db.transaction(() => {
      const deleted: string[] = [];
      const externalIds = new Set<string>();
      for (const id of new Set(faceIds)) {
        const row = remove.get(collection, id);
        if (!row) continue;
        deleted.push(id);
        if (row.external_image_id !== null) externalIds.add(row.external_image_id);
      }
      return {
        deleted,
        externalIds,
        version: deleted.length > 0 ? this.indexes.recordFaceWrite() : -1,
      };
    })();
    if (deleted.length > 0) {
      this.scrubJournals({
        collectionId,
        faceIds: new Set(deleted),
        goneExternalIds: new Set([...externalIds].filter((e) => !this.hasImage(collectionId, e))),
        collectionDeleted: false,
      });
    }
    if (deleted.length === 0 || !this.indexes.afterCommit(version)) return deleted;
    const index = this.indexes.get(collection);
    for (const id of deleted) index.remove(id);
    return deleted;
  }

  hasImage(collectionId: string, externalImageId: string): boolean {
    const row = this.prepare<[string, string], { one: number }>(
      `SELECT 1 AS one FROM faces WHERE external_image_id = ? AND collection =
           (SELECT id FROM collections WHERE collection_id = ?) LIMIT 1`,
    ).get(externalImageId, collectionId);
    return row !== undefined;
  }

  /**
   * The best `maxFaces` faces by dot product, then their calibrated similarity, kept while it
   * reaches `threshold`. Calling `similarity` only in dot order and stopping at the first miss
   * relies on it being non-decreasing in the dot product of unit vectors (true of any cosine or
   * Euclidean calibration), so it runs at most maxFaces + 1 times whatever the collection size.
   */
  searchByEmbedding(
    collectionId: string,
    embedding: Float32Array,
    similarity: (a: Float32Array, b: Float32Array) => number,
    threshold: number,
    maxFaces: number,
  ): FaceMatch[] {
    const collection = this.collectionRowId(collectionId);
    this.indexes.syncIfStale();
    const index = this.indexes.get(collection);
    if (index.size === 0 || maxFaces <= 0) return [];
    if (embedding.length !== index.dim) {
      throw Errors.invalidParameter(
        `Embedding of length ${embedding.length} does not fit collection ${collectionId}`,
      );
    }
    const scored: Array<{ faceId: string; similarity: number }> = [];
    for (const hit of index.topK(embedding, maxFaces)) {
      const s = similarity(embedding, index.get(hit.faceId) as Float32Array);
      if (!(s >= threshold)) break;
      scored.push({ faceId: hit.faceId, similarity: s });
    }
    if (scored.length === 0) return [];
    const faces = new Map(
      this.facesByIds(
        collection,
        scored.map((s) => s.faceId),
      ).map((f) => [f.FaceId, f]),
    );
    const matches: FaceMatch[] = [];
    for (const s of scored) {
      const face = faces.get(s.faceId);
      if (face) matches.push({ Similarity: s.similarity, face });
    }
    return matches.sort((a, b) => b.Similarity - a.Similarity);
  }

  createUser(collectionId: string, userId: string): void {
    this.users.create(this.collectionRowId(collectionId), userId);
  }

  deleteUser(collectionId: string, userId: string): void {
    this.users.delete(this.collectionRowId(collectionId), userId);
  }

  listUsers(collectionId: string, maxResults: number, nextToken?: string): ListPage<UserRecord> {
    return this.users.list(this.collectionRowId(collectionId), clampLimit(maxResults), nextToken);
  }

  associateFaces(collectionId: string, userId: string, faceIds: string[]): string[] {
    return this.users.associate(this.collectionRowId(collectionId), userId, faceIds);
  }

  disassociateFaces(collectionId: string, userId: string, faceIds: string[]): string[] {
    return this.users.disassociate(this.collectionRowId(collectionId), userId, faceIds);
  }

  close(): void {
    this.indexes.clear();
    if (this.ownsDatabase && this.db.open) this.db.close();
  }

  /**
   * Deleted faces leave the import journals too (see import-journal.scrub.ts). The delete has
   * committed by now; a journal that cannot be rewritten is reported, not allowed to undo it.
   */
  private scrubJournals(request: ScrubRequest): void {
    if (!this.dataDir) return;
    try {
      scrubImportJournals(this.dataDir, request);
    } catch (e) {
      process.emitWarning(`facegate: could not scrub import journals: ${(e as Error).message}`);
    }
  }

  private collectionRowId(collectionId: string): number {
    return this.collections.rowId(collectionId);
  }

  /** Faces of a collection by id, in the order asked, missing ids skipped. */
  private facesByIds(collection: number, faceIds: string[]): FaceRecord[] {
    if (faceIds.length === 0) return [];
    const rows = this.prepare<[number, string], FaceRow>(
      `SELECT ${FACE_COLUMNS} FROM faces
         WHERE collection = ? AND face_id IN (SELECT value FROM json_each(?))`,
    ).all(collection, JSON.stringify(faceIds));
    const byId = new Map(rows.map((r) => [r.face_id, faceFromRow(r)]));
    const out: FaceRecord[] = [];
    for (const id of new Set(faceIds)) {
      const face = byId.get(id);
      if (face) out.push(face);
    }
    return out;
  }
}

/**
 * Opens `<dataDir>/facegate.db` and a store that owns it (close() closes the database).
 * The server, which shares the database with other modules, builds the store on its own
 * connection instead: `new SqliteFaceStore(openDatabase(dir), options)`.
 */
export function openFaceStore(dataDir: string, options: FaceStoreOptions = {}): SqliteFaceStore {
  return new SqliteFaceStore(openDatabase(dataDir), { ...options, ownsDatabase: true });
}

function clampLimit(maxResults: number): number {
  if (!Number.isFinite(maxResults)) return 1000;
  return Math.max(1, Math.min(4096, Math.floor(maxResults)));
}

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function isForeignKeyViolation(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
