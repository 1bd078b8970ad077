/**
 * The face store's tables, as migrations of module `store`. Append only.
 * @module
 */

export const STORE_MODULE = 'store';

export const STORE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE collections (
     id INTEGER PRIMARY KEY,
     collection_id TEXT NOT NULL UNIQUE,
     arn TEXT NOT NULL,
     face_model_version TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE users (
     collection INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
     user_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (collection, user_id)
   ) WITHOUT ROWID;
   -- seq (the rowid) gives faces a stable order for pagination and index rebuilds.
   -- The (collection, user_id) foreign key is NO ACTION: deleteUser clears faces first, and a
   -- collection's cascade removes faces and users in the same statement.
   CREATE TABLE faces (
     seq INTEGER PRIMARY KEY,
     collection INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
     face_id TEXT NOT NULL,
     image_id TEXT NOT NULL,
     external_image_id TEXT,
     user_id TEXT,
     bbox_width REAL NOT NULL,
     bbox_height REAL NOT NULL,
     bbox_left REAL NOT NULL,
     bbox_top REAL NOT NULL,
     confidence REAL NOT NULL,
     model_version TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     embedding BLOB NOT NULL CHECK (length(embedding) > 0 AND length(embedding) % 4 = 0),
     UNIQUE (collection, face_id),
     FOREIGN KEY (collection, user_id) REFERENCES users(collection, user_id)
   );
   CREATE INDEX faces_by_external_image ON faces(collection, external_image_id);
   CREATE INDEX faces_by_user ON faces(collection, user_id);`,
  // A counter every writer of faces bumps in its transaction, so a store can tell another
  // connection's face changes (rebuild its index) from writes to other modules' tables (ignore).
  `CREATE TABLE store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
   INSERT INTO store_meta (key, value) VALUES ('faces_version', 0);`,
];
