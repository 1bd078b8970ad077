/**
 * The ports through which the core reaches the outside world. Adapters in other packages
 * implement them; tests pick real ones or fakes.
 * @module
 */
import type {
  CollectionRecord,
  DetectionResult,
  DetectOptions,
  FaceMatch,
  FaceRecord,
  UserRecord,
} from './types.js';

/** The face engine: decode, detect, align, embed. Implemented by @facegate/engine. */
export interface FaceEngine {
  /** Model identifier reported as FaceModelVersion, e.g. `facegate-1.0`. */
  readonly modelVersion: string;
  /**
   * Decode an image (JPEG or PNG, EXIF orientation applied) and find its faces.
   * Throws InvalidImageFormatException for anything that is not a decodable JPEG/PNG,
   * ImageTooLargeException when its dimensions are beyond what the engine accepts,
   * ProvisionedThroughputExceededException when its queue is full.
   */
  detect(image: Uint8Array, options?: DetectOptions): Promise<DetectionResult>;
  /** Calibrated similarity 0–100 between two embeddings (threshold 80 ≈ documented FAR). */
  similarity(a: Float32Array, b: Float32Array): number;
  /**
   * The score 0–100 of a probe against a user's faces, for user searches (the engine's own rule
   * and calibration). It must never exceed the score of the user's best face alone,
   * `userScore(probe, [best])`, which the core uses to find the candidates. Absent: the best
   * face's `similarity`.
   */
  userScore?(probe: Float32Array, faces: readonly Float32Array[]): number;
  /**
   * An embedding from `detect` as the model of a collection made under `modelVersion` sees it
   * (engines that have changed model keep older collections searchable this way); throws
   * InvalidParameterException when the two cannot be compared. Absent: only collections of
   * `modelVersion` itself can be used.
   */
  embeddingFor?(embedding: Float32Array, modelVersion: string): Float32Array;
  close(): Promise<void>;
}

export interface ListPage<T> {
  items: T[];
  nextToken?: string;
}

/** Durable storage of collections, faces and users. Implemented by @facegate/store (SQLite). */
export interface FaceStore {
  createCollection(id: string, faceModelVersion: string): CollectionRecord;
  getCollection(id: string): CollectionRecord | undefined;
  listCollections(maxResults: number, nextToken?: string): ListPage<CollectionRecord>;
  deleteCollection(id: string): boolean;

  /** Adds faces atomically (all of one image or none). */
  addFaces(collectionId: string, faces: FaceRecord[]): void;
  listFaces(
    collectionId: string,
    maxResults: number,
    nextToken?: string,
    filter?: { userId?: string; faceIds?: string[] },
  ): ListPage<FaceRecord>;
  getFaces(collectionId: string, faceIds: string[]): FaceRecord[];
  /** Every face of each of these users, by user (users without faces are left out). */
  facesOfUsers(collectionId: string, userIds: string[]): Map<string, FaceRecord[]>;
  /** Returns the ids actually deleted. */
  deleteFaces(collectionId: string, faceIds: string[]): string[];
  /** Is this (ExternalImageId, image hash) already in the collection? Used by resumable import. */
  hasImage?(collectionId: string, externalImageId: string): boolean;

  /**
   * The nearest faces by embedding, best first, with their calibrated similarity.
   * Implemented over the in-memory index kept beside the database.
   */
  searchByEmbedding(
    collectionId: string,
    embedding: Float32Array,
    similarity: (a: Float32Array, b: Float32Array) => number,
    threshold: number,
    maxFaces: number,
  ): FaceMatch[];

  createUser(collectionId: string, userId: string): void;
  deleteUser(collectionId: string, userId: string): void;
  listUsers(collectionId: string, maxResults: number, nextToken?: string): ListPage<UserRecord>;
  associateFaces(collectionId: string, userId: string, faceIds: string[]): string[];
  disassociateFaces(collectionId: string, userId: string, faceIds: string[]): string[];

  close(): void;
}

/** Reads `Image.S3Object`. Local folder per bucket, or an S3-compatible endpoint. */
export interface ImageSource {
  getObject(bucket: string, name: string, version?: string): Promise<Uint8Array>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
