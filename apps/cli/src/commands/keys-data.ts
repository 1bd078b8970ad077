/**
 * Opening the API key store of a data folder for the `apikeys` and `plans` commands; they work
 * on facegate.db directly, so they also work while `facegate serve` runs (SQLite WAL).
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ApiKeyStore } from '@facegate/api/search/keys/index';

/** `--data`, else $FACEGATE_DATA, else ./data. */
export const dataDirOf = (flag: string | undefined): string =>
  flag || process.env.FACEGATE_DATA || './data';

/** Runs `work` on the store of `dataDir`, closing the database afterwards. */
export async function withKeyStore<T>(
  dataDir: string,
  work: (store: ApiKeyStore) => T,
): Promise<T> {
  const [{ openDatabase }, { ApiKeyStore }] = await Promise.all([
    import('@facegate/store'),
    import('@facegate/api/search/keys/index'),
  ]);
  const db = openDatabase(dataDir);
  try {
    return work(new ApiKeyStore(db));
  } finally {
    db.close();
  }
}

/** Left-aligned columns, header first. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * The data folder's facegate.db, which must exist already: commands that read people or the log
 * must not create an empty database in a mistyped folder.
 */
export function existingDatabase(dataDir: string): string {
  const file = path.join(dataDir, 'facegate.db');
  if (!existsSync(file))
    throw new Error(
      `no facegate.db in ${path.resolve(dataDir)}: point --data (or FACEGATE_DATA) at the server's data folder`,
    );
  return dataDir;
}
