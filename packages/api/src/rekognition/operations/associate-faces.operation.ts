/** AssociateFaces. @module */
import { z } from 'zod';
import { defineOperation, userOperation } from '../operation.js';
import { faceIds, threshold } from '../schemas.js';

export const associateFaces = defineOperation({
  name: 'AssociateFaces',
  input: z.object({
    CollectionId: z.string(),
    UserId: z.string(),
    FaceIds: faceIds,
    UserMatchThreshold: threshold.optional(),
    ClientRequestToken: z.string().optional(),
  }),
  run: (api, input) => userOperation(api, 'associateFaces')(input),
});
