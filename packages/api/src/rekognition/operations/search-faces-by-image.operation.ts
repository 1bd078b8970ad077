/** SearchFacesByImage. @module */
import { z } from 'zod';
import { defineOperation } from '../operation.js';
import { imageSchema, int, qualityFilter, threshold } from '../schemas.js';

export const searchFacesByImage = defineOperation({
  name: 'SearchFacesByImage',
  input: z.object({
    CollectionId: z.string(),
    Image: imageSchema,
    MaxFaces: int.optional(),
    FaceMatchThreshold: threshold.optional(),
    QualityFilter: qualityFilter.optional(),
  }),
  run: (api, input) => api.searchFacesByImage(input),
});
