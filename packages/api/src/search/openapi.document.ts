/**
 * The OpenAPI 3.0 description of the Search API, served at GET /openapi.json.
 * @module
 */

const msg = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Message' } } },
});
const gateway = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/GatewayMessage' } } },
});

const commonErrors = {
  '400': msg(
    'No body, not JSON, or a missing or mistyped key: `[FAILED]Data required`, `[FAILED]json decode error`, `[FAILED]key "image_base64str" not found`, `[FAILED]invalid value type: "threshold"`',
  ),
  '403': gateway(
    'Missing or unknown API key, a key without the scope, or a source outside the allowlist: `{"message":"Forbidden"}`',
  ),
  '421': msg('No face in the image: 画像内に人物の顔を認識出来ませんでした'),
  '422': msg('Image too large: 画像のサイズが大きすぎます（制限:15MB）'),
  '423': msg('Not JPEG or PNG: 画像のフォーマットが異なります（制限:PNGあるいはJPEG形式）'),
  '429': gateway('Usage plan rate (`Too Many Requests`) or quota (`Limit Exceeded`) exceeded'),
  '500': msg(
    'Anything else: `[FAILED]...`; a Rekognition error other than "no face" as the hands-on\'s Lambda prints it, e.g. `[FAILED]An error occurred (ValidationException) when calling the SearchFacesByImage operation: 1 validation error detected: ...` for a threshold above 100',
  ),
  '503': msg('The face engine is busy; retry after the Retry-After header'),
};

const imageBodies = (extra: Record<string, unknown>, required: string[]) => ({
  required: true,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['image_base64str', ...required],
        properties: {
          image_base64str: {
            type: 'string',
            description: 'base64 JPEG/PNG, or a data URL (text up to the first comma is dropped)',
          },
          ...extra,
        },
      },
    },
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['image', ...required],
        properties: { image: { type: 'string', format: 'binary' }, ...extra },
      },
    },
    'image/jpeg': { schema: { type: 'string', format: 'binary' } },
    'image/png': { schema: { type: 'string', format: 'binary' } },
  },
});

const ok = (description: string, payload: string) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          msg: { type: 'string', example: '[SUCCEEDED]Rekognition done' },
          payloads: { $ref: `#/components/schemas/${payload}` },
        },
      },
    },
  },
});

/**
 * What a similarity threshold means to someone choosing one (measured by `npm run bench --
 * --sections=openset` on LFW people the calibration never saw; docs/benchmarks.md).
 */
export const SIMILARITY_MEANING =
  'FaceMatchThreshold, 0–100 (default 80). A match is returned only when its calibrated similarity ' +
  'reaches it. With about 380 people enrolled with one photo each, at 80 about 3 % of strangers ' +
  '(people never enrolled) are named as someone while about 83 % of enrolled people are named ' +
  'correctly; at 70, ~90 % named and ~13 % of strangers; at 90, under 1 % of strangers and ~68 % ' +
  'named. The share of strangers named grows about in proportion to the number of people enrolled. ' +
  "facegate's phone app shows matches under 90 as uncertain. Outside 0–100 Rekognition answers " +
  'ValidationException (500).';

/** The document for a given stage (the path prefix). */
export function openApiDocument(stage: string): object {
  const threshold = {
    type: 'number',
    minimum: 0,
    maximum: 100,
    description: SIMILARITY_MEANING,
  };
  return {
    openapi: '3.0.3',
    info: {
      title: 'facegate Search API',
      version: '1.0.0',
      description:
        'The face search Web API of the SORACOM × AWS Rekognition hands-on, served by facegate and by its Lambda.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        // Where the deployment accepts SIMs (docs/soracom.md): a SORACOM Endorse token, or a
        // request Beam signed (its X-Soracom-* headers, added by Beam, not by the client).
        soracomEndorse: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'SORACOM Endorse token (also accepted as X-Soracom-Endorse-Token)',
        },
        soracomBeam: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Soracom-Signature',
          description: 'Added by SORACOM Beam with X-Soracom-IMSI and X-Soracom-Timestamp',
        },
      },
      schemas: {
        Message: { type: 'object', properties: { msg: { type: 'string' } } },
        GatewayMessage: { type: 'object', properties: { message: { type: 'string' } } },
        BoundingBox: {
          type: 'object',
          properties: {
            Width: { type: 'number' },
            Height: { type: 'number' },
            Left: { type: 'number' },
            Top: { type: 'number' },
          },
        },
        FaceMatch: {
          type: 'object',
          properties: {
            Similarity: {
              type: 'number',
              description: 'Calibrated 0–100 score; see the threshold parameter for what it means.',
            },
            Face: {
              type: 'object',
              properties: {
                FaceId: { type: 'string' },
                BoundingBox: { $ref: '#/components/schemas/BoundingBox' },
                ImageId: { type: 'string' },
                ExternalImageId: { type: 'string' },
                Confidence: { type: 'number' },
              },
            },
          },
        },
        SearchPayload: {
          type: 'object',
          properties: {
            timestamp: { type: 'string', example: '2026-11-26 14:03:54' },
            SearchedFaceBoundingBox: { $ref: '#/components/schemas/BoundingBox' },
            SearchedFaceConfidence: { type: 'number' },
            FaceMatches: { type: 'array', items: { $ref: '#/components/schemas/FaceMatch' } },
            FaceModelVersion: { type: 'string' },
          },
        },
        RecognizePayload: {
          type: 'object',
          properties: {
            timestamp: { type: 'string' },
            Faces: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  BoundingBox: { $ref: '#/components/schemas/BoundingBox' },
                  Confidence: { type: 'number' },
                  Name: { type: 'string', nullable: true },
                  FaceMatches: { type: 'array', items: { $ref: '#/components/schemas/FaceMatch' } },
                },
              },
            },
            FaceModelVersion: { type: 'string' },
          },
        },
        IndexPayload: {
          type: 'object',
          description:
            'timestamp plus the IndexFaces response (FaceRecords, UnindexedFaces, FaceModelVersion)',
          properties: {
            timestamp: { type: 'string' },
            FaceRecords: { type: 'array', items: { type: 'object' } },
          },
        },
      },
    },
    security: [{ apiKey: [] }, { soracomEndorse: [] }, { soracomBeam: [] }],
    paths: {
      [`/${stage}/search`]: {
        post: {
          summary:
            'Who is this? Searches the largest face of the photo in the collection (hands-on contract).',
          description: 'The body is read as JSON whatever the Content-Type says. Scope `search`.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['image_base64str'],
                  properties: { image_base64str: { type: 'string' }, threshold },
                },
              },
            },
          },
          responses: { '200': ok('Matches, best first', 'SearchPayload'), ...commonErrors },
        },
        options: {
          summary: 'CORS preflight (no key needed)',
          security: [],
          responses: { '204': { description: 'CORS headers' } },
        },
      },
      [`/${stage}/recognize`]: {
        post: {
          summary: 'Names every face in a photo (a group photo). Scope `recognize`.',
          requestBody: imageBodies(
            { threshold, maxFaces: { type: 'integer', minimum: 1, maximum: 100 } },
            [],
          ),
          responses: {
            '200': ok('Each face with its box and best matches', 'RecognizePayload'),
            ...commonErrors,
          },
        },
      },
      [`/${stage}/faces`]: {
        post: {
          summary:
            "Enrols the photo's largest face under a name (ExternalImageId). Scope `enroll`.",
          requestBody: imageBodies({ name: { type: 'string', pattern: '^[a-zA-Z0-9_.\\-:]+$' } }, [
            'name',
          ]),
          responses: { '200': ok('The IndexFaces result', 'IndexPayload'), ...commonErrors },
        },
      },
    },
  };
}
