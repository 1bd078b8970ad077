/**
 * DetectFaces and CompareFaces: no collection involved.
 * @module
 */
import type {
  ComparedFace,
  CompareFacesRequest,
  CompareFacesResponse,
  DetectFacesRequest,
  DetectFacesResponse,
} from '../rekognition.js';
import type { ServiceContext } from './deps.js';
import { roundScore, selectAttributes, toComparedFace } from './face-shapes.js';
import { checkDimensions, loadImage } from './image-input.js';
import { checkThreshold, Limits } from './limits.js';
import { checkQualityFilter, qualityReasons } from './quality-filter.js';
import { largestFace } from './search.operations.js';

export async function detectFaces(
  ctx: ServiceContext,
  req: DetectFacesRequest,
): Promise<DetectFacesResponse> {
  const attributes = selectAttributes(req.Attributes, 'Attributes');
  const bytes = await loadImage(req.Image, ctx.images);
  const result = await ctx.engine.detect(bytes, {
    attributes: attributes.engine,
    embed: false,
    maxFaces: Limits.maxDetectedFaces,
  });
  checkDimensions(result);
  return {
    FaceDetails: result.faces
      .slice(0, Limits.maxDetectedFaces)
      .map((f) => attributes.select(f.detail)),
  };
}

export async function compareFaces(
  ctx: ServiceContext,
  req: CompareFacesRequest,
): Promise<CompareFacesResponse> {
  const threshold = checkThreshold('SimilarityThreshold', req.SimilarityThreshold);
  const filter = checkQualityFilter(req.QualityFilter, 'NONE');
  const [sourceBytes, targetBytes] = await Promise.all([
    loadImage(req.SourceImage, ctx.images, 'SourceImage'),
    loadImage(req.TargetImage, ctx.images, 'TargetImage'),
  ]);
  const [source, target] = await Promise.all([
    largestFace(ctx, sourceBytes, filter),
    ctx.engine.detect(targetBytes, { embed: true, maxFaces: Limits.maxDetectedFaces }),
  ]);
  checkDimensions(target);

  const matches: Array<{ Similarity: number; Face: ComparedFace }> = [];
  const unmatched: ComparedFace[] = [];
  for (const face of target.faces.slice(0, Limits.maxDetectedFaces)) {
    if (qualityReasons(face.detail, target, filter).length > 0) continue;
    const similarity = ctx.engine.similarity(source.embedding, face.embedding);
    if (similarity >= threshold)
      matches.push({ Similarity: roundScore(similarity), Face: toComparedFace(face.detail) });
    else unmatched.push(toComparedFace(face.detail));
  }
  matches.sort((a, b) => b.Similarity - a.Similarity);
  return {
    SourceImageFace: {
      BoundingBox: source.detail.BoundingBox,
      Confidence: source.detail.Confidence,
    },
    FaceMatches: matches,
    UnmatchedFaces: unmatched,
  };
}
