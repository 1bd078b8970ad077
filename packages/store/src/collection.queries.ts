/**
 * Collections in SQLite. Faces and users hang off a collection's internal row id, so deleting
 * the row removes them in the same statement (ON DELETE CASCADE).
 * @module
 */
import { Errors, type Clock, type CollectionRecord, type ListPage } from '@facegate/core';
import { cachedPrepare, type Database } from './database.js';
import { COLLECTION_COLUMNS, collectionFromRow, type CollectionRow } from './face.rows.js';
import { decodeToken, encodeToken, page } from './pagination.js';

export class CollectionQueries {
  private readonly prepare: Database['prepare'];

  constructor(
    db: Database,
    private readonly clock: Clock,
  ) {
    this.prepare = cachedPrepare(db);
  }

  create(id: string, arn: string, faceModelVersion: string): CollectionRecord {
    const createdAt = this.clock.now();
    const inserted = this.prepare(
      `INSERT INTO collections (collection_id, arn, face_model_version, created_at)
         VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ).run(id, arn, faceModelVersion, createdAt);
    if (inserted.changes === 0) {
      throw Errors.resourceAlreadyExists(`The collection id: ${id} already exists`);
    }
    return {
      CollectionId: id,
      CollectionArn: arn,
      FaceModelVersion: faceModelVersion,
      createdAt,
      FaceCount: 0,
      UserCount: 0,
    };
  }

  get(id: string): CollectionRecord | undefined {
    const row = this.prepare<[string], CollectionRow>(
      `SELECT ${COLLECTION_COLUMNS} FROM collections c WHERE c.collection_id = ?`,
    ).get(id);
    return row ? collectionFromRow(row) : undefined;
  }

  /** In CollectionId order; the token remembers the last id returned. */
  list(limit: number, nextToken?: string): ListPage<CollectionRecord> {
    const after = nextToken ? decodeToken<string>(nextToken, 'collections', 0, 'string') : '';
    const rows = this.prepare<[string, number], CollectionRow>(
      `SELECT ${COLLECTION_COLUMNS} FROM collections c WHERE c.collection_id > ?
         ORDER BY c.collection_id LIMIT ?`,
    ).all(after, limit + 1);
    return page(rows.map(collectionFromRow), limit, (c) =>
      encodeToken('collections', 0, c.CollectionId),
    );
  }

  /** Deletes the collection with its faces and users; returns its row id if it existed. */
  delete(id: string): number | undefined {
    return this.prepare<[string], { id: number }>(
      'DELETE FROM collections WHERE collection_id = ? RETURNING id',
    ).get(id)?.id;
  }

  /** The internal row id, or ResourceNotFoundException as Rekognition words it. */
  rowId(id: string): number {
    const row = this.prepare<[string], { id: number }>(
      'SELECT id FROM collections WHERE collection_id = ?',
    ).get(id);
    if (!row) throw Errors.resourceNotFound(`The collection id: ${id} does not exist`);
    return row.id;
  }
}
