/**
 * Opening the API key store of a data folder for the `apikeys` and `plans` commands; they work
 * on facegate.db directly, so they also work while `facegate serve` runs (SQLite WAL).
 * @module
 */
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
