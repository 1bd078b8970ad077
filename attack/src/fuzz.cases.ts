/**
 * Malformed input for the four endpoints: broken JSON, wrong types field by field, bad images,
 * odd content types and query strings. Rekognition requests are validly signed (built when
 * sent), so they reach validation and the engine instead of stopping at the signature.
 * @module
 */
import type { BadImage } from './images.js';
import { prng } from './images.js';
import type { Send } from './http.js';
import { rekognitionRequest, type Keys } from './sigv4.js';

export type Endpoint = 'rekognition' | '/prod/search' | '/prod/recognize' | '/prod/faces';
export const ENDPOINTS: Endpoint[] = [
  'rekognition',
  '/prod/search',
  '/prod/recognize',
  '/prod/faces',
];

export interface Case {
  endpoint: Endpoint;
  label: string;
  make(): Send;
  heavy?: boolean;
}

/** The collection the suite creates; fuzzed DeleteCollection never names it. */
export const FUZZ_COLLECTION = 'fuzz';

export const MALFORMED_JSON: string[] = [
  '',
  '{',
  '}',
  '[]',
  'null',
  'true',
  '"string"',
  '12345',
  '{"a":',
  '{"CollectionId":"fuzz",}',
  "{'CollectionId':'fuzz'}",
  '{"CollectionId":"fuzz"}garbage',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`,
  '{"__proto__":{"polluted":true},"CollectionId":"fuzz"}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"CollectionId":"fu\u0000zz"}',
  '{"CollectionId":"\ud800"}',
  '{"CollectionId":"fuzz","CollectionId":"other"}',
  `{"CollectionId":"${'x'.repeat(1_000_000)}"}`,
  '{"Image":{"Bytes":"' + '/'.repeat(100) + '"}}',
  '\u00ef\u00bb\u00bf{"CollectionId":"fuzz"}',
];

const WRONG: unknown[] = [
  null,
  0,
  -1,
  1e308,
  2 ** 53 + 1,
  'x',
  '',
  ' ',
  [],
  [1, 2],
  {},
  true,
  'A'.repeat(5000),
  '../../etc/passwd',
  'NaN',
  { $gt: '' },
];

const FIELDS_BY_OP: Record<string, Record<string, unknown>> = {
  CreateCollection: { CollectionId: 'fuzz-new' },
  DescribeCollection: { CollectionId: FUZZ_COLLECTION },
  ListCollections: { MaxResults: 10, NextToken: 'x' },
  DeleteCollection: { CollectionId: 'fuzz-gone' },
  IndexFaces: {
    CollectionId: FUZZ_COLLECTION,
    Image: { Bytes: '' },
    ExternalImageId: 'x',
    MaxFaces: 1,
    QualityFilter: 'AUTO',
    DetectionAttributes: ['ALL'],
  },
  SearchFacesByImage: {
    CollectionId: FUZZ_COLLECTION,
    Image: { Bytes: '' },
    MaxFaces: 1,
    FaceMatchThreshold: 80,
    QualityFilter: 'NONE',
  },
  DetectFaces: { Image: { Bytes: '' }, Attributes: ['DEFAULT'] },
  CompareFaces: { SourceImage: { Bytes: '' }, TargetImage: { Bytes: '' }, SimilarityThreshold: 80 },
  ListFaces: { CollectionId: FUZZ_COLLECTION, MaxResults: 10, UserId: 'u', FaceIds: ['x'] },
  DeleteFaces: { CollectionId: FUZZ_COLLECTION, FaceIds: ['00000000-0000-0000-0000-000000000000'] },
  SearchFaces: {
    CollectionId: FUZZ_COLLECTION,
    FaceId: '00000000-0000-0000-0000-000000000000',
    MaxFaces: 1,
    FaceMatchThreshold: 80,
  },
  CreateUser: { CollectionId: FUZZ_COLLECTION, UserId: 'u', ClientRequestToken: 't' },
  DeleteUser: { CollectionId: FUZZ_COLLECTION, UserId: 'u' },
  ListUsers: { CollectionId: FUZZ_COLLECTION, MaxResults: 5 },
  AssociateFaces: {
    CollectionId: FUZZ_COLLECTION,
    UserId: 'u',
    FaceIds: ['00000000-0000-0000-0000-000000000000'],
    UserMatchThreshold: 80,
  },
  DisassociateFaces: {
    CollectionId: FUZZ_COLLECTION,
    UserId: 'u',
    FaceIds: ['00000000-0000-0000-0000-000000000000'],
  },
  SearchUsers: { CollectionId: FUZZ_COLLECTION, UserId: 'u', MaxUsers: 1 },
  SearchUsersByImage: { CollectionId: FUZZ_COLLECTION, Image: { Bytes: '' }, MaxUsers: 1 },
};
const IMAGE_OPS = [
  'IndexFaces',
  'SearchFacesByImage',
  'DetectFaces',
  'CompareFaces',
  'SearchUsersByImage',
];

function withImage(
  op: string,
  base: Record<string, unknown>,
  b64: string,
): Record<string, unknown> {
  if (op === 'CompareFaces')
    return { ...base, SourceImage: { Bytes: b64 }, TargetImage: { Bytes: b64 } };
  return { ...base, Image: { Bytes: b64 } };
}

/** Every case for the four endpoints, then a seeded sample of at most `perEndpoint` each. */
export function buildFuzzCases(
  base: string,
  keys: Keys,
  apiKey: string,
  images: BadImage[],
  perEndpoint: number,
): Case[] {
  const all: Case[] = [];
  const rek = (label: string, target: string, body: string | Buffer, heavy?: boolean) =>
    all.push({
      endpoint: 'rekognition',
      label,
      heavy,
      make: () => rekognitionRequest(base, target, body, keys),
    });
  const ops = Object.keys(FIELDS_BY_OP);
  // Rekognition: malformed JSON on every operation, wrong types field by field, bad images.
  for (const op of ops) for (const j of MALFORMED_JSON) rek(`${op} malformed JSON`, op, j);
  for (const op of ops)
    for (const field of Object.keys(FIELDS_BY_OP[op]!))
      for (const v of WRONG)
        rek(`${op} ${field} wrong type`, op, JSON.stringify({ ...FIELDS_BY_OP[op], [field]: v }));
  rek('unknown operation', 'DropEverything', '{}');
  rek('empty target', '', '{}');
  for (const op of IMAGE_OPS)
    for (const img of images) {
      rek(
        `${op} ${img.label}`,
        op,
        JSON.stringify(withImage(op, FIELDS_BY_OP[op]!, img.bytes.toString('base64'))),
        img.heavy,
      );
      if (!img.heavy)
        rek(
          `${op} ${img.label} (not base64)`,
          op,
          JSON.stringify(
            withImage(op, FIELDS_BY_OP[op]!, `!!${img.bytes.toString('latin1').slice(0, 200)}`),
          ),
        );
    }

  // Search API.
  const json = (
    endpoint: Endpoint,
    label: string,
    body: string,
    path = endpoint as string,
    heavy?: boolean,
  ) =>
    all.push({
      endpoint,
      label,
      heavy,
      make: () => ({
        path,
        headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
        body,
      }),
    });
  const raw = (
    endpoint: Endpoint,
    label: string,
    body: Buffer,
    contentType: string,
    path = endpoint as string,
    heavy?: boolean,
  ) =>
    all.push({
      endpoint,
      label,
      heavy,
      make: () => ({ path, headers: { 'x-api-key': apiKey, 'content-type': contentType }, body }),
    });
  for (const ep of ['/prod/search', '/prod/recognize', '/prod/faces'] as const) {
    for (const j of MALFORMED_JSON) json(ep, 'malformed JSON', j);
    for (const v of WRONG) {
      json(ep, 'image_base64str wrong type', JSON.stringify({ image_base64str: v }));
      json(
        ep,
        'threshold wrong type',
        JSON.stringify({ image_base64str: images[0]!.bytes.toString('base64'), threshold: v }),
      );
      json(ep, 'maxFaces wrong type', JSON.stringify({ image_base64str: 'AAAA', maxFaces: v }));
      json(ep, 'name wrong type', JSON.stringify({ image_base64str: 'AAAA', name: v }));
      json(
        ep,
        'collection wrong type',
        JSON.stringify({ image_base64str: 'AAAA', collection: v, CollectionId: v }),
      );
    }
    for (const img of images) {
      const b64 = img.bytes.toString('base64');
      json(
        ep,
        `${img.label} (JSON)`,
        JSON.stringify({ image_base64str: b64, name: 'Fuzz_Person' }),
        ep,
        img.heavy,
      );
      if (img.heavy) continue;
      json(
        ep,
        `${img.label} (data URL)`,
        JSON.stringify({
          image_base64str: `data:${img.contentType};base64,${b64}`,
          name: 'Fuzz_Person',
        }),
      );
      raw(ep, `${img.label} (raw body)`, img.bytes, img.contentType);
      raw(ep, `${img.label} (octet-stream)`, img.bytes, 'application/octet-stream');
      const boundary = 'fuzzboundary';
      raw(
        ep,
        `${img.label} (multipart)`,
        Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="x"\r\nContent-Type: ${img.contentType}\r\n\r\n`,
          ),
          img.bytes,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
        `multipart/form-data; boundary=${boundary}`,
      );
      raw(
        ep,
        `${img.label} (multipart, broken boundary)`,
        img.bytes,
        'multipart/form-data; boundary=',
      );
    }
    for (const q of [
      'threshold=%20',
      'threshold=-5',
      'threshold=abc',
      'threshold=1e999',
      'maxFaces=0',
      'maxFaces=-1',
      'maxFaces=100000',
      'maxFaces=abc',
      'name=%00',
      'x=' + 'y'.repeat(8000),
    ])
      raw(ep, `query ${q.slice(0, 24)}`, images[0]!.bytes, 'image/jpeg', `${ep}?${q}`);
    for (const ct of [
      'text/plain',
      'application/xml',
      'application/json; charset=utf-16',
      '',
      'image/jpeg; boundary=x',
      'multipart/mixed',
    ])
      raw(ep, `content-type ${ct || '(empty)'}`, Buffer.from('{"image_base64str":"AAAA"}'), ct);
    all.push({
      endpoint: ep,
      label: 'no API key',
      make: () => ({
        path: ep,
        headers: { 'content-type': 'application/json' },
        body: '{"image_base64str":"AAAA"}',
      }),
    });
    all.push({
      endpoint: ep,
      label: 'wrong API key',
      make: () => ({
        path: ep,
        headers: { 'x-api-key': 'x'.repeat(40), 'content-type': 'application/json' },
        body: '{}',
      }),
    });
    all.push({
      endpoint: ep,
      label: 'GET',
      make: () => ({ method: 'GET', path: ep, headers: { 'x-api-key': apiKey } }),
    });
  }

  const out: Case[] = [];
  const random = prng(1234);
  for (const ep of ENDPOINTS) {
    const mine = all.filter((c) => c.endpoint === ep);
    // Every heavy case once at most twice; the rest sampled (with repeats when short) to the count.
    const heavy = mine.filter((c) => c.heavy).slice(0, 2);
    const light = mine.filter((c) => !c.heavy);
    const picked = [...heavy];
    const shuffled = [...light].sort(() => random() - 0.5);
    for (let i = 0; picked.length < perEndpoint && light.length > 0; i++)
      picked.push(shuffled[i % shuffled.length]!);
    out.push(...picked);
  }
  return out;
}
