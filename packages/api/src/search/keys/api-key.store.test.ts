import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@facegate/store';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKeyStore } from './api-key.store.js';
import { createSqliteAuthorizer } from './sqlite.authorizer.js';
import { periodKey } from './usage-period.js';

const dirs: string[] = [];
function tempDir() {
  const d = mkdtempSync(path.join(tmpdir(), 'facegate-keys-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('ApiKeyStore', () => {
  it('verifies a key, never stores it in plain text, and forgets it once revoked', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const store = new ApiKeyStore(db);
    const plan = store.createPlan({
      name: 'basic',
      rate: 10,
      burst: 5,
      quota: 1000,
      period: 'MONTH',
    });
    const { key, info } = store.createKey({
      name: 'phones',
      plan: 'basic',
      scopes: ['search', 'enroll'],
    });
    expect(key).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(info).toMatchObject({ name: 'phones', plan: 'basic', scopes: ['search', 'enroll'] });
    expect(store.verify(key)).toMatchObject({
      keyId: info.id,
      scopes: ['search', 'enroll'],
      plan: { id: plan.id, rate: 10, burst: 5, quota: { limit: 1000, period: 'MONTH' } },
    });
    expect(store.verify(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
    expect(store.verify(undefined)).toBeUndefined();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    for (const f of readdirSync(dir))
      expect(readFileSync(path.join(dir, f)).includes(Buffer.from(key))).toBe(false);

    const again = new ApiKeyStore(openDatabase(dir));
    expect(again.verify(key)?.keyId).toBe(info.id);
    expect(again.revokeKey('phones')).toBe(1);
    expect(again.verify(key)).toBeUndefined();
    expect(again.listKeys()[0]?.revokedAt).toBeTypeOf('number');
  });

  it('imports a given key value and refuses bad input', () => {
    const store = new ApiKeyStore(openDatabase(tempDir()));
    const value = 'o8ONCZlrjD2upXaWvjGuE7cukFXCP2362MUbFtSY';
    expect(store.createKey({ name: 'aws', value }).key).toBe(value);
    expect(store.verify(value)?.scopes).toEqual(['search']);
    expect(() => store.createKey({ name: 'dup', value })).toThrow(/already in use/);
    expect(() => store.createKey({ name: 'x', plan: 'nope' })).toThrow(/no usage plan/);
    expect(() => store.createKey({ name: 'x', value: 'short' })).toThrow();
    expect(() => store.createPlan({ name: 'q', quota: 5 })).toThrow(/together/);
  });
});

describe('createSqliteAuthorizer', () => {
  it('throttles by rate and burst, then by quota, and opens again in the next period', () => {
    const dir = tempDir();
    let now = Date.UTC(2026, 10, 26, 10, 0, 0);
    const clock = { now: () => now };
    const store = new ApiKeyStore(openDatabase(dir));
    store.createPlan({ name: 'p', rate: 1, burst: 2, quota: 3, period: 'DAY' });
    const { key } = store.createKey({ name: 'k', plan: 'p' });
    const auth = createSqliteAuthorizer(store, clock);
    const who = store.verify(key)!;
    expect([auth.recordUsage(who), auth.recordUsage(who), auth.recordUsage(who)]).toEqual([
      'ok',
      'ok',
      'rate',
    ]);
    now += 1000;
    expect(auth.recordUsage(who)).toBe('ok');
    now += 5000;
    expect(auth.recordUsage(who)).toBe('quota');
    expect(store.usage(who.keyId, periodKey('DAY', now))).toBe(3);

    // A restart keeps the count; the next day starts afresh.
    const store2 = new ApiKeyStore(openDatabase(dir));
    const auth2 = createSqliteAuthorizer(store2, clock);
    expect(auth2.recordUsage(who)).toBe('quota');
    now = Date.UTC(2026, 10, 27, 0, 0, 1);
    expect(auth2.recordUsage(who)).toBe('ok');
  });

  it('counts work beyond the first unit against rate and quota, going into debt', () => {
    let now = Date.UTC(2026, 10, 26, 10, 0, 0);
    const clock = { now: () => now };
    const store = new ApiKeyStore(openDatabase(tempDir()));
    store.createPlan({ name: 'slow', rate: 1, burst: 1, quota: 1000, period: 'DAY' });
    const { key } = store.createKey({ name: 'heavy', plan: 'slow' });
    const auth = createSqliteAuthorizer(store, clock);
    const who = store.verify(key)!;
    expect(auth.recordUsage(who)).toBe('ok');
    // The request turned out to embed 100 faces: 99 more units, charged as done.
    auth.recordWork(who, 99);
    expect(store.usage(who.keyId, periodKey('DAY', now))).toBe(100);
    now += 10_000;
    expect(auth.recordUsage(who)).toBe('rate'); // 10 s refilled 10 of the 99 owed
    now += 90_000;
    expect(auth.recordUsage(who)).toBe('ok'); // repaid after 100 s at 1 request/s
    // The quota counts work too, past its limit: the key is refused until the next period.
    auth.recordWork(who, 2000);
    now += 10_000_000;
    expect(auth.recordUsage(who)).toBe('quota');
  });

  it('names periods in UTC, weeks from Monday', () => {
    const t = Date.UTC(2026, 10, 26, 23, 59); // a Thursday
    expect(periodKey('DAY', t)).toBe('DAY:2026-11-26');
    expect(periodKey('WEEK', t)).toBe('WEEK:2026-11-23');
    expect(periodKey('WEEK', Date.UTC(2026, 10, 29))).toBe('WEEK:2026-11-23');
    expect(periodKey('MONTH', t)).toBe('MONTH:2026-11');
  });
});
