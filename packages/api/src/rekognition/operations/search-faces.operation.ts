/** SearchFaces. @module */
import { z } from 'zod';
import { defineOperation } from '../operation.js';
import { int, threshold } from '../schemas.js';

export const searchFaces = defineOperation({
  name: 'SearchFaces',
  input: z.object({
    CollectionId: z.string(),
    FaceId: z.string(),
    MaxFaces: int.optional(),
    FaceMatchThreshold: threshold.optional(),
  }),
  run: (api, input) => api.searchFaces(input),
});
