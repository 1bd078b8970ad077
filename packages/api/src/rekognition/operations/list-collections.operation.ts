/** ListCollections. @module */
import { z } from 'zod';
import { defineOperation } from '../operation.js';
import { int } from '../schemas.js';

export const listCollections = defineOperation({
  name: 'ListCollections',
  input: z.object({ NextToken: z.string().optional(), MaxResults: int.optional() }),
  run: (api, input) => api.listCollections(input),
});
