/**
 * People: the display names behind ExternalImageIds, the console's face thumbnails, and the
 * removal of a person's name from the recognition log. A person's faces are the collection's
 * faces whose ExternalImageId is the person's id (Rekognition's own link), so nothing here has
 * to be kept in step with the face store; faces are deleted through the face store (its index).
 * @module
 */
import { systemClock, type Clock, type PersonFace, type PersonSummary } from '@facegate/core';
import { cachedPrepare, type Database } from './database.js';
import { migrate } from './migrations.js';
import { PEOPLE_MIGRATIONS, PEOPLE_MODULE } from './people.schema.js';
import { HASHED_ID_PREFIX, normaliseDisplayName, personIdFor } from './person-id.js';

export type { PersonFace, PersonSummary } from '@facegate/core';

export interface ListPeopleOptions {
  /** Case-insensitive part of the display name or id. */
  query?: string;
  limit?: number;
  /** Include each person's first thumbnail (about 3 KB each). */
  thumbnails?: boolean;
}

/** Most people one listing returns. */
export const MAX_PEOPLE_LISTED = 1000;

/**
 * @example
 * const people = new PeopleStore(db);
 * const id = people.remember('default', '山田 花子'); // 'p-…', use it as ExternalImageId
 * people.displayNames('default', [id]).get(id); // '山田 花子'
 */
export class PeopleStore {
  private readonly prepare: Database['prepare'];

  constructor(
    readonly db: Database,
    private readonly clock: Clock = systemClock,
  ) {
    migrate(db, PEOPLE_MODULE, PEOPLE_MIGRATIONS);
    this.prepare = cachedPrepare(db);
  }

  private collectionRow(collectionId: string): number | undefined {
    return this.prepare<[string], { id: number }>(
      'SELECT id FROM collections WHERE collection_id = ?',
    ).get(collectionId)?.id;
  }

  /**
   * Stores a display name and returns the person's id (see personIdFor). A name whose id is
   * already taken by a different name is refused; for a plain id (`Taro_Yamada`) the latest
   * spelling wins (`Taro Yamada` and `Taro_Yamada` are one person, as they always were).
   * @throws Error naming the problem (empty, too long, unknown collection, hash collision).
   */
  remember(collectionId: string, rawName: string): string {
    const name = normaliseDisplayName(rawName);
    const id = personIdFor(name);
    this.name(collectionId, id, name);
    return id;
  }

  /**
   * Stores `rawName` as the display name of an existing id (a folder imported under the
   * `Person_Name` convention, an id chosen elsewhere). Same rules as remember.
   */
  name(collectionId: string, id: string, rawName: string): void {
    const name = normaliseDisplayName(rawName);
    const collection = this.collectionRow(collectionId);
    if (collection === undefined)
      throw new Error(`The collection id: ${collectionId} does not exist`);
    // `Taro_Yamada` typed as itself says nothing the id does not; an earlier `Taro Yamada` stays.
    if (name === id) return;
    this.db.transaction(() => {
      const existing = this.prepare<[number, string], { display_name: string }>(
        'SELECT display_name FROM people WHERE collection = ? AND person_id = ?',
      ).get(collection, id);
      if (existing?.display_name === name) return;
      if (existing && id.startsWith(HASHED_ID_PREFIX))
        throw new Error(`the id ${id} of "${name}" already belongs to "${existing.display_name}"`);
      this.prepare(
        `INSERT INTO people (collection, person_id, display_name, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (collection, person_id) DO UPDATE SET display_name = excluded.display_name`,
      ).run(collection, id, name, this.clock.now());
    })();
  }

  /** Display names of the given ids that have one (ids without a stored name are left out). */
  displayNames(collectionId: string, ids: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    const unique = [...new Set(ids)];
    if (unique.length === 0) return out;
    const rows = this.prepare<[string, string], { person_id: string; display_name: string }>(
      `SELECT p.person_id, p.display_name FROM people p JOIN collections c ON c.id = p.collection
       WHERE c.collection_id = ? AND p.person_id IN (SELECT value FROM json_each(?))`,
    ).all(collectionId, JSON.stringify(unique));
    for (const r of rows) out.set(r.person_id, r.display_name);
    return out;
  }

  /** Everyone with a name or a face, by display name. */
  list(collectionId: string, options: ListPeopleOptions = {}): PersonSummary[] {
    const limit = Math.max(1, Math.min(options.limit ?? MAX_PEOPLE_LISTED, MAX_PEOPLE_LISTED));
    const q = (options.query ?? '').normalize('NFC').trim().toLowerCase();
    type Row = {
      id: string;
      display_name: string | null;
      faces: number;
      created_at: number;
      jpeg: Uint8Array | null;
    };
    const rows = this.prepare<[string, number, string, string, number], Row>(
      `WITH c AS (SELECT id FROM collections WHERE collection_id = ?),
       ids AS (
         SELECT f.external_image_id AS id, count(*) AS faces, min(f.created_at) AS first
           FROM faces f WHERE f.collection = (SELECT id FROM c) AND f.external_image_id IS NOT NULL
          GROUP BY f.external_image_id
         UNION ALL
         SELECT p.person_id, 0, p.created_at FROM people p WHERE p.collection = (SELECT id FROM c)
       )
       SELECT ids.id AS id, p.display_name AS display_name, sum(ids.faces) AS faces,
              min(ids.first) AS created_at,
              CASE WHEN ? THEN (
                SELECT t.jpeg FROM faces f JOIN face_thumbnails t
                    ON t.collection = f.collection AND t.face_id = f.face_id
                 WHERE f.collection = (SELECT id FROM c) AND f.external_image_id = ids.id
                 ORDER BY f.seq LIMIT 1) END AS jpeg
         FROM ids LEFT JOIN people p ON p.collection = (SELECT id FROM c) AND p.person_id = ids.id
        WHERE ? = '' OR instr(lower(coalesce(p.display_name, '') || char(10) || ids.id), ?) > 0
        GROUP BY ids.id
        ORDER BY coalesce(p.display_name, ids.id), ids.id
        LIMIT ?`,
    ).all(collectionId, options.thumbnails ? 1 : 0, q, q, limit);
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name ?? r.id,
      named: r.display_name !== null,
      faces: r.faces,
      createdAt: r.created_at,
      ...(r.jpeg ? { thumbnail: new Uint8Array(r.jpeg) } : {}),
    }));
  }

  /** One person (by id), or undefined when the id names neither a stored name nor a face. */
  get(collectionId: string, id: string): PersonSummary | undefined {
    const name = this.displayNames(collectionId, [id]).get(id);
    const faces = this.faces(collectionId, id, false);
    if (name === undefined && faces.length === 0) return undefined;
    const created = this.prepare<[string, string], { created_at: number }>(
      `SELECT p.created_at FROM people p JOIN collections c ON c.id = p.collection
       WHERE c.collection_id = ? AND p.person_id = ?`,
    ).get(collectionId, id)?.created_at;
    return {
      id,
      displayName: name ?? id,
      named: name !== undefined,
      faces: faces.length,
      createdAt: created ?? Math.min(...faces.map((f) => f.createdAt)),
    };
  }

  /** The person's faces, oldest first, with thumbnails unless `withThumbnails` is false. */
  faces(collectionId: string, id: string, withThumbnails = true): PersonFace[] {
    type Row = {
      face_id: string;
      image_id: string;
      created_at: number;
      user_id: string | null;
      jpeg: Uint8Array | null;
    };
    const rows = this.prepare<[string, string], Row>(
      `SELECT f.face_id, f.image_id, f.created_at, f.user_id, t.jpeg
         FROM faces f JOIN collections c ON c.id = f.collection
         LEFT JOIN face_thumbnails t ON t.collection = f.collection AND t.face_id = f.face_id
        WHERE c.collection_id = ? AND f.external_image_id = ?
        ORDER BY f.seq LIMIT 4096`,
    ).all(collectionId, id);
    return rows.map((r) => ({
      faceId: r.face_id,
      imageId: r.image_id,
      createdAt: r.created_at,
      ...(r.user_id !== null ? { userId: r.user_id } : {}),
      ...(withThumbnails && r.jpeg ? { thumbnail: new Uint8Array(r.jpeg) } : {}),
    }));
  }

  /** Keeps a console thumbnail for a face that exists (deleted with the face by a foreign key). */
  setThumbnail(collectionId: string, faceId: string, jpeg: Uint8Array): void {
    const collection = this.collectionRow(collectionId);
    if (collection === undefined) return;
    this.prepare(
      `INSERT INTO face_thumbnails (collection, face_id, jpeg) VALUES (?, ?, ?)
       ON CONFLICT (collection, face_id) DO UPDATE SET jpeg = excluded.jpeg`,
    ).run(collection, faceId, jpeg);
  }

  /**
   * Forgets a person whose faces were already deleted: the name, and the person in the
   * recognition log (rows stay, without id or name). Then checkpoints and truncates the WAL so
   * the name is gone from every file (with the connection's secure_delete, from freed pages too).
   * @returns whether anything named the person.
   */
  forget(collectionId: string, id: string): boolean {
    const changed = this.db.transaction(() => {
      const a = this.prepare(
        `DELETE FROM people WHERE person_id = ? AND collection =
           (SELECT id FROM collections WHERE collection_id = ?)`,
      ).run(id, collectionId).changes;
      const b = this.prepare(
        `UPDATE recognition_log SET person_id = NULL, person_name = NULL
          WHERE collection_id = ? AND person_id = ?`,
      ).run(collectionId, id).changes;
      return a + b;
    })();
    truncateWal(this.db);
    return changed > 0;
  }

  /** After faces were deleted elsewhere (one face from the console): no copy left in the WAL. */
  scrub(): void {
    truncateWal(this.db);
  }
}

/** Moves the WAL into the main file and truncates it, so deleted rows leave no copy there. */
export function truncateWal(db: Database): void {
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // A busy reader only delays the truncation to the next checkpoint; the delete stands.
  }
}
