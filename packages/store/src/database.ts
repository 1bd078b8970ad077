/**
 * Opening the one SQLite file that facegate keeps in its data folder. Every module (the face
 * store, the Search API's keys and usage plans) keeps its tables in this file, each with its
 * own migrations (see migrations.ts).
 * @module
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/** The better-sqlite3 connection type, re-exported so callers need not import the driver. */
export type Database = BetterSqlite3.Database;

/** File name of the database inside the data folder. */
export const DATABASE_FILE = 'facegate.db';

export interface OpenDatabaseOptions {
  /** How long a writer waits for another process's lock before SQLITE_BUSY (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Open read-only (the file must exist). */
  readonly?: boolean;
}

/**
 * Creates `dataDir` if needed and opens `<dataDir>/facegate.db` in WAL mode with
 * `synchronous = NORMAL`, foreign keys on and a busy timeout.
 *
 * WAL + NORMAL: a commit is atomic and the file stays consistent after a process crash
 * (kill -9) or power loss; only a power loss can roll back the last few commits. See
 * docs/design/store.md for why FULL was not chosen.
 *
 * @example
 * const db = openDatabase('./data');
 * migrate(db, 'search-api', ['CREATE TABLE api_keys (...)']);
 */
export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): Database {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE);
  const db = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Deleted rows (a person's name, thumbnails, faces) are overwritten, not left in free pages.
  if (!options.readonly) db.pragma('secure_delete = ON');
  return db;
}

/**
 * `db.prepare` memoised by SQL text: each statement is compiled once per connection. Only for
 * statements used as they are (not switched to `.raw()` / `.pluck()`, which would stick).
 */
export function cachedPrepare(db: Database): Database['prepare'] {
  const cache = new Map<string, unknown>();
  const prepare = (source: string) => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = db.prepare(source);
      cache.set(source, stmt);
    }
    return stmt;
  };
  return prepare as Database['prepare'];
}
