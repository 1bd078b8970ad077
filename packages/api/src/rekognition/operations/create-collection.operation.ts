/** CreateCollection. @module */
import { z } from 'zod';
import { defineOperation } from '../operation.js';

export const createCollection = defineOperation({
  name: 'CreateCollection',
  input: z.object({ CollectionId: z.string(), Tags: z.record(z.string(), z.string()).optional() }),
  run: (api, input) => api.createCollection(input),
});
