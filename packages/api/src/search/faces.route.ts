/**
 * POST /{stage}/faces (scope `enroll`): indexes a photo's largest face under a person's name,
 * as the hands-on's `aws rekognition index-faces --external-image-id NAME --max-faces 1
 * --quality-filter AUTO` does, for the web app's enrolment page.
 * @module
 */
import { readImageRequest } from './image.input.js';
import type { RouteEnv } from './route.env.js';
import { failed, Messages, succeeded, WireError, type WireResponse } from './search.responses.js';

const NAME = /^[a-zA-Z0-9_.\-:]{1,255}$/;

export async function facesRoute(
  env: RouteEnv,
  bytes: Uint8Array,
  contentType: string,
  query: Record<string, string>,
): Promise<WireResponse> {
  const { image, fields } = await readImageRequest(bytes, contentType, query);
  const name = fields.name ?? fields.ExternalImageId;
  if (name === undefined) throw new WireError(failed(400, '[FAILED]key "name" not found'));
  if (typeof name !== 'string' || !NAME.test(name))
    throw new WireError(failed(400, '[FAILED]invalid value type: "name"'));
  if (!env.faces.indexFaces)
    throw new WireError(failed(501, '[FAILED]enrolment is not available here'));
  const result = await env.faces.indexFaces({
    CollectionId: env.collectionId,
    Image: { Bytes: image },
    ExternalImageId: name,
    MaxFaces: 1,
    QualityFilter: 'AUTO',
    DetectionAttributes: ['DEFAULT'],
  });
  if (result.FaceRecords.length === 0) throw new WireError(failed(421, Messages.noFace));
  return succeeded(env.timestamp(), result);
}
