/**
 * The recognition log: who was recognised when, through which key and from where. Never the
 * photo, never a FaceId. Rows older than the retention are deleted by a sweep that runs at open
 * and then at most once an hour when a row is written, so the table stays bounded with no timer.
 * @module
 */
import type { Statement } from 'better-sqlite3';
import { systemClock, type Clock, type RecognitionLogEntry } from '@facegate/core';
import type { Database } from './database.js';
import { migrate } from './migrations.js';
import { PEOPLE_MIGRATIONS, PEOPLE_MODULE } from './people.schema.js';

export const DEFAULT_LOG_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;
const SWEEP_EVERY_MS = 3_600_000;
/** Most entries one read returns. */
export const MAX_LOG_ENTRIES = 10_000;

export type { RecognitionLogEntry } from '@facegate/core';

export interface StoredLogEntry extends RecognitionLogEntry {
  id: number;
}

export interface ReadLogOptions {
  limit?: number;
  /** Only entries with an id below this (the next page, newest first). */
  before?: number;
  /** Only entries at or after this time (ms). */
  since?: number;
}

export interface RecognitionLogOptions {
  clock?: Clock;
  /** Days an entry is kept (default 30); 0 keeps nothing past the next sweep. */
  retentionDays?: number;
  /**
   * false: never sweep (a reader such as `facegate log`, which does not know the server's
   * retention and must not apply another one). Default true.
   */
  sweep?: boolean;
}

type Row = {
  id: number;
  at: number;
  collection_id: string;
  route: string;
  key_name: string | null;
  source: string | null;
  imsi: string | null;
  status: number;
  person_id: string | null;
  person_name: string | null;
  similarity: number | null;
  latency_ms: number;
};

const toEntry = (r: Row): StoredLogEntry => ({
  id: r.id,
  at: r.at,
  collectionId: r.collection_id,
  route: r.route,
  ...(r.key_name !== null ? { keyName: r.key_name } : {}),
  ...(r.source !== null ? { source: r.source } : {}),
  ...(r.imsi !== null ? { imsi: r.imsi } : {}),
  status: r.status,
  ...(r.person_id !== null ? { personId: r.person_id } : {}),
  ...(r.person_name !== null ? { personName: r.person_name } : {}),
  ...(r.similarity !== null ? { similarity: r.similarity } : {}),
  latencyMs: r.latency_ms,
});

/** Bounds a free-text field from a request before it is stored. */
const clip = (s: string | undefined, max = 200): string | null =>
  s === undefined ? null : s.slice(0, max);

/**
 * @example
 * const log = new RecognitionLog(db, { retentionDays: 30 });
 * log.record({ at: Date.now(), collectionId: 'default', route: 'search', status: 200, latencyMs: 42 });
 * log.read({ limit: 50 });
 */
export class RecognitionLog {
  readonly retentionMs: number;
  private readonly clock: Clock;
  private readonly insert: Statement;
  private lastSweep = Number.NEGATIVE_INFINITY;
  private readonly sweeps: boolean;

  constructor(
    readonly db: Database,
    options: RecognitionLogOptions = {},
  ) {
    const days = options.retentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    if (!Number.isFinite(days) || days < 0) throw new Error('log retention must be 0 or more days');
    this.retentionMs = days * DAY_MS;
    this.clock = options.clock ?? systemClock;
    this.sweeps = options.sweep ?? true;
    migrate(db, PEOPLE_MODULE, PEOPLE_MIGRATIONS);
    this.insert = db.prepare(
      `INSERT INTO recognition_log (at, collection_id, route, key_name, source, imsi, status,
         person_id, person_name, similarity, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    if (this.sweeps) this.sweep();
  }

  /** Appends entries in one transaction (one /recognize answer may name several people). */
  record(entries: readonly RecognitionLogEntry[]): void {
    if (entries.length === 0) return;
    if (this.sweeps && this.clock.now() - this.lastSweep >= SWEEP_EVERY_MS) this.sweep();
    const write = () => {
      for (const e of entries)
        this.insert.run(
          Math.floor(e.at),
          e.collectionId,
          e.route,
          clip(e.keyName),
          clip(e.source, 64),
          clip(e.imsi, 32),
          e.status,
          clip(e.personId, 255),
          clip(e.personName),
          e.similarity ?? null,
          e.latencyMs,
        );
    };
    if (entries.length === 1) write();
    else this.db.transaction(write)();
  }

  /** Deletes entries older than the retention; returns how many. */
  sweep(): number {
    const now = this.clock.now();
    this.lastSweep = now;
    return this.db.prepare('DELETE FROM recognition_log WHERE at < ?').run(now - this.retentionMs)
      .changes;
  }

  /** Newest first. */
  read(options: ReadLogOptions = {}): StoredLogEntry[] {
    const limit = Math.max(1, Math.min(Math.floor(options.limit ?? 100), MAX_LOG_ENTRIES));
    const rows = this.db
      .prepare<[number, number, number], Row>(
        `SELECT * FROM recognition_log WHERE id < ? AND at >= ? ORDER BY id DESC LIMIT ?`,
      )
      .all(options.before ?? Number.MAX_SAFE_INTEGER, options.since ?? 0, limit);
    return rows.map(toEntry);
  }
}
