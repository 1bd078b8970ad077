/** CreateCollection. @module */
import { z } from 'zod';
import { arnInRegion, defineOperation } from '../operation.js';

export const createCollection = defineOperation({
  name: 'CreateCollection',
  input: z.object({ CollectionId: z.string(), Tags: z.record(z.string(), z.string()).optional() }),
  run: async (api, input, caller) => {
    const out = await api.createCollection(input);
    return { ...out, CollectionArn: arnInRegion(out.CollectionArn, caller.region) };
  },
});
