/**
 * What the composition root hands to every mount: the config read once, and the adapters
 * built from it. Owned by the server; mounts only read it.
 * @module
 */
import type { FaceEngine, FaceStore, ImageSource, RekognitionApi } from '@facegate/core';
import type { ServerConfig } from './config.js';

export interface ServerContext {
  config: ServerConfig;
  engine: FaceEngine;
  store: FaceStore;
  images: ImageSource;
  /** The SQLite database (better-sqlite3) that other modules keep their own tables in. */
  db: import('better-sqlite3').Database;
  log: (line: string) => void;
  /**
   * The embedded Rekognition (FaceService over engine, store and images), built once by
   * startServer and shared by every mount. Optional so a test can build a context without it.
   */
  api?: RekognitionApi;
}
