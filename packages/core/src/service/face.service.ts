/**
 * FaceService: the Rekognition API implemented on facegate's own engine and store.
 * Each operation lives in its own module; this class only fills in defaults and routes.
 * @module
 */
import { systemClock } from '../ports.js';
import type * as R from '../rekognition.js';
import type * as U from '../rekognition-users.js';
import * as collections from './collection.operations.js';
import type { FaceServiceDeps, ServiceContext } from './deps.js';
import * as detect from './detect.operations.js';
import * as faces from './face.operations.js';
import { indexFaces } from './index-faces.operation.js';
import * as search from './search.operations.js';
import * as users from './user.operations.js';

const randomId = (): string => globalThis.crypto.randomUUID();

/**
 * The embedded Rekognition: every operation with Amazon's defaults, limits and exception names.
 *
 * @example
 * const api = new FaceService({ engine, store, images });
 * await api.createCollection({ CollectionId: 'friends' });
 * await api.indexFaces({ CollectionId: 'friends', Image: { Bytes: jpeg }, ExternalImageId: 'Taro_Yamada' });
 */
export class FaceService implements R.RekognitionApi, U.RekognitionUserApi {
  protected readonly ctx: ServiceContext;

  constructor(deps: FaceServiceDeps) {
    this.ctx = { clock: systemClock, newId: randomId, ...deps };
  }

  async createCollection(req: R.CreateCollectionRequest): Promise<R.CreateCollectionResponse> {
    return collections.createCollection(this.ctx, req);
  }
  async describeCollection(
    req: R.DescribeCollectionRequest,
  ): Promise<R.DescribeCollectionResponse> {
    return collections.describeCollection(this.ctx, req);
  }
  async listCollections(req: R.ListCollectionsRequest = {}): Promise<R.ListCollectionsResponse> {
    return collections.listCollections(this.ctx, req);
  }
  async deleteCollection(req: R.DeleteCollectionRequest): Promise<R.DeleteCollectionResponse> {
    return collections.deleteCollection(this.ctx, req);
  }
  indexFaces(req: R.IndexFacesRequest): Promise<R.IndexFacesResponse> {
    return indexFaces(this.ctx, req);
  }
  async listFaces(req: R.ListFacesRequest): Promise<R.ListFacesResponse> {
    return faces.listFaces(this.ctx, req);
  }
  async deleteFaces(req: R.DeleteFacesRequest): Promise<R.DeleteFacesResponse> {
    return faces.deleteFaces(this.ctx, req);
  }
  async searchFaces(req: R.SearchFacesRequest): Promise<R.SearchFacesResponse> {
    return search.searchFaces(this.ctx, req);
  }
  searchFacesByImage(req: R.SearchFacesByImageRequest): Promise<R.SearchFacesByImageResponse> {
    return search.searchFacesByImage(this.ctx, req);
  }
  detectFaces(req: R.DetectFacesRequest): Promise<R.DetectFacesResponse> {
    return detect.detectFaces(this.ctx, req);
  }
  compareFaces(req: R.CompareFacesRequest): Promise<R.CompareFacesResponse> {
    return detect.compareFaces(this.ctx, req);
  }

  async createUser(req: U.CreateUserRequest): Promise<U.CreateUserResponse> {
    return users.createUser(this.ctx, req);
  }
  async deleteUser(req: U.DeleteUserRequest): Promise<U.DeleteUserResponse> {
    return users.deleteUser(this.ctx, req);
  }
  async listUsers(req: U.ListUsersRequest): Promise<U.ListUsersResponse> {
    return users.listUsers(this.ctx, req);
  }
  async associateFaces(req: U.AssociateFacesRequest): Promise<U.AssociateFacesResponse> {
    return users.associateFaces(this.ctx, req);
  }
  async disassociateFaces(req: U.DisassociateFacesRequest): Promise<U.DisassociateFacesResponse> {
    return users.disassociateFaces(this.ctx, req);
  }
  async searchUsers(req: U.SearchUsersRequest): Promise<U.SearchUsersResponse> {
    return users.searchUsers(this.ctx, req);
  }
  searchUsersByImage(req: U.SearchUsersByImageRequest): Promise<U.SearchUsersByImageResponse> {
    return users.searchUsersByImage(this.ctx, req);
  }
}
