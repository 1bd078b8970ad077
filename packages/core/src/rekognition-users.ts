/**
 * Rekognition's user-vector operations (CreateUser, AssociateFaces, SearchUsers...) in Amazon's
 * shapes. A separate port from RekognitionApi so implementations that predate them (or do not
 * need them) still satisfy RekognitionApi.
 * @module
 */
import type { FaceDetail } from './types.js';
import type { Image, QualityFilter, Reason } from './rekognition.js';

export type UserStatus = 'ACTIVE' | 'UPDATING' | 'CREATING' | 'CREATED';

export interface CreateUserRequest {
  CollectionId: string;
  UserId: string;
  ClientRequestToken?: string;
}
export type CreateUserResponse = Record<string, never>;

export interface DeleteUserRequest {
  CollectionId: string;
  UserId: string;
  ClientRequestToken?: string;
}
export type DeleteUserResponse = Record<string, never>;

export interface ListUsersRequest {
  CollectionId: string;
  MaxResults?: number;
  NextToken?: string;
}
export interface ListUsersResponse {
  Users: Array<{ UserId: string; UserStatus: UserStatus }>;
  NextToken?: string;
}

export interface AssociateFacesRequest {
  CollectionId: string;
  UserId: string;
  FaceIds: string[];
  /** Minimum similarity of a new face to the user's existing faces (default 75). */
  UserMatchThreshold?: number;
  ClientRequestToken?: string;
}
export interface AssociateFacesResponse {
  AssociatedFaces: Array<{ FaceId: string }>;
  UnsuccessfulFaceAssociations: Array<{
    FaceId: string;
    UserId?: string;
    Confidence?: number;
    Reasons: Array<'FACE_NOT_FOUND' | 'ASSOCIATED_TO_A_DIFFERENT_USER' | 'LOW_MATCH_CONFIDENCE'>;
  }>;
  UserStatus: UserStatus;
}

export interface DisassociateFacesRequest {
  CollectionId: string;
  UserId: string;
  FaceIds: string[];
  ClientRequestToken?: string;
}
export interface DisassociateFacesResponse {
  DisassociatedFaces: Array<{ FaceId: string }>;
  UnsuccessfulFaceDisassociations: Array<{
    FaceId: string;
    UserId?: string;
    Reasons: Array<'FACE_NOT_FOUND' | 'ASSOCIATED_TO_A_DIFFERENT_USER'>;
  }>;
  UserStatus: UserStatus;
}

export interface UserMatch {
  Similarity: number;
  User: { UserId: string; UserStatus: UserStatus };
}

export interface SearchUsersRequest {
  CollectionId: string;
  UserId?: string;
  FaceId?: string;
  UserMatchThreshold?: number;
  MaxUsers?: number;
}
export interface SearchUsersResponse {
  UserMatches: UserMatch[];
  FaceModelVersion: string;
  SearchedFace?: { FaceId: string };
  SearchedUser?: { UserId: string };
}

export interface SearchUsersByImageRequest {
  CollectionId: string;
  Image: Image;
  UserMatchThreshold?: number;
  MaxUsers?: number;
  QualityFilter?: QualityFilter;
}
export interface SearchUsersByImageResponse {
  UserMatches: UserMatch[];
  FaceModelVersion: string;
  SearchedFace: { FaceDetail: FaceDetail };
  UnsearchedFaces: Array<{ FaceDetails: FaceDetail; Reasons: Array<Reason | 'FACE_NOT_LARGEST'> }>;
}

export interface RekognitionUserApi {
  createUser(req: CreateUserRequest): Promise<CreateUserResponse>;
  deleteUser(req: DeleteUserRequest): Promise<DeleteUserResponse>;
  listUsers(req: ListUsersRequest): Promise<ListUsersResponse>;
  associateFaces(req: AssociateFacesRequest): Promise<AssociateFacesResponse>;
  disassociateFaces(req: DisassociateFacesRequest): Promise<DisassociateFacesResponse>;
  searchUsers(req: SearchUsersRequest): Promise<SearchUsersResponse>;
  searchUsersByImage(req: SearchUsersByImageRequest): Promise<SearchUsersByImageResponse>;
}
