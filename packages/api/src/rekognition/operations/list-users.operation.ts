/** ListUsers. @module */
import { z } from 'zod';
import { defineOperation, userOperation } from '../operation.js';
import { int } from '../schemas.js';

export const listUsers = defineOperation({
  name: 'ListUsers',
  input: z.object({
    CollectionId: z.string(),
    MaxResults: int.optional(),
    NextToken: z.string().optional(),
  }),
  run: (api, input) => userOperation(api, 'listUsers')(input),
});
