/** SearchUsersByImage. @module */
import { z } from 'zod';
import { defineOperation, userOperation } from '../operation.js';
import { imageSchema, int, qualityFilter, threshold } from '../schemas.js';

export const searchUsersByImage = defineOperation({
  name: 'SearchUsersByImage',
  input: z.object({
    CollectionId: z.string(),
    Image: imageSchema,
    UserMatchThreshold: threshold.optional(),
    MaxUsers: int.optional(),
    QualityFilter: qualityFilter.optional(),
  }),
  run: (api, input) => userOperation(api, 'searchUsersByImage')(input),
});
