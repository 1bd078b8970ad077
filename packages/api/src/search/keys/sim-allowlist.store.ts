/**
 * Rights per SIM: an allowlist of IMSIs and SIM groups, each mapped to scopes and a usage plan
 * (module `sims` in facegate.db, beside the API keys). A SIM vouched for by Beam or Endorse is
 * served only when its IMSI, or the group its credential names, is listed. Limits are counted
 * per SIM (`sim:<IMSI>`) even when the entry is a group, so one busy phone cannot use up the
 * group's quota for the others.
 * @module
 */
import { migrate, type Database } from '@facegate/store';
import type { ApiKeyPrincipal, Scope } from '../search.ports.js';
import type { SimIdentity } from '../sim/sim.identity.js';
import type { ApiKeyStore } from './api-key.store.js';
import { parseScopes } from './api-key.store.js';

export const SIMS_MODULE = 'sims';
/** Only append: each entry is one schema version of the module `sims`. */
export const SIMS_MIGRATIONS: readonly string[] = [
  `CREATE TABLE sim_allowlist (
     kind TEXT NOT NULL CHECK (kind IN ('imsi', 'group')),
     value TEXT NOT NULL,
     plan_id TEXT,
     scopes TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (kind, value)
   ) WITHOUT ROWID;`,
];

export type SimEntryKind = 'imsi' | 'group';

export interface SimEntry {
  kind: SimEntryKind;
  value: string;
  plan?: string;
  scopes: Scope[];
  createdAt: number;
}

interface Row {
  kind: SimEntryKind;
  value: string;
  plan_id: string | null;
  scopes: string;
  created_at: number;
}

/** The usage-counter id of a SIM: what the per-SIM rate and quota are kept under. */
export const simKeyId = (imsi: string) => `sim:${imsi}`;

export function checkEntry(kind: SimEntryKind, value: string): string {
  const v = value.trim();
  if (kind === 'imsi' && !/^\d{5,15}$/.test(v)) throw new Error(`not an IMSI: "${value}"`);
  if (kind === 'group' && !/^[\w.:@-]{1,128}$/.test(v))
    throw new Error(`not a SIM group name or id: "${value}"`);
  return v;
}

export class SimAllowlist {
  readonly #db: Database;
  readonly #keys: ApiKeyStore;

  /** `keys` resolves plan names (plans are shared with API keys). */
  constructor(db: Database, keys: ApiKeyStore) {
    this.#db = db;
    this.#keys = keys;
    migrate(db, SIMS_MODULE, SIMS_MIGRATIONS);
  }

  /** Adds or replaces the entry for this IMSI or group. */
  allow(
    input: { kind: SimEntryKind; value: string; plan?: string; scopes?: readonly Scope[] },
    now = Date.now(),
  ): SimEntry {
    const value = checkEntry(input.kind, input.value);
    let planId: string | null = null;
    if (input.plan !== undefined) {
      const plan = this.#keys.findPlan(input.plan);
      if (!plan) throw new Error(`no usage plan "${input.plan}"`);
      planId = plan.id;
    }
    const scopes = parseScopes(input.scopes);
    this.#db
      .prepare(
        `INSERT INTO sim_allowlist (kind, value, plan_id, scopes, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (kind, value) DO UPDATE SET plan_id = excluded.plan_id, scopes = excluded.scopes`,
      )
      .run(input.kind, value, planId, scopes.join(','), now);
    return this.find(input.kind, value)!;
  }

  /** Removes the entry; true when there was one. Takes effect on the next request. */
  remove(kind: SimEntryKind, value: string): boolean {
    return (
      this.#db
        .prepare('DELETE FROM sim_allowlist WHERE kind = ? AND value = ?')
        .run(kind, value.trim()).changes > 0
    );
  }

  find(kind: SimEntryKind, value: string): SimEntry | undefined {
    const row = this.#db
      .prepare('SELECT * FROM sim_allowlist WHERE kind = ? AND value = ?')
      .get(kind, value) as Row | undefined;
    return row ? this.#entry(row) : undefined;
  }

  list(): SimEntry[] {
    return (
      this.#db.prepare('SELECT * FROM sim_allowlist ORDER BY kind, value').all() as Row[]
    ).map((r) => this.#entry(r));
  }

  /**
   * The principal for a SIM SORACOM vouched for: its IMSI's entry, else its group's; undefined
   * when neither is listed.
   */
  principalFor(identity: SimIdentity): ApiKeyPrincipal | undefined {
    const row =
      (this.#db
        .prepare("SELECT * FROM sim_allowlist WHERE kind = 'imsi' AND value = ?")
        .get(identity.imsi) as Row | undefined) ??
      (identity.group
        ? (this.#db
            .prepare("SELECT * FROM sim_allowlist WHERE kind = 'group' AND value = ?")
            .get(identity.group) as Row | undefined)
        : undefined);
    if (!row) return undefined;
    const plan = row.plan_id ? this.#keys.findPlan(row.plan_id) : undefined;
    return {
      keyId: simKeyId(identity.imsi),
      name: `${row.kind} ${row.value}`,
      scopes: parseScopes(row.scopes),
      imsi: identity.imsi,
      via: identity.via,
      ...(plan ? { plan } : {}),
    };
  }

  #entry(r: Row): SimEntry {
    const plan = r.plan_id ? this.#keys.findPlan(r.plan_id)?.name : undefined;
    return {
      kind: r.kind,
      value: r.value,
      ...(plan ? { plan } : {}),
      scopes: parseScopes(r.scopes),
      createdAt: r.created_at,
    };
  }
}
