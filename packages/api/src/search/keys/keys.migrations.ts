/**
 * Tables of the API keys and usage plans, in facegate.db beside the face store's. Only append
 * to this list: each entry is one schema version of the module `apikeys`.
 * @module
 */
export const APIKEYS_MODULE = 'apikeys';

export const APIKEYS_MIGRATIONS: readonly string[] = [
  `CREATE TABLE apikey_plans (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     rate REAL,
     burst INTEGER,
     quota_limit INTEGER,
     quota_period TEXT CHECK (quota_period IN ('DAY', 'WEEK', 'MONTH')),
     created_at INTEGER NOT NULL
   );
   CREATE TABLE apikey_keys (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     key_hash TEXT NOT NULL UNIQUE,
     plan_id TEXT REFERENCES apikey_plans(id),
     scopes TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     revoked_at INTEGER
   );
   CREATE TABLE apikey_usage (
     key_id TEXT NOT NULL,
     period TEXT NOT NULL,
     used INTEGER NOT NULL,
     PRIMARY KEY (key_id, period)
   ) WITHOUT ROWID;`,
];
