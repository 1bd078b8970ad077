/** DetectFaces. @module */
import { z } from 'zod';
import { defineOperation } from '../operation.js';
import { attributes, imageSchema } from '../schemas.js';

export const detectFaces = defineOperation({
  name: 'DetectFaces',
  input: z.object({ Image: imageSchema, Attributes: attributes.optional() }),
  run: (api, input) => api.detectFaces(input),
});
