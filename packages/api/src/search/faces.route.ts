/**
 * POST /{stage}/faces (scope `enroll`): indexes a photo's largest face under a person's name,
 * as the hands-on's `aws rekognition index-faces --external-image-id NAME --max-faces 1
 * --quality-filter AUTO` does, for the web app's enrolment page and console.
 *
 * With a people directory (facegate serve) the name may be in any script: it is stored and the
 * face is indexed under the Rekognition-valid id derived from it (docs/design/people.md), and a
 * small thumbnail is kept for the console. Without one (the Lambda) the name must be a valid
 * ExternalImageId, as before.
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
  // The console adds a photo to an existing person by id: whatever their name maps to today
  // (an imported `O'Brien` folder is `O_Brien`), the face joins that person.
  const personId = fields.personId;
  if (personId !== undefined && env.people) {
    if (typeof personId !== 'string' || !env.people.get(env.collectionId, personId))
      throw new WireError(failed(404, '[FAILED]person not found'));
    return indexUnder(env, image, personId);
  }
  const name = fields.name ?? fields.ExternalImageId;
  if (name === undefined) throw new WireError(failed(400, '[FAILED]key "name" not found'));
  if (typeof name !== 'string' || (!env.people && !NAME.test(name)))
    throw new WireError(failed(400, '[FAILED]invalid value type: "name"'));
  let id = name;
  if (env.people) {
    try {
      id = env.people.remember(env.collectionId, name);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new WireError(failed(400, `[FAILED]invalid value type: "name" (${why})`));
    }
  }
  return indexUnder(env, image, id);
}

async function indexUnder(env: RouteEnv, image: Uint8Array, id: string): Promise<WireResponse> {
  if (!env.faces.indexFaces)
    throw new WireError(failed(501, '[FAILED]enrolment is not available here'));
  const result = await env.faces.indexFaces({
    CollectionId: env.collectionId,
    Image: { Bytes: image },
    ExternalImageId: id,
    MaxFaces: 1,
    QualityFilter: 'AUTO',
    DetectionAttributes: ['DEFAULT'],
  });
  const record = result.FaceRecords[0];
  if (!record) throw new WireError(failed(421, Messages.noFace));
  if (env.people && env.cropper?.thumbnail && record.Face.FaceId && record.Face.BoundingBox) {
    // The thumbnail is for the console only; enrolment stands without it.
    try {
      const jpeg = await env.cropper.thumbnail(image, record.Face.BoundingBox);
      env.people.setThumbnail(env.collectionId, record.Face.FaceId, jpeg);
    } catch {
      /* no thumbnail: the console shows a placeholder */
    }
  }
  if (!env.people) return succeeded(env.timestamp(), result);
  const displayName = env.people.displayNames(env.collectionId, [id]).get(id) ?? id;
  return succeeded(env.timestamp(), { ...result, PersonId: id, DisplayName: displayName });
}
