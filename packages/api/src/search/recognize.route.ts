/**
 * POST /{stage}/recognize: names every face in a photo (a group photo). DetectFaces finds the
 * faces; each is cut out with a margin and searched on its own, because SearchFacesByImage
 * only ever searches the largest face of an image.
 * @module
 */
import type { BoundingBox } from '@facegate/core';
import { numberField, readImageRequest } from './image.input.js';
import { withDisplayNames, type NamedMatch } from './display-names.js';
import type { RouteEnv } from './route.env.js';
import { failed, Messages, succeeded, WireError, type WireResponse } from './search.responses.js';

export interface RecognizedFace {
  BoundingBox: BoundingBox;
  Confidence: number;
  /** ExternalImageId of the best match, or null when nobody reached the threshold. */
  Name: string | null;
  /** The best match's display name (its ExternalImageId when no name is stored), or null. */
  DisplayName?: string | null;
  FaceMatches: NamedMatch[];
}

export async function recognizeRoute(
  env: RouteEnv,
  bytes: Uint8Array,
  contentType: string,
  query: Record<string, string>,
): Promise<WireResponse> {
  const { image, fields } = await readImageRequest(bytes, contentType, query);
  const threshold = numberField(fields, 'threshold', 0, 100);
  const maxFaces = numberField(fields, 'maxFaces', 1, 100) ?? 10;
  if (!env.faces.detectFaces)
    throw new WireError(failed(501, '[FAILED]recognize is not available here'));
  const detected = await env.faces.detectFaces({ Image: { Bytes: image } });
  const details = [...detected.FaceDetails]
    .sort(
      (a, b) =>
        b.BoundingBox.Width * b.BoundingBox.Height - a.BoundingBox.Width * a.BoundingBox.Height,
    )
    .slice(0, maxFaces);
  if (details.length === 0) throw new WireError(failed(421, Messages.noFace));

  const search = async (bytesToSearch: Uint8Array) => {
    try {
      return await env.faces.searchFacesByImage({
        CollectionId: env.collectionId,
        Image: { Bytes: bytesToSearch },
        MaxFaces: env.maxFaces,
        ...(threshold !== undefined ? { FaceMatchThreshold: threshold } : {}),
      });
    } catch (err) {
      // A crop in which the detector no longer finds the face is "nobody", not a failure.
      if (err instanceof Error && err.name === 'InvalidParameterException') return undefined;
      throw err;
    }
  };

  let crops: Uint8Array[];
  if (details.length === 1) crops = [image];
  else if (env.cropper)
    crops = await env.cropper.crop(
      image,
      details.map((d) => d.BoundingBox),
    );
  else throw new WireError(failed(501, '[FAILED]recognizing several faces is not available here'));

  const faces: RecognizedFace[] = [];
  let modelVersion: string | undefined;
  // One face at a time: the engine's queue is shared with every other client.
  for (let i = 0; i < details.length; i++) {
    const detail = details[i]!;
    const result = await search(crops[i]!);
    modelVersion ??= result?.FaceModelVersion;
    const matches = withDisplayNames(env, result?.FaceMatches ?? []);
    faces.push({
      BoundingBox: detail.BoundingBox,
      Confidence: detail.Confidence,
      Name: matches[0]?.Face.ExternalImageId ?? null,
      ...(env.people ? { DisplayName: matches[0]?.DisplayName ?? null } : {}),
      FaceMatches: matches,
    });
  }
  return succeeded(env.timestamp(), {
    Faces: faces,
    ...(modelVersion ? { FaceModelVersion: modelVersion } : {}),
  });
}
