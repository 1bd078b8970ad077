/** ListFaces. @module */
import { z } from 'zod';
import { defineOperation } from '../operation.js';
import { faceIds, int } from '../schemas.js';

export const listFaces = defineOperation({
  name: 'ListFaces',
  input: z.object({
    CollectionId: z.string(),
    NextToken: z.string().optional(),
    MaxResults: int.optional(),
    UserId: z.string().optional(),
    FaceIds: faceIds.optional(),
  }),
  run: (api, input) => api.listFaces(input),
});
