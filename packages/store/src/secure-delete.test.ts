import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { migrate } from './migrations.js';
import { scrubCheckpoints } from './secure-delete.js';

/**
 * The hard-delete guarantee is the connection's, not the face store's: any module's table gets
 * it (a people table, thumbnails, a recognition log), including tables created after open.
 */
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'facegate-secure-delete-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SECRET = 'Yamada-Taro-3f9c1e';
const found = (dir: string, needle: string) =>
  readdirSync(dir).filter((f) => readFileSync(path.join(dir, f)).includes(Buffer.from(needle)));

describe('hard delete of any table', () => {
  it('scrubs a table created later by another module, deleted inside or outside a transaction', async () => {
    const dir = tmp();
    const db = openDatabase(dir);
    migrate(db, 'people-module', [
      'CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, photo BLOB)',
    ]);
    const insert = db.prepare('INSERT INTO people (name, photo) VALUES (?, ?)');
    for (let i = 0; i < 50; i++) insert.run(`${SECRET}-${i}`, Buffer.alloc(3000, i)); // overflow pages too
    expect(found(dir, SECRET)).toContain('facegate.db-wal');

    db.transaction(() => db.prepare("DELETE FROM people WHERE name LIKE '%-1_'").run())();
    expect(found(dir, `${SECRET}-12`)).toEqual([]);
    expect(found(dir, `${SECRET}-2`)).not.toEqual([]); // the others stay

    const before = scrubCheckpoints(db);
    db.prepare('DELETE FROM people').run(); // autocommit: scrubbed before any I/O callback
    await Promise.resolve();
    expect(scrubCheckpoints(db)).toBe(before + 1);
    expect(found(dir, SECRET)).toEqual([]);
    db.close();
    expect(found(dir, SECRET)).toEqual([]);
  });

  it('vacuums a database written before secure_delete, once', () => {
    const dir = tmp();
    const legacy = new BetterSqlite3(path.join(dir, 'facegate.db'));
    legacy.pragma('journal_mode = WAL');
    legacy.pragma('secure_delete = OFF');
    legacy.exec('CREATE TABLE t (v TEXT)');
    for (let i = 0; i < 200; i++) legacy.prepare('INSERT INTO t VALUES (?)').run(`${SECRET}${i}`);
    legacy.exec(`DELETE FROM t WHERE v LIKE '${SECRET}1%'`);
    legacy.close(); // checkpoints the WAL into the file: free pages hold the old rows
    expect(found(dir, `${SECRET}1`)).toContain('facegate.db');

    const db = openDatabase(dir);
    expect(found(dir, `${SECRET}1`)).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 200 - 111 });
    db.close();
  });

  it('creates the data folder 0700 and the database files 0600', () => {
    const dir = path.join(tmp(), 'data');
    const db = openDatabase(dir);
    db.exec('CREATE TABLE x (v)');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of ['facegate.db', 'facegate.db-wal', 'facegate.db-shm'])
      expect(statSync(path.join(dir, f)).mode & 0o777, f).toBe(0o600);
    db.close();
  });
});
