/** DisassociateFaces. @module */
import { z } from 'zod';
import { defineOperation, userOperation } from '../operation.js';
import { faceIds } from '../schemas.js';

export const disassociateFaces = defineOperation({
  name: 'DisassociateFaces',
  input: z.object({
    CollectionId: z.string(),
    UserId: z.string(),
    FaceIds: faceIds,
    ClientRequestToken: z.string().optional(),
  }),
  run: (api, input) => userOperation(api, 'disassociateFaces')(input),
});
