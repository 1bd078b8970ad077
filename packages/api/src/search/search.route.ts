/**
 * POST /{stage}/search: the hands-on's Lambda, as a route. Whatever the Content-Type, the body
 * is JSON `{"image_base64str", "threshold"}`; the largest face is searched in the collection.
 * Each match also carries `DisplayName` (the person's name in any script).
 * @module
 */
import { withDisplayNames } from './display-names.js';
import type { RouteEnv } from './route.env.js';
import { decodeImageBase64, parseJsonBody, validateSearchBody } from './search.request.js';
import {
  responseMetadata,
  succeeded,
  withoutSdkMetadata as withoutMetadata,
  type WireResponse,
} from './search.responses.js';

export async function searchRoute(env: RouteEnv, body: Uint8Array | object): Promise<WireResponse> {
  const parsed = parseJsonBody(
    body instanceof Uint8Array ? (body.length ? new TextDecoder().decode(body) : undefined) : body,
  );
  const { image, threshold } = validateSearchBody(parsed);
  const result = await env.faces.searchFacesByImage({
    CollectionId: env.collectionId,
    Image: { Bytes: decodeImageBase64(image) },
    MaxFaces: env.maxFaces,
    ...(threshold !== undefined ? { FaceMatchThreshold: threshold } : {}),
  });
  // As boto3 returns it, so the payload is the hands-on's documented output key for key;
  // DisplayName is added inside each match, so the payload's keys do not change.
  return succeeded(env.timestamp(), {
    ...withoutMetadata(result),
    FaceMatches: withDisplayNames(env, result.FaceMatches),
    ResponseMetadata: responseMetadata(result, env.now()),
  });
}
