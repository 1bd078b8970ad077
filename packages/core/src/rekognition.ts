/**
 * The Rekognition API as facegate serves it, in Amazon's own request and response shapes
 * (PascalCase, as on the wire, with Image.Bytes as raw bytes).
 *
 * The embedded implementation (FaceService) and the AWS SDK adapter both satisfy
 * `RekognitionApi`, so the Search API, the CLI and the Lambda can run on either.
 * @module
 */
import type { BoundingBox, FaceDetail, Landmark, Pose, ImageQuality } from './types.js';

export interface S3Object {
  Bucket?: string;
  Name?: string;
  Version?: string;
}

export interface Image {
  Bytes?: Uint8Array;
  S3Object?: S3Object;
}

export type QualityFilter = 'NONE' | 'AUTO' | 'LOW' | 'MEDIUM' | 'HIGH';
export type Attribute = 'DEFAULT' | 'ALL' | string;

/** Face as Rekognition returns it in ListFaces / IndexFaces / FaceMatches. */
export interface Face {
  FaceId: string;
  BoundingBox: BoundingBox;
  ImageId: string;
  ExternalImageId?: string;
  Confidence: number;
  IndexFacesModelVersion?: string;
  UserId?: string;
}

export interface FaceRecordOut {
  Face: Face;
  FaceDetail: FaceDetail;
}

export type Reason =
  | 'EXCEEDS_MAX_FACES'
  | 'EXTREME_POSE'
  | 'LOW_BRIGHTNESS'
  | 'LOW_SHARPNESS'
  | 'LOW_CONFIDENCE'
  | 'SMALL_BOUNDING_BOX'
  | 'LOW_FACE_QUALITY';

export interface UnindexedFace {
  Reasons: Reason[];
  FaceDetail: FaceDetail;
}

export interface FaceMatchOut {
  Similarity: number;
  Face: Face;
}

export interface CreateCollectionRequest {
  CollectionId: string;
  Tags?: Record<string, string>;
}
export interface CreateCollectionResponse {
  StatusCode: number;
  CollectionArn: string;
  FaceModelVersion: string;
}

export interface DescribeCollectionRequest {
  CollectionId: string;
}
export interface DescribeCollectionResponse {
  FaceCount: number;
  FaceModelVersion: string;
  CollectionARN: string;
  /** Seconds since the epoch (the SDK turns it into a Date). */
  CreationTimestamp: number;
  UserCount: number;
}

export interface ListCollectionsRequest {
  NextToken?: string;
  MaxResults?: number;
}
export interface ListCollectionsResponse {
  CollectionIds: string[];
  NextToken?: string;
  FaceModelVersions: string[];
}

export interface DeleteCollectionRequest {
  CollectionId: string;
}
export interface DeleteCollectionResponse {
  StatusCode: number;
}

export interface IndexFacesRequest {
  CollectionId: string;
  Image: Image;
  ExternalImageId?: string;
  DetectionAttributes?: Attribute[];
  MaxFaces?: number;
  QualityFilter?: QualityFilter;
  /**
   * facegate extension (HTTP header `X-Facegate-Client-Token`, 1–64 of `[A-Za-z0-9_-]`): makes
   * the call idempotent per collection. A repeated call with the same token indexes nothing
   * and answers with the faces the first one indexed. Rekognition has no such field for
   * IndexFaces and ignores the header.
   */
  ClientToken?: string;
}
export interface IndexFacesResponse {
  FaceRecords: FaceRecordOut[];
  OrientationCorrection?: string;
  FaceModelVersion: string;
  UnindexedFaces: UnindexedFace[];
}

export interface ListFacesRequest {
  CollectionId: string;
  NextToken?: string;
  MaxResults?: number;
  UserId?: string;
  FaceIds?: string[];
}
export interface ListFacesResponse {
  Faces: Face[];
  NextToken?: string;
  FaceModelVersion: string;
}

export interface DeleteFacesRequest {
  CollectionId: string;
  FaceIds: string[];
}
export interface DeleteFacesResponse {
  DeletedFaces: string[];
  UnsuccessfulFaceDeletions?: Array<{ FaceId: string; UserId?: string; Reasons: string[] }>;
}

export interface SearchFacesRequest {
  CollectionId: string;
  FaceId: string;
  MaxFaces?: number;
  FaceMatchThreshold?: number;
}
export interface SearchFacesResponse {
  SearchedFaceId: string;
  FaceMatches: FaceMatchOut[];
  FaceModelVersion: string;
}

export interface SearchFacesByImageRequest {
  CollectionId: string;
  Image: Image;
  MaxFaces?: number;
  FaceMatchThreshold?: number;
  QualityFilter?: QualityFilter;
}
export interface SearchFacesByImageResponse {
  SearchedFaceBoundingBox: BoundingBox;
  SearchedFaceConfidence: number;
  FaceMatches: FaceMatchOut[];
  FaceModelVersion: string;
}

export interface DetectFacesRequest {
  Image: Image;
  Attributes?: Attribute[];
}
export interface DetectFacesResponse {
  FaceDetails: FaceDetail[];
  OrientationCorrection?: string;
}

export interface CompareFacesRequest {
  SourceImage: Image;
  TargetImage: Image;
  SimilarityThreshold?: number;
  QualityFilter?: QualityFilter;
}
export interface ComparedFace {
  BoundingBox: BoundingBox;
  Confidence: number;
  Landmarks: Landmark[];
  Pose: Pose;
  Quality: ImageQuality;
}
export interface CompareFacesResponse {
  SourceImageFace: { BoundingBox: BoundingBox; Confidence: number };
  FaceMatches: Array<{ Similarity: number; Face: ComparedFace }>;
  UnmatchedFaces: ComparedFace[];
}

/** The operations every implementation offers (the Search API needs only a few of them). */
export interface RekognitionApi {
  createCollection(req: CreateCollectionRequest): Promise<CreateCollectionResponse>;
  describeCollection(req: DescribeCollectionRequest): Promise<DescribeCollectionResponse>;
  listCollections(req: ListCollectionsRequest): Promise<ListCollectionsResponse>;
  deleteCollection(req: DeleteCollectionRequest): Promise<DeleteCollectionResponse>;
  indexFaces(req: IndexFacesRequest): Promise<IndexFacesResponse>;
  listFaces(req: ListFacesRequest): Promise<ListFacesResponse>;
  deleteFaces(req: DeleteFacesRequest): Promise<DeleteFacesResponse>;
  searchFaces(req: SearchFacesRequest): Promise<SearchFacesResponse>;
  searchFacesByImage(req: SearchFacesByImageRequest): Promise<SearchFacesByImageResponse>;
  detectFaces(req: DetectFacesRequest): Promise<DetectFacesResponse>;
  compareFaces(req: CompareFacesRequest): Promise<CompareFacesResponse>;
}

/** The subset the Search API uses: what its Lambda is allowed to call, plus what /faces and /recognize need. */
export type FaceSearchApi = Pick<RekognitionApi, 'searchFacesByImage'> &
  Partial<Pick<RekognitionApi, 'indexFaces' | 'detectFaces' | 'deleteFaces'>>;
