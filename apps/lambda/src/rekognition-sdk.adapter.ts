/**
 * The Search API's FaceSearchApi over Amazon Rekognition through the AWS SDK v3. The SDK's
 * exceptions carry Rekognition's names (InvalidParameterException, ...), which the Search API
 * maps as the hands-on's Lambda maps boto3's error codes, so nothing is translated here.
 * @module
 */
import {
  DetectFacesCommand,
  IndexFacesCommand,
  RekognitionClient,
  SearchFacesByImageCommand,
  type RekognitionClientConfig,
} from '@aws-sdk/client-rekognition';
import type {
  DetectFacesRequest,
  DetectFacesResponse,
  FaceSearchApi,
  IndexFacesRequest,
  IndexFacesResponse,
  SearchFacesByImageRequest,
  SearchFacesByImageResponse,
} from '@facegate/core';

/**
 * @example
 * const faces = rekognitionFaceSearch({ region: 'ap-northeast-1' });
 * await faces.searchFacesByImage({ CollectionId: 'c', Image: { Bytes: jpeg } });
 */
export function rekognitionFaceSearch(
  config: RekognitionClientConfig = {},
): FaceSearchApi & { client: RekognitionClient } {
  const client = new RekognitionClient(config);
  return {
    client,
    // The SDK's shapes are ours with every field optional; the service fills them in.
    searchFacesByImage: async (req: SearchFacesByImageRequest) =>
      (await client.send(
        new SearchFacesByImageCommand(req),
      )) as unknown as SearchFacesByImageResponse,
    indexFaces: async (req: IndexFacesRequest) =>
      (await client.send(
        new IndexFacesCommand(req as ConstructorParameters<typeof IndexFacesCommand>[0]),
      )) as unknown as IndexFacesResponse,
    detectFaces: async (req: DetectFacesRequest) =>
      (await client.send(
        new DetectFacesCommand(req as ConstructorParameters<typeof DetectFacesCommand>[0]),
      )) as unknown as DetectFacesResponse,
  };
}
