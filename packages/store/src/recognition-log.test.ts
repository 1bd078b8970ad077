import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.js';
import { RecognitionLog } from './recognition-log.js';
import { tempDir } from './test/fixtures.js';

const DAY = 86_400_000;

describe('RecognitionLog', () => {
  let t: ReturnType<typeof tempDir>;
  let db: Database;
  beforeEach(() => {
    t = tempDir();
    db = openDatabase(t.dir);
  });
  afterEach(() => {
    db.close();
    t.remove();
  });

  const entry = (at: number, personName?: string) => ({
    at,
    collectionId: 'default',
    route: 'search',
    keyName: 'front desk',
    source: '127.0.0.1',
    status: 200,
    ...(personName ? { personId: 'p-1', personName, similarity: 98.5 } : {}),
    latencyMs: 12.5,
  });

  it('reads newest first, pages with before, and bounds what it stores', () => {
    const log = new RecognitionLog(db, { clock: { now: () => 10 * DAY } });
    log.record([entry(10 * DAY - 2, '山田 花子')]);
    log.record([
      entry(10 * DAY - 1),
      { ...entry(10 * DAY), imsi: '001010000000001', keyName: 'k'.repeat(1000) },
    ]);
    const all = log.read();
    expect(all.map((e) => e.at)).toEqual([10 * DAY, 10 * DAY - 1, 10 * DAY - 2]);
    expect(all[0]?.imsi).toBe('001010000000001');
    expect(all[0]?.keyName?.length).toBe(200);
    expect(all[2]).toMatchObject({ personName: '山田 花子', similarity: 98.5, latencyMs: 12.5 });
    expect(all[1]?.personName).toBeUndefined();
    expect(log.read({ limit: 1, before: all[0]!.id }).map((e) => e.at)).toEqual([10 * DAY - 1]);
  });

  it('drops entries older than the retention at the next sweep (faked clock)', () => {
    let now = 100 * DAY;
    const clock = { now: () => now };
    const log = new RecognitionLog(db, { clock, retentionDays: 30 });
    log.record([entry(now - 31 * DAY, 'old'), entry(now - 29 * DAY, 'recent')]);
    // The write swept first (once an hour at most), the old row was written after: still there.
    expect(log.read().length).toBe(2);
    expect(log.sweep()).toBe(1);
    expect(log.read().map((e) => e.personName)).toEqual(['recent']);
    // Two days later the next write sweeps by itself (more than an hour since the last sweep).
    now += 2 * DAY;
    log.record([entry(now, 'now')]);
    expect(log.read().map((e) => e.personName)).toEqual(['now']);
    // A new log on the same file sweeps at open, with its own retention.
    now += 5 * DAY;
    const short = new RecognitionLog(db, { clock, retentionDays: 1 });
    expect(short.read()).toEqual([]);
  });

  it('defaults to 30 days and refuses a negative retention', () => {
    expect(new RecognitionLog(db).retentionMs).toBe(30 * DAY);
    expect(() => new RecognitionLog(db, { retentionDays: -1 })).toThrow(/retention/);
  });
});
