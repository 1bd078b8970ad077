/** IndexFaces. @module */
import { z } from 'zod';
import { defineOperation } from '../operation.js';
import { attributes, imageSchema, int, qualityFilter } from '../schemas.js';

export const indexFaces = defineOperation({
  name: 'IndexFaces',
  input: z.object({
    CollectionId: z.string(),
    Image: imageSchema,
    ExternalImageId: z.string().optional(),
    DetectionAttributes: attributes.optional(),
    MaxFaces: int.optional(),
    QualityFilter: qualityFilter.optional(),
  }),
  run: (api, input) => api.indexFaces(input),
});
