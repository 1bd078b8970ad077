/**
 * The people module's tables in facegate.db: display names, console thumbnails and the
 * recognition log. Its own migration module (`people`), so the store's versions are untouched.
 * Append only.
 * @module
 */

export const PEOPLE_MODULE = 'people';

export const PEOPLE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE people (
     collection INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
     person_id TEXT NOT NULL,
     display_name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (collection, person_id)
   ) WITHOUT ROWID;
   -- The thumbnail goes with its face however the face is deleted (console, DeleteFaces,
   -- DeleteCollection): faces(collection, face_id) is UNIQUE, so it can be a parent key.
   CREATE TABLE face_thumbnails (
     collection INTEGER NOT NULL,
     face_id TEXT NOT NULL,
     jpeg BLOB NOT NULL,
     PRIMARY KEY (collection, face_id),
     FOREIGN KEY (collection, face_id) REFERENCES faces(collection, face_id) ON DELETE CASCADE
   ) WITHOUT ROWID;
   CREATE TABLE recognition_log (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     collection_id TEXT NOT NULL,
     route TEXT NOT NULL,
     key_name TEXT,
     source TEXT,
     imsi TEXT,
     status INTEGER NOT NULL,
     person_id TEXT,
     person_name TEXT,
     similarity REAL,
     latency_ms REAL NOT NULL
   );
   CREATE INDEX recognition_log_by_time ON recognition_log(at);
   CREATE INDEX recognition_log_by_person ON recognition_log(collection_id, person_id);`,
];
