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
  'reaches it. Measured on LFW people the calibration never saw, 379 enrolled with one photo each: ' +
  'at 80, 4.9 % of strangers (people never enrolled) are named as someone while 91 % of enrolled ' +
  'people are named correctly (0.5 % wrongly); at 70, 94 % named and 13.5 % of strangers; at 90, ' +
  '79 % named and 1.0 % of strangers. The share of strangers named grows with the number of people ' +
  'enrolled (747 enrolled: 8.8 % at 80). ' +
  "facegate's phone app shows matches under 90 as uncertain. Outside 0–100 Rekognition answers " +
  'ValidationException (500).';
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (description: string, schema: object) => ({
  description,
  content: { 'application/json': { schema } },
});
const query = (name: string, description: string, schema: object) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const pathParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

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
            DisplayName: {
              type: 'string',
              description:
                "facegate serve only (added beside Rekognition's fields): the person's display name in any script, e.g. 山田 花子; the ExternalImageId when no name is stored",
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
                  DisplayName: {
                    type: 'string',
                    nullable: true,
                    description: "facegate serve only: the best match's display name",
                  },
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
            PersonId: {
              type: 'string',
              description: 'facegate serve only: the ExternalImageId the name maps to',
            },
            DisplayName: { type: 'string', description: 'facegate serve only: the name as stored' },
          },
        },
        Person: {
          type: 'object',
          properties: {
            PersonId: { type: 'string', description: 'the ExternalImageId of the faces' },
            DisplayName: { type: 'string' },
            Named: { type: 'boolean', description: 'false: no name stored, DisplayName is the id' },
            FaceCount: { type: 'integer' },
            CreatedAt: { type: 'string', format: 'date-time' },
            Thumbnail: {
              type: 'string',
              nullable: true,
              description: "the first face's 96×96 JPEG as a data URL",
            },
          },
        },
        PersonDetail: {
          type: 'object',
          properties: {
            PersonId: { type: 'string' },
            DisplayName: { type: 'string' },
            Named: { type: 'boolean' },
            CreatedAt: { type: 'string', format: 'date-time' },
            Faces: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  FaceId: { type: 'string' },
                  ImageId: { type: 'string' },
                  CreatedAt: { type: 'string', format: 'date-time' },
                  UserId: { type: 'string' },
                  Thumbnail: {
                    type: 'string',
                    nullable: true,
                    description: 'a 96×96 JPEG as a data URL',
                  },
                },
              },
            },
          },
        },
        LogEntry: {
          type: 'object',
          properties: {
            Id: { type: 'integer' },
            Time: { type: 'string', format: 'date-time' },
            Route: { type: 'string', enum: ['search', 'recognize'] },
            KeyName: { type: 'string', nullable: true },
            Source: { type: 'string', nullable: true },
            Imsi: { type: 'string', nullable: true },
            Status: { type: 'integer' },
            PersonId: { type: 'string', nullable: true },
            DisplayName: {
              type: 'string',
              nullable: true,
              description: 'null: nobody matched, or the person was deleted since',
            },
            Similarity: { type: 'number', nullable: true },
            LatencyMs: { type: 'number' },
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
          summary: "Enrols the photo's largest face under a person's name. Scope `enroll`.",
          description:
            'facegate serve: any display name (1-100 characters, any script); it is stored and mapped to a valid ExternalImageId (`Taro Yamada` → `Taro_Yamada`, `山田 花子` → `p-` + 20 hex digits). The Lambda: the name must match `^[a-zA-Z0-9_.\\-:]+$`.',
          requestBody: imageBodies(
            {
              name: { type: 'string', maxLength: 255 },
              personId: {
                type: 'string',
                description:
                  'facegate serve: add the face to this existing person (PersonId) instead of naming one; 404 when there is none',
              },
            },
            [],
          ),
          responses: { '200': ok('The IndexFaces result', 'IndexPayload'), ...commonErrors },
        },
      },
      [`/${stage}/session`]: {
        get: {
          summary: "The key's name and scopes (any valid key): the console checks `enroll` here.",
          responses: {
            '200': json('The key', {
              type: 'object',
              properties: {
                KeyName: { type: 'string', nullable: true },
                Scopes: { type: 'array', items: { type: 'string' } },
              },
            }),
            '403': commonErrors['403'],
          },
        },
      },
      [`/${stage}/people`]: {
        get: {
          summary: 'People (display names and AWS CLI ids), by name. Scope `enroll`.',
          parameters: [
            query('q', 'part of the name or id (case-insensitive)', {
              type: 'string',
              maxLength: 100,
            }),
            query('limit', 'at most this many (default 1000)', {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
            }),
          ],
          responses: {
            '200': json('People', {
              type: 'object',
              properties: { People: { type: 'array', items: ref('Person') } },
            }),
            '403': commonErrors['403'],
          },
        },
      },
      [`/${stage}/people/{id}`]: {
        parameters: [pathParam('id', 'PersonId')],
        get: {
          summary: "A person's faces with their thumbnails. Scope `enroll`.",
          responses: {
            '200': json('The person', ref('PersonDetail')),
            '403': commonErrors['403'],
            '404': msg('No such person'),
          },
        },
        delete: {
          summary:
            'Deletes the person for good: faces (DeleteFaces), thumbnails, name, and the name in the log. Scope `enroll`.',
          responses: {
            '200': json('Deleted', {
              type: 'object',
              properties: {
                PersonId: { type: 'string' },
                DeletedFaces: { type: 'array', items: { type: 'string' } },
              },
            }),
            '403': commonErrors['403'],
            '404': msg('No such person'),
            '409': msg(
              'Some faces are associated with a Rekognition user and were kept (KeptFaces)',
            ),
          },
        },
      },
      [`/${stage}/people/{id}/faces/{faceId}`]: {
        parameters: [pathParam('id', 'PersonId'), pathParam('faceId', 'FaceId')],
        delete: {
          summary: 'Removes one face of the person, with its thumbnail. Scope `enroll`.',
          responses: {
            '200': json('Deleted', {
              type: 'object',
              properties: { DeletedFaces: { type: 'array', items: { type: 'string' } } },
            }),
            '403': commonErrors['403'],
            '404': msg('No such face of this person'),
          },
        },
      },
      [`/${stage}/log`]: {
        get: {
          summary:
            'The recognition log, newest first (never photos). Kept for the retention (default 30 days). Scope `enroll`.',
          parameters: [
            query('limit', 'entries (default 100)', { type: 'integer', minimum: 1, maximum: 1000 }),
            query('before', 'the Id of the last entry seen (next page)', { type: 'integer' }),
          ],
          responses: {
            '200': json('Entries', {
              type: 'object',
              properties: { Entries: { type: 'array', items: ref('LogEntry') } },
            }),
            '403': commonErrors['403'],
          },
        },
      },
    },
  };
}
