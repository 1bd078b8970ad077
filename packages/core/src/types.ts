/**
 * Domain shapes shared by every part of facegate.
 *
 * Shapes that travel on the Rekognition wire keep Rekognition's PascalCase names, so the
 * API layer can return them without a mapping step and a reader can check them against
 * Amazon's documentation directly.
 * @module
 */

/** A box as ratios of the image's (orientation-corrected) width and height, like Rekognition's. */
export interface BoundingBox {
  Width: number;
  Height: number;
  Left: number;
  Top: number;
}

export type LandmarkType =
  | 'eyeLeft'
  | 'eyeRight'
  | 'nose'
  | 'mouthLeft'
  | 'mouthRight'
  | 'leftEyeBrowLeft'
  | 'leftEyeBrowRight'
  | 'leftEyeBrowUp'
  | 'rightEyeBrowLeft'
  | 'rightEyeBrowRight'
  | 'rightEyeBrowUp'
  | 'leftEyeLeft'
  | 'leftEyeRight'
  | 'leftEyeUp'
  | 'leftEyeDown'
  | 'rightEyeLeft'
  | 'rightEyeRight'
  | 'rightEyeUp'
  | 'rightEyeDown'
  | 'noseLeft'
  | 'noseRight'
  | 'mouthUp'
  | 'mouthDown'
  | 'leftPupil'
  | 'rightPupil'
  | 'upperJawlineLeft'
  | 'midJawlineLeft'
  | 'chinBottom'
  | 'midJawlineRight'
  | 'upperJawlineRight';

/** A landmark as ratios of the image's width and height. */
export interface Landmark {
  Type: LandmarkType;
  X: number;
  Y: number;
}

/** Head pose in degrees, as Rekognition reports it (each in -180..180). */
export interface Pose {
  Roll: number;
  Yaw: number;
  Pitch: number;
}

/** 0–100, higher is brighter / sharper. */
export interface ImageQuality {
  Brightness: number;
  Sharpness: number;
}

export interface AgeRange {
  Low: number;
  High: number;
}

export interface Gender {
  Value: 'Male' | 'Female';
  Confidence: number;
}

export type EmotionType =
  'HAPPY' | 'SAD' | 'ANGRY' | 'CONFUSED' | 'DISGUSTED' | 'SURPRISED' | 'CALM' | 'FEAR' | 'UNKNOWN';

export interface Emotion {
  Type: EmotionType;
  Confidence: number;
}

/** A yes/no attribute (Smile, MouthOpen, …) and how sure the model is of it, 0–100. */
export interface BooleanAttribute {
  Value: boolean;
  Confidence: number;
}

/**
 * One face as Rekognition's FaceDetail. The attributes past Quality are present only when
 * DetectionAttributes ALL was asked for and a shipped model gives them.
 */
export interface FaceDetail {
  BoundingBox: BoundingBox;
  Confidence: number;
  Landmarks: Landmark[];
  Pose: Pose;
  Quality: ImageQuality;
  AgeRange?: AgeRange;
  Gender?: Gender;
  Emotions?: Emotion[];
  Smile?: BooleanAttribute;
  MouthOpen?: BooleanAttribute;
}

/** A face found by the engine: what Rekognition shows, plus the embedding it does not. */
export interface DetectedFace {
  detail: FaceDetail;
  /** L2-normalised embedding; compare with FaceEngine.similarity. */
  embedding: Float32Array;
}

/** What the engine found in one image. */
export interface DetectionResult {
  /** Width and height after EXIF orientation was applied. */
  width: number;
  height: number;
  /** Faces, largest first. */
  faces: DetectedFace[];
}

export type DetectionAttributes = 'DEFAULT' | 'ALL';

export interface DetectOptions {
  /** 'ALL' adds AgeRange, Gender and Emotions where the engine can give them. */
  attributes?: DetectionAttributes;
  /** Compute embeddings (default true). DetectFaces does not need them. */
  embed?: boolean;
  /** Only the largest N faces are embedded and returned (default: all). */
  maxFaces?: number;
  /**
   * Of the faces returned, only the largest N are embedded; the rest come back with an empty
   * embedding (default: all). IndexFaces asks for MaxFaces: a group photo indexed with MaxFaces 1
   * costs one embedding, not one per face.
   */
  embedLimit?: number;
  /**
   * 'index' (default): the embedding that is stored, averaged with the mirror image's.
   * 'query': one pass, for an image that is only compared against stored faces (a search):
   * ~25 ms less, at a measured cost in accuracy (docs/design/engine.md, bench sections lfw/far).
   */
  embedding?: 'index' | 'query';
  /**
   * Who the work is for (an API key id, an access key id): the engine shares its workers
   * fairly between clients (docs/design/fairness.md). Undefined: the shared anonymous client.
   */
  client?: string;
}

/** A stored face: Rekognition's Face plus its embedding. */
export interface FaceRecord {
  FaceId: string;
  ImageId: string;
  ExternalImageId?: string;
  UserId?: string;
  BoundingBox: BoundingBox;
  Confidence: number;
  IndexFacesModelVersion: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  embedding: Float32Array;
}

export interface CollectionRecord {
  CollectionId: string;
  CollectionArn: string;
  FaceModelVersion: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  FaceCount: number;
  UserCount: number;
}

export interface UserRecord {
  UserId: string;
  UserStatus: 'ACTIVE' | 'UPDATING' | 'CREATING' | 'CREATED';
  createdAt: number;
}

/** A face found by a similarity search. */
export interface FaceMatch {
  Similarity: number;
  face: FaceRecord;
}
