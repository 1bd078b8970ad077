/** DeleteUser. @module */
import { z } from 'zod';
import { defineOperation, userOperation } from '../operation.js';

export const deleteUser = defineOperation({
  name: 'DeleteUser',
  input: z.object({
    CollectionId: z.string(),
    UserId: z.string(),
    ClientRequestToken: z.string().optional(),
  }),
  run: (api, input) => userOperation(api, 'deleteUser')(input),
});
