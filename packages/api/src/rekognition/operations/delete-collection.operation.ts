/** DeleteCollection. @module */
import { z } from 'zod';
import { defineOperation } from '../operation.js';

export const deleteCollection = defineOperation({
  name: 'DeleteCollection',
  input: z.object({ CollectionId: z.string() }),
  run: (api, input) => api.deleteCollection(input),
});
