/**
 * POST /{stage}/search: the hands-on's Lambda, as a route. Whatever the Content-Type, the body
 * is JSON `{"image_base64str", "threshold"}`; the largest face is searched in the collection.
 * Each match also carries `DisplayName` (the person's name in any script).
 * @module
 */
import { withDisplayNames } from './display-names.js';
import type { RouteEnv } from './route.env.js';
import { decodeImageBase64, parseJsonBody, validateSearchBody } from './search.request.js';
import { succeeded, type WireResponse } from './search.responses.js';

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
  // Rekognition's fields as they are; DisplayName is added inside each match, so the
  // payload's keys (the hands-on's contract) do not change.
  return succeeded(env.timestamp(), {
    ...result,
    FaceMatches: withDisplayNames(env, result.FaceMatches),
  });
}
