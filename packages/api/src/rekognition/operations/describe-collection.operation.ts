/** DescribeCollection. @module */
import { z } from 'zod';
import { arnInRegion, defineOperation } from '../operation.js';

export const describeCollection = defineOperation({
  name: 'DescribeCollection',
  input: z.object({ CollectionId: z.string() }),
  run: async (api, input, caller) => {
    const out = await api.describeCollection(input);
    return out.CollectionARN
      ? { ...out, CollectionARN: arnInRegion(out.CollectionARN, caller.region) }
      : out;
  },
});
