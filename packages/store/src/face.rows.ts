/**
 * How faces, collections and users are laid out in SQLite rows, and the conversions between
 * rows and the core's records. Embeddings are stored as little-endian float32 BLOBs.
 * @module
 */
import type { CollectionRecord, FaceRecord, UserRecord } from '@facegate/core';

export interface FaceRow {
  seq: number;
  face_id: string;
  image_id: string;
  external_image_id: string | null;
  user_id: string | null;
  bbox_width: number;
  bbox_height: number;
  bbox_left: number;
  bbox_top: number;
  confidence: number;
  model_version: string;
  created_at: number;
  embedding: Buffer;
}

export const FACE_COLUMNS =
  'seq, face_id, image_id, external_image_id, user_id, bbox_width, bbox_height, bbox_left, ' +
  'bbox_top, confidence, model_version, created_at, embedding';

export interface CollectionRow {
  id: number;
  collection_id: string;
  arn: string;
  face_model_version: string;
  created_at: number;
  face_count: number;
  user_count: number;
}

export const COLLECTION_COLUMNS =
  'c.id, c.collection_id, c.arn, c.face_model_version, c.created_at, ' +
  '(SELECT count(*) FROM faces f WHERE f.collection = c.id) AS face_count, ' +
  '(SELECT count(*) FROM users u WHERE u.collection = c.id) AS user_count';

export interface UserRow {
  user_id: string;
  created_at: number;
  face_count: number;
}

/** The float32 bytes of an embedding, as a Buffer viewing (not copying) its memory. */
export function embeddingToBlob(embedding: Float32Array): Buffer {
  return Buffer.from(embedding.buffer, embedding.byteOffset, embedding.byteLength);
}

/** A new Float32Array from a BLOB (copied: SQLite buffers need not be 4-byte aligned). */
export function blobToEmbedding(blob: Uint8Array): Float32Array {
  const out = new Float32Array(blob.byteLength >>> 2);
  new Uint8Array(out.buffer).set(blob.subarray(0, out.byteLength));
  return out;
}

export function faceFromRow(row: FaceRow): FaceRecord {
  const face: FaceRecord = {
    FaceId: row.face_id,
    ImageId: row.image_id,
    BoundingBox: {
      Width: row.bbox_width,
      Height: row.bbox_height,
      Left: row.bbox_left,
      Top: row.bbox_top,
    },
    Confidence: row.confidence,
    IndexFacesModelVersion: row.model_version,
    createdAt: row.created_at,
    embedding: blobToEmbedding(row.embedding),
  };
  if (row.external_image_id !== null) face.ExternalImageId = row.external_image_id;
  if (row.user_id !== null) face.UserId = row.user_id;
  return face;
}

export function collectionFromRow(row: CollectionRow): CollectionRecord {
  return {
    CollectionId: row.collection_id,
    CollectionArn: row.arn,
    FaceModelVersion: row.face_model_version,
    createdAt: row.created_at,
    FaceCount: row.face_count,
    UserCount: row.user_count,
  };
}

/** A user with faces is ACTIVE; one created but not yet given faces is CREATED. */
export function userFromRow(row: UserRow): UserRecord {
  return {
    UserId: row.user_id,
    UserStatus: row.face_count > 0 ? 'ACTIVE' : 'CREATED',
    createdAt: row.created_at,
  };
}
