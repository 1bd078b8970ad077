/**
 * A tiny migration runner shared by every module that keeps tables in facegate.db.
 * Versions are counted per module, so modules evolve their schemas independently.
 * @module
 */
import type { Database } from './database.js';
import { watchDeletes } from './secure-delete.js';

const BOOTSTRAP = `CREATE TABLE IF NOT EXISTS schema_migrations (
  module TEXT NOT NULL,
  version INTEGER NOT NULL,
  applied_at INTEGER NOT NULL,
  PRIMARY KEY (module, version)
) WITHOUT ROWID`;

/**
 * Applies the migrations of `module` that are not applied yet. `migrations[i]` is version
 * `i + 1`; never edit or reorder a released entry, only append. Each migration runs in its own
 * IMMEDIATE transaction together with its bookkeeping row, so a crash leaves it either fully
 * applied or not at all, and two processes starting at once do not apply it twice.
 *
 * @returns the versions applied by this call (empty when already up to date).
 * @example
 * migrate(db, 'search-api', [
 *   'CREATE TABLE api_keys (id TEXT PRIMARY KEY, hash TEXT NOT NULL)',
 *   'ALTER TABLE api_keys ADD COLUMN plan_id TEXT',
 * ]);
 */
export function migrate(db: Database, module: string, migrations: readonly string[]): number[] {
  if (!module) throw new Error('migrate: module name is required');
  db.exec(BOOTSTRAP);
  const current = db.prepare<[string], { v: number | null }>(
    'SELECT max(version) AS v FROM schema_migrations WHERE module = ?',
  );
  const record = db.prepare(
    'INSERT INTO schema_migrations (module, version, applied_at) VALUES (?, ?, ?)',
  );
  const applied: number[] = [];
  for (let version = 1; version <= migrations.length; version++) {
    const sql = migrations[version - 1] as string;
    const step = db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      if ((current.get(module)?.v ?? 0) >= version) return false;
      db.exec(sql);
      record.run(module, version, Date.now());
      return true;
    });
    if (step.immediate()) applied.push(version);
  }
  watchDeletes(db); // new tables get the hard-delete trigger too
  return applied;
}

/** The highest applied version of `module` (0 when none). */
export function schemaVersion(db: Database, module: string): number {
  db.exec(BOOTSTRAP);
  const row = db
    .prepare<[string], { v: number | null }>(
      'SELECT max(version) AS v FROM schema_migrations WHERE module = ?',
    )
    .get(module);
  return row?.v ?? 0;
}
