/**
 * Opening the one SQLite file that facegate keeps in its data folder. Every module (the face
 * store, the Search API's keys and usage plans) keeps its tables in this file, each with its
 * own migrations (see migrations.ts).
 * @module
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { enableHardDelete, vacuumLegacyFreePages } from './secure-delete.js';
import { migrate, schemaVersion } from './migrations.js';

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

/** Marker module whose one migration records that old free pages were scrubbed (see secure-delete.ts). */
const SECURE_DELETE_MODULE = 'secure-delete';

/**
 * Creates `dataDir` if needed (mode 0700) and opens `<dataDir>/facegate.db` (mode 0600, and so
 * its -wal and -shm, which SQLite creates with the database's mode) in WAL mode with
 * `synchronous = NORMAL`, foreign keys on, a busy timeout and hard delete (secure-delete.ts):
 * a deleted row leaves no copy in the file or the WAL once its transaction returns.
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
  const file = path.join(dataDir, DATABASE_FILE);
  if (!options.readonly) createPrivately(dataDir, file);
  const db = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  if (!options.readonly) {
    enableHardDelete(db);
    if (schemaVersion(db, SECURE_DELETE_MODULE) === 0 && vacuumLegacyFreePages(db))
      migrate(db, SECURE_DELETE_MODULE, ['SELECT 1']);
  }
  return db;
}

/**
 * The data folder 0700 when we create it, and the database file 0600 before SQLite opens it, so
 * embeddings and key hashes are not readable by other local users. Existing files with a looser
 * mode are tightened, as credentials.json is; -wal and -shm take the database file's mode.
 */
function createPrivately(dataDir: string, file: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(f, 0o600);
    } catch {
      // absent (-wal/-shm before first use), or owned by someone else: SQLite will say so
    }
  }
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
