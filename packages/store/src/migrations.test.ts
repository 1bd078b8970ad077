import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.js';
import { migrate, schemaVersion } from './migrations.js';
import { tempDir } from './test/fixtures.js';

describe('openDatabase', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.remove());

  it('creates the folder and opens facegate.db with WAL, NORMAL sync, foreign keys, busy timeout', () => {
    const db = openDatabase(`${t.dir}/nested/data`);
    try {
      expect(db.name).toBe(`${t.dir}/nested/data/facegate.db`);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      db.close();
    }
  });
});

describe('migrate', () => {
  let db: Database;
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => {
    db?.close();
    t.remove();
  });

  it('applies each version once and is idempotent across reopen', () => {
    db = openDatabase(t.dir);
    const v1 = ['CREATE TABLE a (x INTEGER)'];
    expect(migrate(db, 'mod', v1)).toEqual([1]);
    expect(migrate(db, 'mod', v1)).toEqual([]);
    db.close();
    db = openDatabase(t.dir);
    expect(migrate(db, 'mod', v1)).toEqual([]);
    expect(migrate(db, 'mod', [...v1, 'ALTER TABLE a ADD COLUMN y TEXT'])).toEqual([2]);
    expect(schemaVersion(db, 'mod')).toBe(2);
    db.prepare('INSERT INTO a (x, y) VALUES (1, ?)').run('ok');
  });

  it('keeps versions per module, so modules share the file independently', () => {
    db = openDatabase(t.dir);
    migrate(db, 'store-like', ['CREATE TABLE s (x)']);
    expect(migrate(db, 'search-api', ['CREATE TABLE api_keys (id TEXT PRIMARY KEY)'])).toEqual([1]);
    expect(schemaVersion(db, 'store-like')).toBe(1);
    expect(schemaVersion(db, 'search-api')).toBe(1);
    expect(schemaVersion(db, 'nobody')).toBe(0);
  });

  it('rolls a failing migration back entirely and records nothing', () => {
    db = openDatabase(t.dir);
    const bad = ['CREATE TABLE ok1 (x); CREATE TABLE broken (;'];
    expect(() => migrate(db, 'mod', bad)).toThrow();
    expect(schemaVersion(db, 'mod')).toBe(0);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'ok1'")
      .all();
    expect(tables).toEqual([]);
    expect(migrate(db, 'mod', ['CREATE TABLE ok1 (x)'])).toEqual([1]);
  });
});
