/** SearchUsers. @module */
import { z } from 'zod';
import { defineOperation, userOperation } from '../operation.js';
import { int, threshold } from '../schemas.js';

export const searchUsers = defineOperation({
  name: 'SearchUsers',
  input: z.object({
    CollectionId: z.string(),
    UserId: z.string().optional(),
    FaceId: z.string().optional(),
    UserMatchThreshold: threshold.optional(),
    MaxUsers: int.optional(),
  }),
  run: (api, input) => userOperation(api, 'searchUsers')(input),
});
