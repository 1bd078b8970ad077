/**
 * Rekognition's users in a collection (CreateUser / AssociateFaces model): a face belongs to at
 * most one user, a user has at most 100 faces, deleting a user releases its faces.
 * @module
 */
import { Errors, type Clock, type ListPage, type UserRecord } from '@facegate/core';
import { cachedPrepare, type Database } from './database.js';
import { userFromRow, type UserRow } from './face.rows.js';
import { decodeToken, encodeToken } from './pagination.js';

/** Rekognition's limit of faces associated with one user. */
export const MAX_FACES_PER_USER = 100;

const userNotFound = (id: string) => Errors.resourceNotFound(`The user id: ${id} does not exist`);

export class UserQueries {
  private readonly prepare: Database['prepare'];

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.prepare = cachedPrepare(db);
  }

  create(collection: number, userId: string): void {
    const inserted = this.prepare(
      'INSERT INTO users (collection, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ).run(collection, userId, this.clock.now());
    if (inserted.changes === 0) {
      throw Errors.conflict(`A user with the id: ${userId} already exists in the collection`);
    }
  }

  /** Releases the user's faces (they stay in the collection), then deletes the user. */
  delete(collection: number, userId: string): void {
    this.db.transaction(() => {
      this.requireUser(collection, userId);
      this.prepare('UPDATE faces SET user_id = NULL WHERE collection = ? AND user_id = ?').run(
        collection,
        userId,
      );
      this.prepare('DELETE FROM users WHERE collection = ? AND user_id = ?').run(
        collection,
        userId,
      );
    })();
  }

  list(collection: number, limit: number, nextToken?: string): ListPage<UserRecord> {
    const after = nextToken ? decodeToken<string>(nextToken, 'users', collection, 'string') : '';
    const rows = this.prepare<[number, string, number], UserRow>(
      `SELECT u.user_id, u.created_at,
           (SELECT count(*) FROM faces f WHERE f.collection = u.collection AND f.user_id = u.user_id)
             AS face_count
         FROM users u WHERE u.collection = ? AND u.user_id > ? ORDER BY u.user_id LIMIT ?`,
    ).all(collection, after, limit + 1);
    const users = rows.map(userFromRow);
    if (users.length <= limit) return { items: users };
    const kept = users.slice(0, limit);
    return { items: kept, nextToken: encodeToken('users', collection, kept[limit - 1]!.UserId) };
  }

  /**
   * Associates the faces that exist and are free (or already this user's). Faces that are
   * missing or belong to another user are left out of the result; the caller reports them.
   * Throws ServiceQuotaExceededException when the user would pass 100 faces.
   */
  associate(collection: number, userId: string, faceIds: string[]): string[] {
    return this.db.transaction(() => {
      this.requireUser(collection, userId);
      const owner = this.prepare<[number, string], { user_id: string | null }>(
        'SELECT user_id FROM faces WHERE collection = ? AND face_id = ?',
      );
      const ok: string[] = [];
      let added = 0;
      for (const id of new Set(faceIds)) {
        const row = owner.get(collection, id);
        if (!row || (row.user_id !== null && row.user_id !== userId)) continue;
        if (row.user_id === null) added++;
        ok.push(id);
      }
      const have = this.faceCount(collection, userId);
      if (have + added > MAX_FACES_PER_USER) {
        throw Errors.serviceQuotaExceeded(
          `A user can have at most ${MAX_FACES_PER_USER} faces associated (has ${have}, adding ${added})`,
        );
      }
      const set = this.prepare(
        'UPDATE faces SET user_id = ? WHERE collection = ? AND face_id = ? AND user_id IS NULL',
      );
      for (const id of ok) set.run(userId, collection, id);
      return ok;
    })();
  }

  /** Releases the faces that belong to this user; others are left out of the result. */
  disassociate(collection: number, userId: string, faceIds: string[]): string[] {
    return this.db.transaction(() => {
      this.requireUser(collection, userId);
      const clear = this.prepare(
        'UPDATE faces SET user_id = NULL WHERE collection = ? AND face_id = ? AND user_id = ?',
      );
      const ok: string[] = [];
      for (const id of new Set(faceIds)) {
        if (clear.run(collection, id, userId).changes > 0) ok.push(id);
      }
      return ok;
    })();
  }

  private requireUser(collection: number, userId: string): void {
    const row = this.prepare('SELECT 1 FROM users WHERE collection = ? AND user_id = ?').get(
      collection,
      userId,
    );
    if (!row) throw userNotFound(userId);
  }

  private faceCount(collection: number, userId: string): number {
    const row = this.prepare<[number, string], { n: number }>(
      'SELECT count(*) AS n FROM faces WHERE collection = ? AND user_id = ?',
    ).get(collection, userId);
    return row?.n ?? 0;
  }
}
