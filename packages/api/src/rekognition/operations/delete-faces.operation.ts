/** DeleteFaces. @module */
import { z } from 'zod';
import { defineOperation } from '../operation.js';
import { faceIds } from '../schemas.js';

export const deleteFaces = defineOperation({
  name: 'DeleteFaces',
  input: z.object({ CollectionId: z.string(), FaceIds: faceIds }),
  run: (api, input) => api.deleteFaces(input),
});
