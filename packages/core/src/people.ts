/**
 * People with display names and the recognition log, as the Search API's console sees them.
 * One definition for the port (@facegate/api) and its SQLite implementation (@facegate/store).
 * @module
 */

export interface PersonSummary {
  /** The ExternalImageId of the person's faces. */
  id: string;
  /** The display name; the id itself when none was given (ids enrolled with the AWS CLI). */
  displayName: string;
  /** Whether a display name is stored (false: `displayName` is the id). */
  named: boolean;
  faces: number;
  /** Milliseconds since the epoch: when the name was stored, or the first face was indexed. */
  createdAt: number;
  /** The first face's console thumbnail, when listed with `thumbnails`. */
  thumbnail?: Uint8Array;
}

export interface PersonFace {
  faceId: string;
  imageId: string;
  createdAt: number;
  /** A small JPEG for the console, when one was kept at enrolment. */
  thumbnail?: Uint8Array;
  /** The Rekognition UserId the face is associated with, if any (such faces are not deleted). */
  userId?: string;
}

/** One answer of /search or /recognize, as the recognition log keeps it (never the photo). */
export interface RecognitionLogEntry {
  /** Milliseconds since the epoch. */
  at: number;
  collectionId: string;
  /** `search` or `recognize`. */
  route: string;
  /** The API key's name (never the key). */
  keyName?: string;
  /** The TCP peer (or API Gateway's sourceIp). */
  source?: string;
  /** The SIM's IMSI when the request carried one. */
  imsi?: string;
  /** HTTP status of the answer. */
  status: number;
  /** ExternalImageId of the person named; undefined = nobody (unknown, no face, error, or deleted since). */
  personId?: string;
  personName?: string;
  similarity?: number;
  latencyMs: number;
}
