/** DescribeCollection. @module */
import { z } from 'zod';
import { defineOperation } from '../operation.js';

export const describeCollection = defineOperation({
  name: 'DescribeCollection',
  input: z.object({ CollectionId: z.string() }),
  run: (api, input) => api.describeCollection(input),
});
