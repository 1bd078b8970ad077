/** Every Rekognition operation the endpoint serves, by its X-Amz-Target name. @module */
import type { Operation } from '../operation.js';
import { compareFaces } from './compare-faces.operation.js';
import { createCollection } from './create-collection.operation.js';
import { deleteCollection } from './delete-collection.operation.js';
import { deleteFaces } from './delete-faces.operation.js';
import { describeCollection } from './describe-collection.operation.js';
import { detectFaces } from './detect-faces.operation.js';
import { indexFaces } from './index-faces.operation.js';
import { listCollections } from './list-collections.operation.js';
import { listFaces } from './list-faces.operation.js';
import { searchFacesByImage } from './search-faces-by-image.operation.js';
import { searchFaces } from './search-faces.operation.js';
import { associateFaces } from './associate-faces.operation.js';
import { createUser } from './create-user.operation.js';
import { deleteUser } from './delete-user.operation.js';
import { disassociateFaces } from './disassociate-faces.operation.js';
import { listUsers } from './list-users.operation.js';
import { searchUsersByImage } from './search-users-by-image.operation.js';
import { searchUsers } from './search-users.operation.js';

const all: Operation[] = [
  createCollection,
  describeCollection,
  listCollections,
  deleteCollection,
  indexFaces,
  listFaces,
  deleteFaces,
  searchFaces,
  searchFacesByImage,
  detectFaces,
  compareFaces,
  createUser,
  deleteUser,
  listUsers,
  associateFaces,
  disassociateFaces,
  searchUsers,
  searchUsersByImage,
] as Operation[];

export const operations: ReadonlyMap<string, Operation> = new Map(all.map((op) => [op.name, op]));
