/** IndexFaces. @module */
/** Header carrying IndexFaces' idempotency token (see IndexFacesRequest.ClientToken). */
export const CLIENT_TOKEN_HEADER = 'x-facegate-client-token';
import { z } from 'zod';
import { defineOperation } from '../operation.js';
import { attributes, imageSchema, int, qualityFilter } from '../schemas.js';

export const indexFaces = defineOperation({
  name: 'IndexFaces',
  input: z.object({
    CollectionId: z.string(),
    Image: imageSchema,
    ExternalImageId: z.string().optional(),
    DetectionAttributes: attributes.optional(),
    MaxFaces: int.optional(),
    QualityFilter: qualityFilter.optional(),
  }),
  // The facegate idempotency token travels in a header: the AWS SDKs send only modelled fields.
  run: (api, input, { headers }) => {
    const token = headers.get(CLIENT_TOKEN_HEADER);
    return api.indexFaces(token === null ? input : { ...input, ClientToken: token });
  },
});
