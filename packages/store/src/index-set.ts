/**
 * The vector indexes of all collections, rebuilt from SQLite at open and again whenever
 * another connection has changed faces since.
 *
 * Two counters tell: SQLite's `PRAGMA data_version` (changes when another connection commits
 * anything, never for our own commits; costs no I/O) and `store_meta.faces_version`, which every
 * store bumps inside each transaction that adds or deletes faces. The second is read only when
 * the first moved, so writes by other modules (API keys, usage counters) cost no rebuild.
 * @module
 */
import type { Database } from './database.js';
import { VectorIndex } from './vector-index.js';

export class IndexSet {
  private readonly db: Database;
  private readonly indexes = new Map<number, VectorIndex>();
  private readonly dataVersion: () => number;
  private readonly facesVersion: () => number;
  private readonly bumpFaces: () => void;
  private seenData = -1;
  private seenFaces = -1;
  /** Set when our own write could not be applied in place (another writer came between). */
  private stale = false;
  /** Milliseconds the last rebuild took. */
  lastRebuildMs = 0;
  /** How many full rebuilds ran (1 after open). */
  rebuilds = 0;

  constructor(db: Database) {
    this.db = db;
    const data = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.dataVersion = () => data.get() as number;
    const faces = db
      .prepare<[], number>("SELECT value FROM store_meta WHERE key = 'faces_version'")
      .pluck();
    this.facesVersion = () => faces.get() as number;
    const bump = db.prepare("UPDATE store_meta SET value = value + 1 WHERE key = 'faces_version'");
    this.bumpFaces = () => void bump.run();
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

  /** Rebuilds everything if another connection (e.g. another process) changed faces meanwhile. */
  syncIfStale(): void {
    if (this.stale) return this.rebuild();
    const data = this.dataVersion();
    if (data === this.seenData) return;
    this.seenData = data;
    if (this.facesVersion() !== this.seenFaces) this.rebuild();
  }

  /**
   * Call inside a transaction that adds or deletes faces. Returns a token for `afterCommit`,
   * which says whether the index may be updated in place (true) or must be rebuilt because
   * another writer's faces came in between.
   */
  recordFaceWrite(): number {
    const before = this.facesVersion();
    this.bumpFaces();
    return before;
  }

  /** After the commit of a transaction that called recordFaceWrite: may the index be patched? */
  afterCommit(before: number): boolean {
    if (before === this.seenFaces && !this.stale) {
      this.seenFaces = before + 1;
      return true;
    }
    this.stale = true;
    return false;
  }

  /** Reads every embedding, in insertion order, into fresh indexes. */
  rebuild(): void {
    const started = performance.now();
    // One read transaction, so the rows and the data_version we record agree.
    const load = this.db.transaction(() => {
      this.indexes.clear();
      this.seenData = this.dataVersion();
      this.seenFaces = this.facesVersion();
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
    this.stale = false;
    this.lastRebuildMs = performance.now() - started;
    this.rebuilds++;
  }
}
