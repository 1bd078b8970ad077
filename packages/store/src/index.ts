/**
 * @facegate/store: the SQLite database and its migrations, the FaceStore with its in-memory
 * vector index, the ImageSource for Image.S3Object, and the development credentials.
 * @module
 */
export {
  openDatabase,
  DATABASE_FILE,
  type Database,
  type OpenDatabaseOptions,
} from './database.js';
export { migrate, schemaVersion } from './migrations.js';
export { enableHardDelete, watchDeletes, scrubNow, scrubCheckpoints } from './secure-delete.js';
export { SqliteFaceStore, openFaceStore, type FaceStoreOptions } from './face.store.js';
export { STORE_MIGRATIONS, STORE_MODULE } from './face-store.schema.js';
export { MAX_FACES_PER_USER } from './user.queries.js';
export { VectorIndex, type VectorHit } from './vector-index.js';
export { createImageSource, type ImageSourceOptions } from './image-source.js';
export { LocalImageSource, resolveObjectPath } from './local-image.source.js';
export { S3ImageSource, type S3ImageSourceOptions } from './s3-image.source.js';
export { MAX_S3_OBJECT_BYTES, S3_OBJECT_NOT_FOUND_MESSAGE } from './image-source.limits.js';
export {
  loadOrCreateCredentials,
  generateCredentials,
  CREDENTIALS_FILE,
  type StoredCredentials,
} from './credentials.js';
export {
  personIdFor,
  normaliseDisplayName,
  REKOGNITION_ID,
  HASHED_ID_PREFIX,
} from './person-id.js';
export {
  PeopleStore,
  truncateWal,
  MAX_PEOPLE_LISTED,
  type PersonSummary,
  type PersonFace,
  type ListPeopleOptions,
} from './people.store.js';
export {
  RecognitionLog,
  DEFAULT_LOG_RETENTION_DAYS,
  MAX_LOG_ENTRIES,
  type RecognitionLogEntry,
  type StoredLogEntry,
  type ReadLogOptions,
  type RecognitionLogOptions,
} from './recognition-log.js';
export { PEOPLE_MODULE, PEOPLE_MIGRATIONS } from './people.schema.js';
