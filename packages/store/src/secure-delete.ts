/**
 * Hard delete for every table of facegate.db: deleted rows leave no copy in any file of the data
 * folder. Biometric data (embeddings, FaceIds, names) must be gone when the API says deleted.
 *
 * Three places can keep a deleted row's bytes, and each is closed here once for the connection,
 * so a module adding tables (people, thumbnails, a recognition log) inherits it without code:
 * 1. the page the row lived on: `PRAGMA secure_delete = ON` zeroes the freed cell, freed pages
 *    and overflow pages instead of leaving them on the free list as they were;
 * 2. the WAL, which holds whole page images from before the delete: after any transaction that
 *    deleted a row, `wal_checkpoint(TRUNCATE)` copies the WAL into the file and cuts it to zero
 *    bytes (the -shm file only indexes page numbers, never content);
 * 3. a database written before secure_delete existed: its free pages still hold old rows, so it
 *    is VACUUMed once (then module `secure-delete` version 1 is recorded) and checkpointed.
 *
 * Deletes are noticed by a TEMP trigger per table (`AFTER DELETE ... SELECT facegate_row_deleted()`,
 * a function of this connection), installed at open and again after every `migrate` call, so
 * tables created later are covered too. Cascaded deletes fire them as well. The checkpoint runs
 * synchronously when the outermost `db.transaction(...)` returns, before the caller answers;
 * a DELETE run outside a transaction is checkpointed in a microtask, before any I/O callback.
 * Temp triggers live in this connection's memory only, never in the file.
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3';

type Database = BetterSqlite3.Database;

interface ScrubState {
  /** A row was deleted since the last successful checkpoint. */
  pending: boolean;
  /** How many `db.transaction` functions are running (nested ones count). */
  depth: number;
  scheduled: boolean;
  checkpoints: number;
}

const states = new WeakMap<Database, ScrubState>();

const FUNCTION = 'facegate_row_deleted';

/** Turns on secure_delete and the checkpoint after deletes for this connection. Idempotent. */
export function enableHardDelete(db: Database): void {
  if (states.has(db)) return;
  const state: ScrubState = { pending: false, depth: 0, scheduled: false, checkpoints: 0 };
  states.set(db, state);
  db.pragma('secure_delete = ON');
  db.pragma('temp_store = MEMORY'); // sorter and temp tables never spill to a file
  db.function(FUNCTION, { deterministic: false, directOnly: true }, () => {
    state.pending = true;
    if (state.depth === 0 && !state.scheduled) {
      state.scheduled = true;
      queueMicrotask(() => {
        state.scheduled = false;
        scrubNow(db);
      });
    }
    return null;
  });
  wrapTransactions(db, state);
  watchDeletes(db);
}

/**
 * Installs the delete trigger on every table that lacks one. `migrate` calls it after applying
 * migrations; call it after creating a table any other way.
 */
export function watchDeletes(db: Database): void {
  if (!states.has(db) || !db.open) return;
  const tables = db
    .prepare<[], { name: string }>(
      `SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
    )
    .all();
  for (const { name } of tables) {
    const trigger = `"facegate_scrub_${name.replaceAll('"', '""')}"`;
    db.exec(
      `CREATE TEMP TRIGGER IF NOT EXISTS ${trigger} AFTER DELETE ON main."${name.replaceAll('"', '""')}"
         BEGIN SELECT ${FUNCTION}(); END`,
    );
  }
}

/**
 * Checkpoints the WAL into the database file and truncates it, if a row was deleted since the
 * last time. Returns true when nothing deleted is left in the WAL. A reader of another
 * connection can hold the checkpoint back; it is then retried after the next write.
 */
export function scrubNow(db: Database): boolean {
  const state = states.get(db);
  if (!state || !state.pending) return true;
  if (!db.open || db.inTransaction || db.readonly) return false;
  const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
  if (row && row.busy !== 0) return false;
  state.pending = false;
  state.checkpoints++;
  return true;
}

/** How many scrubbing checkpoints this connection ran (for tests and diagnostics). */
export function scrubCheckpoints(db: Database): number {
  return states.get(db)?.checkpoints ?? 0;
}

/**
 * VACUUMs a database written before hard delete existed (it has tables besides the migration
 * bookkeeping): its free pages and the free space inside live pages may hold deleted rows.
 * A fresh database needs nothing. Returns true when done (the caller records it once); false
 * when another connection kept the VACUUM from running, so the next open tries again.
 */
export function vacuumLegacyFreePages(db: Database): boolean {
  if (db.readonly) return false;
  const tables = db
    .prepare<[], { n: number }>(
      `SELECT count(*) AS n FROM main.sqlite_master
         WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'`,
    )
    .get();
  if ((tables?.n ?? 0) === 0) return true;
  try {
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
    return true;
  } catch (e) {
    process.emitWarning(
      `facegate: could not VACUUM facegate.db yet (${(e as Error).message}); will retry at the next start`,
    );
    return false;
  }
}

type TransactionFn = ((...args: unknown[]) => unknown) & {
  deferred: (...args: unknown[]) => unknown;
  immediate: (...args: unknown[]) => unknown;
  exclusive: (...args: unknown[]) => unknown;
};

/** `db.transaction(fn)` as before, plus the checkpoint when the outermost one returns or throws. */
function wrapTransactions(db: Database, state: ScrubState): void {
  const original = db.transaction.bind(db) as (
    fn: (...args: unknown[]) => unknown,
  ) => TransactionFn;
  const around =
    (run: (...args: unknown[]) => unknown) =>
    (...args: unknown[]): unknown => {
      state.depth++;
      try {
        return run(...args);
      } finally {
        state.depth--;
        if (state.depth === 0 && state.pending) scrubNow(db);
      }
    };
  const wrapped = (fn: (...args: unknown[]) => unknown) => {
    const tx = original(fn);
    return Object.assign(around(tx), {
      deferred: around(tx.deferred),
      immediate: around(tx.immediate),
      exclusive: around(tx.exclusive),
      database: db,
    });
  };
  (db as unknown as { transaction: unknown }).transaction = wrapped;
}
