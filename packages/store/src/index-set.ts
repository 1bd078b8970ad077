/**
 * The vector indexes of all collections, rebuilt from SQLite at open and again whenever
 * another connection has committed to the file since (SQLite's data_version tells).
 * @module
 */
import type { Database } from './database.js';
import { VectorIndex } from './vector-index.js';

export class IndexSet {
  private readonly db: Database;
  private readonly indexes = new Map<number, VectorIndex>();
  private readonly dataVersion: () => number;
  private seenVersion = -1;
  /** Milliseconds the last rebuild took. */
  lastRebuildMs = 0;
  /** How many full rebuilds ran (1 after open). */
  rebuilds = 0;

  constructor(db: Database) {
    this.db = db;
    const stmt = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.dataVersion = () => stmt.get() as number;
    this.rebuild();
  }

  /** The index of a collection (by internal row id), created empty on first use. */
  get(collection: number): VectorIndex {
    let index = this.indexes.get(collection);
    if (!index) {
      index = new VectorIndex();
      this.indexes.set(collection, index);
    }
    return index;
  }

  drop(collection: number): void {
    this.indexes.delete(collection);
  }

  clear(): void {
    this.indexes.clear();
  }

  /** Rebuilds everything if another connection (e.g. another process) has written meanwhile. */
  syncIfStale(): void {
    if (this.dataVersion() !== this.seenVersion) this.rebuild();
  }

  /** Reads every embedding, in insertion order, into fresh indexes. */
  rebuild(): void {
    const started = performance.now();
    // One read transaction, so the rows and the data_version we record agree.
    const load = this.db.transaction(() => {
      this.indexes.clear();
      this.seenVersion = this.dataVersion();
      // Size each index once, from the counts, instead of doubling its way up.
      const sizes = this.db
        .prepare<[], { collection: number; n: number; bytes: number }>(
          `SELECT collection, count(*) AS n,
             (SELECT length(embedding) FROM faces f WHERE f.collection = g.collection LIMIT 1) AS bytes
           FROM faces g GROUP BY collection`,
        )
        .all();
      for (const { collection, n, bytes } of sizes) this.get(collection).reserve(n, bytes >>> 2);
      const rows = this.db
        .prepare<[], [number, string, Buffer]>(
          'SELECT collection, face_id, embedding FROM faces ORDER BY seq',
        )
        .raw()
        .iterate();
      let current: VectorIndex | undefined;
      let currentId = -1;
      for (const [collection, faceId, blob] of rows) {
        if (collection !== currentId) {
          current = this.get(collection);
          currentId = collection;
        }
        // A row of another length cannot be searched with its collection; addFaces never
        // writes one, so it is skipped rather than refusing to start.
        current?.appendBytes(faceId, blob);
      }
    });
    load.deferred();
    this.lastRebuildMs = performance.now() - started;
    this.rebuilds++;
  }
}
