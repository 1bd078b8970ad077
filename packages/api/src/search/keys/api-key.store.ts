/**
 * API keys and usage plans in the shared SQLite database (module `apikeys`). Keys are stored
 * as SHA-256 digests only; the plain key is returned once, by `createKey`, and never logged.
 * Quota counters are rows per (key, period), so they survive restarts and a new period
 * simply starts a new row.
 * @module
 */
import { migrate, type Database } from '@facegate/store';
import type { Statement } from 'better-sqlite3';
import type { ApiKeyPrincipal, QuotaPeriod, Scope, UsagePlanLimits } from '../search.ports.js';
import { ALL_SCOPES } from '../search.ports.js';
import {
  checkImportedKey,
  digestsEqual,
  generateApiKey,
  generateId,
  hashApiKey,
} from './api-key.secret.js';
import { APIKEYS_MIGRATIONS, APIKEYS_MODULE } from './keys.migrations.js';

export interface PlanInput {
  name: string;
  rate?: number;
  burst?: number;
  quota?: number;
  period?: QuotaPeriod;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  plan?: string;
  scopes: Scope[];
  createdAt: number;
  revokedAt?: number;
}

interface PlanRow {
  id: string;
  name: string;
  rate: number | null;
  burst: number | null;
  quota_limit: number | null;
  quota_period: QuotaPeriod | null;
  created_at: number;
}

interface KeyRow {
  id: string;
  name: string;
  key_hash: string;
  plan_id: string | null;
  scopes: string;
  created_at: number;
  revoked_at: number | null;
}

const toPlan = (r: PlanRow): UsagePlanLimits => ({
  id: r.id,
  name: r.name,
  ...(r.rate !== null ? { rate: r.rate } : {}),
  ...(r.burst !== null ? { burst: r.burst } : {}),
  ...(r.quota_limit !== null && r.quota_period !== null
    ? { quota: { limit: r.quota_limit, period: r.quota_period } }
    : {}),
});

/** Parses `search,enroll` into scopes, refusing unknown ones. */
export function parseScopes(value: string | readonly string[] | undefined): Scope[] {
  const list = (typeof value === 'string' ? value.split(',') : (value ?? ['search']))
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of list) {
    if (!(ALL_SCOPES as readonly string[]).includes(s))
      throw new Error(`unknown scope "${s}" (known: ${ALL_SCOPES.join(', ')})`);
  }
  return list.length ? [...new Set(list as Scope[])] : ['search'];
}

export class ApiKeyStore {
  readonly #db: Database;
  /** Statements prepared once, keyed by their SQL: the request path runs a few per request. */
  readonly #statements = new Map<string, Statement<unknown[], unknown>>();

  /** Applies this module's migrations to `db` (a facegate.db opened with openDatabase). */
  constructor(db: Database) {
    this.#db = db;
    migrate(db, APIKEYS_MODULE, APIKEYS_MIGRATIONS);
  }

  createPlan(input: PlanInput, now = Date.now()): UsagePlanLimits {
    const name = input.name.trim();
    if (!name) throw new Error('a plan needs a name');
    for (const [k, v] of [
      ['rate', input.rate],
      ['burst', input.burst],
      ['quota', input.quota],
    ] as const) {
      if (v !== undefined && (!Number.isFinite(v) || v < 0))
        throw new Error(`${k} must be a number ≥ 0`);
    }
    if (input.burst !== undefined && !Number.isInteger(input.burst))
      throw new Error('burst must be a whole number');
    if (input.quota !== undefined && !Number.isInteger(input.quota))
      throw new Error('quota must be a whole number');
    if ((input.quota === undefined) !== (input.period === undefined))
      throw new Error('quota and period go together');
    if (this.findPlan(name)) throw new Error(`a plan named "${name}" already exists`);
    const id = generateId();
    this.#sql(
      'INSERT INTO apikey_plans (id, name, rate, burst, quota_limit, quota_period, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      id,
      name,
      input.rate ?? null,
      input.burst ?? null,
      input.quota ?? null,
      input.period ?? null,
      now,
    );
    return this.findPlan(id)!;
  }

  /** A plan by id or name. */
  findPlan(idOrName: string): UsagePlanLimits | undefined {
    const row = this.#sql<[string, string], PlanRow>(
      'SELECT * FROM apikey_plans WHERE id = ? OR name = ?',
    ).get(idOrName, idOrName);
    return row ? toPlan(row) : undefined;
  }

  listPlans(): UsagePlanLimits[] {
    return this.#sql<[], PlanRow>('SELECT * FROM apikey_plans ORDER BY created_at, name')
      .all()
      .map(toPlan);
  }

  /**
   * Creates a key and returns it with its plain value: the only time that value exists
   * outside the caller. `value` imports a key made elsewhere (e.g. the same key as on AWS).
   */
  createKey(
    input: { name: string; plan?: string; scopes?: readonly Scope[]; value?: string },
    now = Date.now(),
  ): { key: string; info: ApiKeyInfo } {
    const name = input.name.trim();
    if (!name) throw new Error('a key needs a name');
    let planId: string | null = null;
    if (input.plan !== undefined) {
      const plan = this.findPlan(input.plan);
      if (!plan) throw new Error(`no usage plan "${input.plan}"`);
      planId = plan.id;
    }
    if (input.value !== undefined) checkImportedKey(input.value);
    const key = input.value ?? generateApiKey();
    const scopes = parseScopes(input.scopes);
    const id = generateId();
    try {
      this.#sql(
        'INSERT INTO apikey_keys (id, name, key_hash, plan_id, scopes, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(id, name, hashApiKey(key), planId, scopes.join(','), now);
    } catch (err) {
      if (/UNIQUE/.test(String(err))) throw new Error('that key value is already in use');
      throw err;
    }
    return { key, info: this.#info(this.#row(id)!) };
  }

  listKeys(): ApiKeyInfo[] {
    return this.#sql<[], KeyRow>('SELECT * FROM apikey_keys ORDER BY created_at, name')
      .all()
      .map((r) => this.#info(r));
  }

  /** Revokes the keys with this id, or else with this name; returns how many. */
  revokeKey(idOrName: string, now = Date.now()): number {
    const byId = this.#sql(
      'UPDATE apikey_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    ).run(now, idOrName);
    if (byId.changes > 0) return byId.changes;
    return this.#sql(
      'UPDATE apikey_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL',
    ).run(now, idOrName).changes;
  }

  /** The principal for a presented key, or undefined when unknown or revoked. */
  verify(key: string | undefined): ApiKeyPrincipal | undefined {
    if (!key) return undefined;
    const digest = hashApiKey(key);
    const row = this.#sql<[string], KeyRow>('SELECT * FROM apikey_keys WHERE key_hash = ?').get(
      digest,
    );
    if (!row || !digestsEqual(row.key_hash, digest) || row.revoked_at !== null) return undefined;
    const plan = row.plan_id ? this.findPlan(row.plan_id) : undefined;
    return {
      keyId: row.id,
      name: row.name,
      scopes: parseScopes(row.scopes),
      ...(plan ? { plan } : {}),
    };
  }

  /**
   * Counts one request in `period` if fewer than `limit` were counted; false when the quota
   * is used up. One statement, so concurrent processes cannot overshoot.
   */
  consumeQuota(keyId: string, period: string, limit: number): boolean {
    if (limit <= 0) return false;
    const row = this.#sql<[{ keyId: string; period: string; limit: number }], { used: number }>(
      `INSERT INTO apikey_usage (key_id, period, used) VALUES (@keyId, @period, 1)
         ON CONFLICT (key_id, period) DO UPDATE SET used = used + 1 WHERE used < @limit
         RETURNING used`,
    ).get({ keyId, period, limit });
    return row !== undefined;
  }

  /**
   * Counts `units` more in `period` for work already done, past the limit if need be: the key's
   * next requests are refused for quota until the period ends.
   */
  chargeQuota(keyId: string, period: string, units: number): void {
    if (units <= 0) return;
    this.#sql(
      `INSERT INTO apikey_usage (key_id, period, used) VALUES (@keyId, @period, @units)
         ON CONFLICT (key_id, period) DO UPDATE SET used = used + @units`,
    ).run({ keyId, period, units });
  }

  /** Requests counted for `keyId` in `period`. */
  usage(keyId: string, period: string): number {
    return (
      this.#sql<[string, string], { used: number }>(
        'SELECT used FROM apikey_usage WHERE key_id = ? AND period = ?',
      ).get(keyId, period)?.used ?? 0
    );
  }

  #sql<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let st = this.#statements.get(sql);
    if (!st) this.#statements.set(sql, (st = this.#db.prepare(sql)));
    return st as unknown as Statement<P, R>;
  }

  #row(id: string): KeyRow | undefined {
    return this.#sql<[string], KeyRow>('SELECT * FROM apikey_keys WHERE id = ?').get(id);
  }

  #info(r: KeyRow): ApiKeyInfo {
    const plan = r.plan_id ? this.findPlan(r.plan_id)?.name : undefined;
    return {
      id: r.id,
      name: r.name,
      ...(plan ? { plan } : {}),
      scopes: parseScopes(r.scopes),
      createdAt: r.created_at,
      ...(r.revoked_at !== null ? { revokedAt: r.revoked_at } : {}),
    };
  }
}
