/** CompareFaces. @module */
import { z } from 'zod';
import { defineOperation } from '../operation.js';
import { imageSchema, qualityFilter, threshold } from '../schemas.js';

export const compareFaces = defineOperation({
  name: 'CompareFaces',
  input: z.object({
    SourceImage: imageSchema,
    TargetImage: imageSchema,
    SimilarityThreshold: threshold.optional(),
    QualityFilter: qualityFilter.optional(),
  }),
  run: (api, input) => api.compareFaces(input),
});
