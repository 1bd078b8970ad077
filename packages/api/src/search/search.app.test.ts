import {
  Errors,
  ThrottlingError,
  validationError,
  type FaceSearchApi,
  type SearchFacesByImageRequest,
} from '@facegate/core';
import { describe, expect, it } from 'vitest';
import { createSearchApp } from './search.app.js';
import type {
  ApiKeyAuthorizer,
  ApiKeyPrincipal,
  SearchAppDeps,
  UsageVerdict,
} from './search.ports.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const B64 = PNG.toString('base64');
const match = {
  Similarity: 99.2,
  Face: {
    FaceId: 'f1',
    BoundingBox: { Width: 0.1, Height: 0.1, Left: 0, Top: 0 },
    ImageId: 'i1',
    ExternalImageId: 'Taro_Yamada',
    Confidence: 99.9,
  },
};

function fakeFaces(
  behaviour: (req: SearchFacesByImageRequest) => Promise<unknown> | unknown = () => undefined,
) {
  const calls: SearchFacesByImageRequest[] = [];
  const faces: FaceSearchApi = {
    async searchFacesByImage(req) {
      calls.push(req);
      await behaviour(req);
      return {
        SearchedFaceBoundingBox: { Width: 0.2, Height: 0.3, Left: 0.4, Top: 0.1 },
        SearchedFaceConfidence: 99.9,
        FaceMatches: [match],
        FaceModelVersion: 'facegate-test',
        ...({ $metadata: { httpStatusCode: 200 } } as object),
      };
    },
  };
  return { faces, calls };
}

function fakeAuthorizer(verdicts: UsageVerdict[] = []): ApiKeyAuthorizer {
  const keys: Record<string, ApiKeyPrincipal> = {
    good: { keyId: 'k1', scopes: ['search'] },
    all: { keyId: 'k2', scopes: ['search', 'recognize', 'enroll'] },
  };
  return { verify: (k) => (k ? keys[k] : undefined), recordUsage: () => verdicts.shift() ?? 'ok' };
}

function app(over: Partial<SearchAppDeps> = {}, faces = fakeFaces().faces) {
  return createSearchApp({
    faces,
    collectionId: 'coll',
    authorizer: fakeAuthorizer(),
    clock: { now: () => new Date(2026, 10, 26, 14, 3, 54).getTime() },
    ...over,
  });
}

const post = (
  a: ReturnType<typeof app>,
  body: RequestInit['body'],
  headers: Record<string, string> = { 'x-api-key': 'good' },
  path = '/prod/search',
) => a.request(path, { method: 'POST', headers, body });

describe('POST /prod/search (contract A)', () => {
  it('answers the hands-on success body for a curl-style form-urlencoded request', async () => {
    const { faces, calls } = fakeFaces();
    const res = await post(
      app({}, faces),
      JSON.stringify({ threshold: 90, image_base64str: B64 }),
      {
        'X-Api-Key': 'good',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const json: unknown = await res.json();
    expect(json).toEqual({
      msg: '[SUCCEEDED]Rekognition done',
      payloads: {
        timestamp: '2026-11-26 14:03:54',
        SearchedFaceBoundingBox: { Width: 0.2, Height: 0.3, Left: 0.4, Top: 0.1 },
        SearchedFaceConfidence: 99.9,
        FaceMatches: [match],
        FaceModelVersion: 'facegate-test',
        // boto3's ResponseMetadata, as the hands-on's documented output shows it.
        ResponseMetadata: {
          RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          HTTPStatusCode: 200,
          HTTPHeaders: {
            'content-type': 'application/x-amz-json-1.1',
            date: expect.stringMatching(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/),
            'x-amzn-requestid': expect.stringMatching(/^[0-9a-f-]{36}$/),
            'content-length': expect.stringMatching(/^\d+$/),
            connection: 'keep-alive',
          },
          RetryAttempts: 0,
        },
      },
    });
    const meta = (
      json as {
        payloads: { ResponseMetadata: { RequestId: string; HTTPHeaders: Record<string, string> } };
      }
    ).payloads.ResponseMetadata;
    expect(meta.HTTPHeaders['x-amzn-requestid']).toBe(meta.RequestId);
    expect(calls[0]).toMatchObject({ CollectionId: 'coll', MaxFaces: 10, FaceMatchThreshold: 90 });
    expect(Buffer.from(calls[0]!.Image.Bytes!)).toEqual(PNG);
  });

  it('drops a data-URL prefix and leaves the threshold to Rekognition when absent', async () => {
    const { faces, calls } = fakeFaces();
    const res = await post(
      app({}, faces),
      JSON.stringify({ image_base64str: `data:image/png;base64,${B64}` }),
      {
        'x-api-key': 'good',
        'content-type': 'application/json',
      },
    );
    expect(res.status).toBe(200);
    expect(calls[0]!.FaceMatchThreshold).toBeUndefined();
    expect(Buffer.from(calls[0]!.Image.Bytes!)).toEqual(PNG);
  });

  it.each([
    ['no body', null, '[FAILED]Data required'],
    ['an empty object', '{}', '[FAILED]Data required'],
    ['bad JSON', '{"threshold": 90,', '[FAILED]json decode error'],
    ['a JSON array', '[1]', '[FAILED]Invalid body type'],
    ['a missing key', '{"threshold": 90}', '[FAILED]key "image_base64str" not found'],
    ['an empty image', '{"image_base64str": ""}', '[FAILED]no value found for "image_base64str"'],
    ['a mistyped image', '{"image_base64str": 5}', '[FAILED]invalid value type: "image_base64str"'],
    [
      'a mistyped threshold',
      `{"image_base64str": "${B64}", "threshold": "90"}`,
      '[FAILED]invalid value type: "threshold"',
    ],
    [
      'a boolean threshold',
      `{"image_base64str": "${B64}", "threshold": true}`,
      '[FAILED]invalid value type: "threshold"',
    ],
    [
      'two problems',
      '{"threshold": "x"}',
      '[FAILED]key "image_base64str" not found, invalid value type: "threshold"',
    ],
  ])('answers 400 for %s', async (_what, body, msg) => {
    const res = await post(app(), body);
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toEqual({ msg });
  });

  it('answers 403 Forbidden without a key, with an unknown key, and for a key without the scope', async () => {
    const a = app();
    for (const headers of [{}, { 'x-api-key': 'nope' }] as Array<Record<string, string>>) {
      const res = await post(a, JSON.stringify({ image_base64str: B64 }), headers);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ message: 'Forbidden' });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
    const res = await post(
      a,
      JSON.stringify({ image_base64str: B64, name: 'x' }),
      { 'x-api-key': 'good' },
      '/prod/faces',
    );
    expect(res.status).toBe(403);
  });

  it('answers 429 as API Gateway does for rate and quota', async () => {
    const a = app({ authorizer: fakeAuthorizer(['rate', 'quota']) });
    const body = JSON.stringify({ image_base64str: B64 });
    const r1 = await post(a, body);
    expect([r1.status, await r1.json()]).toEqual([429, { message: 'Too Many Requests' }]);
    const r2 = await post(a, body);
    expect([r2.status, await r2.json()]).toEqual([429, { message: 'Limit Exceeded' }]);
  });

  it.each([
    [
      Errors.invalidParameter('There are no faces in the image. Should be at least 1.'),
      421,
      '画像内に人物の顔を認識出来ませんでした',
    ],
    [Errors.imageTooLarge('too big'), 422, '画像のサイズが大きすぎます（制限:15MB）'],
    [
      Errors.invalidImageFormat('Request has unsupported image format'),
      423,
      '画像のフォーマットが異なります（制限:PNGあるいはJPEG形式）',
    ],
    [
      Errors.resourceNotFound('The collection id: coll does not exist'),
      500,
      '[FAILED]An error occurred (ResourceNotFoundException) when calling the SearchFacesByImage operation: The collection id: coll does not exist',
    ],
    [
      validationError('FaceMatchThreshold', 150, ['have value less than or equal to 100'], true),
      500,
      "[FAILED]An error occurred (ValidationException) when calling the SearchFacesByImage operation: 1 validation error detected: Value '150.0' at 'faceMatchThreshold' failed to satisfy constraint: Member must have value less than or equal to 100",
    ],
  ])('maps engine error %s', async (err, status, msg) => {
    const res = await post(
      app(
        {},
        fakeFaces(() => {
          throw err;
        }).faces,
      ),
      JSON.stringify({ image_base64str: B64 }),
    );
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ msg });
  });

  it('answers 500 without a stack for an unexpected error, and logs it', async () => {
    const lines: string[] = [];
    const faces = fakeFaces(() => {
      throw new TypeError('secret detail at /srv/x.js:1');
    }).faces;
    const res = await post(
      app({ log: (l) => lines.push(l) }, faces),
      JSON.stringify({ image_base64str: B64 }),
    );
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text).msg).toMatch(/^\[FAILED\]/);
    expect(text).not.toContain('secret');
    expect(lines.join('\n')).toContain('secret detail');
  });

  it('answers 503 with Retry-After when the engine queue is full', async () => {
    const res = await post(
      app(
        {},
        fakeFaces(() => {
          throw Errors.throughputExceeded('queue full');
        }).faces,
      ),
      JSON.stringify({ image_base64str: B64 }),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
  });

  it('refuses an oversized body with 422 before decoding, by Content-Length and by streamed length', async () => {
    const { faces, calls } = fakeFaces();
    const a = app({ maxBodyBytes: 1000 }, faces);
    const big = JSON.stringify({ image_base64str: 'A'.repeat(2000) });
    const r1 = await post(a, big);
    expect([r1.status, await r1.json()]).toEqual([
      422,
      { msg: '画像のサイズが大きすぎます（制限:15MB）' },
    ]);
    const stream = new ReadableStream<Uint8Array>({
      start(ctrl) {
        for (let i = 0; i < 5; i++) ctrl.enqueue(new Uint8Array(400).fill(65));
        ctrl.close();
      },
    });
    const r2 = await a.request('/prod/search', {
      method: 'POST',
      headers: { 'x-api-key': 'good' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(r2.status).toBe(422);
    expect(calls).toHaveLength(0);
  });

  it('answers the CORS preflight without a key', async () => {
    const res = await app().request('/prod/search', {
      method: 'OPTIONS',
      headers: { Origin: 'http://phone', 'Access-Control-Request-Method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/X-Api-Key/i);
  });

  it('answers 403 to a source outside the allowlist, even with a good key', async () => {
    const a = app({ allowSource: (c) => c.req.header('x-test-source') === 'sim' });
    const body = JSON.stringify({ image_base64str: B64 });
    expect((await post(a, body, { 'x-api-key': 'good' })).status).toBe(403);
    expect((await post(a, body, { 'x-api-key': 'good', 'x-test-source': 'sim' })).status).toBe(200);
  });

  it('serves under another stage and leaves other paths alone', async () => {
    const a = app({ stage: 'dev' });
    expect(
      (
        await post(
          a,
          JSON.stringify({ image_base64str: B64 }),
          { 'x-api-key': 'good' },
          '/dev/search',
        )
      ).status,
    ).toBe(200);
    expect((await post(a, JSON.stringify({ image_base64str: B64 }))).status).toBe(404);
  });

  it('answers an unknown resource or method under the stage as API Gateway does', async () => {
    for (const [method, path] of [
      ['GET', '/prod/search'],
      ['POST', '/prod/nothing'],
    ] as const) {
      const res = await app().request(path, { method });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ message: 'Missing Authentication Token' });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  it('serves an OpenAPI document', async () => {
    const res = await app().request('/openapi.json');
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual([
      '/prod/search',
      '/prod/recognize',
      '/prod/faces',
      '/prod/session',
      '/prod/people',
      '/prod/people/{id}',
      '/prod/people/{id}/faces/{faceId}',
      '/prod/log',
    ]);
  });
});

describe('engine work per key', () => {
  it('serves each key through facesFor with its client id and charges work beyond the first unit', async () => {
    const charged: Array<[string, number]> = [];
    const clients: string[] = [];
    const authorizer: ApiKeyAuthorizer = {
      ...fakeAuthorizer(),
      recordWork: (p, units) => void charged.push([p.keyId, units]),
    };
    const a = app({
      authorizer,
      facesFor: (client, onWork) => {
        clients.push(client);
        return {
          async searchFacesByImage(req) {
            onWork(1);
            return fakeFaces().faces.searchFacesByImage(req);
          },
          async detectFaces() {
            onWork(3); // three faces located
            return { FaceDetails: [] };
          },
        };
      },
    });
    expect((await post(a, JSON.stringify({ image_base64str: B64 }))).status).toBe(200);
    expect(clients).toEqual(['key:k1']);
    expect(charged).toEqual([]); // one search = the request itself
    const group = await post(
      a,
      JSON.stringify({ image_base64str: B64 }),
      { 'x-api-key': 'all' },
      '/prod/recognize',
    );
    expect(group.status).toBe(421);
    expect(charged).toEqual([['k2', 2]]);
  });

  it("answers 503 with the engine's Retry-After when it throttles", async () => {
    const a = app(
      {},
      fakeFaces(() => {
        throw new ThrottlingError('Rate exceeded', 7);
      }).faces,
    );
    const res = await post(a, JSON.stringify({ image_base64str: B64 }));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(((await res.json()) as { msg: string }).msg).toMatch(/^\[FAILED\]ThrottlingException/);
  });
});

describe('POST /prod/recognize and /prod/faces', () => {
  const box = (l: number) => ({ Width: 0.2, Height: 0.2, Left: l, Top: 0.1 });
  const detail = (l: number) => ({
    BoundingBox: box(l),
    Confidence: 99,
    Landmarks: [],
    Pose: { Roll: 0, Yaw: 0, Pitch: 0 },
    Quality: { Brightness: 50, Sharpness: 50 },
  });

  it('names every face of a group photo, sent as multipart', async () => {
    const names = ['Alice', 'Bob'];
    const faces: FaceSearchApi = {
      detectFaces: async () => ({ FaceDetails: [detail(0.1), detail(0.6)] }),
      searchFacesByImage: async (req) => {
        const i = req.Image.Bytes![0]!;
        return {
          SearchedFaceBoundingBox: box(0),
          SearchedFaceConfidence: 99,
          FaceModelVersion: 'v',
          FaceMatches: [{ ...match, Face: { ...match.Face, ExternalImageId: names[i]! } }],
        };
      },
    };
    const cropper = {
      crop: async (_img: Uint8Array, boxes: readonly unknown[]) =>
        boxes.map((_, i) => new Uint8Array([i])),
    };
    const form = new FormData();
    form.set('image', new Blob([PNG], { type: 'image/png' }), 'group.png');
    form.set('threshold', '85');
    const res = await post(
      app({ cropper }, faces),
      form,
      { 'x-api-key': 'all' },
      '/prod/recognize',
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { payloads: { Faces: Array<{ Name: string }> } };
    expect(body.payloads.Faces.map((f) => f.Name)).toEqual(['Alice', 'Bob']);
  });

  it('takes a raw image/jpeg body and answers 421 when there is no face', async () => {
    const faces: FaceSearchApi = {
      detectFaces: async () => ({ FaceDetails: [] }),
      searchFacesByImage: async () => {
        throw new Error('unused');
      },
    };
    const res = await post(
      app({}, faces),
      PNG,
      { 'x-api-key': 'all', 'content-type': 'image/jpeg' },
      '/prod/recognize',
    );
    expect(res.status).toBe(421);
  });

  it('refuses a blank threshold on /recognize as a mistyped key instead of reading it as 0', async () => {
    let detected = 0;
    const faces: FaceSearchApi = {
      ...fakeFaces().faces,
      detectFaces: async () => {
        detected++;
        return { FaceDetails: [detail(0.1)] };
      },
    };
    for (const threshold of [' ', '\t', 'abc']) {
      const res = await post(
        app({}, faces),
        JSON.stringify({ image_base64str: B64, threshold }),
        { 'x-api-key': 'all' },
        '/prod/recognize',
      );
      expect([res.status, await res.json()]).toEqual([
        400,
        { msg: '[FAILED]invalid value type: "threshold"' },
      ]);
    }
    const spaced = await post(
      app({}, faces),
      PNG,
      { 'x-api-key': 'all', 'content-type': 'image/png' },
      '/prod/recognize?threshold=%20',
    );
    expect(spaced.status).toBe(400);
    expect(detected).toBe(0);
    const fine = await post(
      app({}, faces),
      JSON.stringify({ image_base64str: B64, threshold: ' 85 ' }),
      { 'x-api-key': 'all' },
      '/prod/recognize',
    );
    expect(fine.status).toBe(200);
  });

  it('enrols a face under a name with the enroll scope', async () => {
    let seen: unknown;
    const faces: FaceSearchApi = {
      ...fakeFaces().faces,
      indexFaces: async (req) => {
        seen = req;
        return {
          FaceRecords: [{ Face: match.Face, FaceDetail: detail(0) }],
          UnindexedFaces: [],
          FaceModelVersion: 'v',
        };
      },
    };
    const res = await post(
      app({}, faces),
      JSON.stringify({ image_base64str: B64, name: 'Taro_Yamada' }),
      { 'x-api-key': 'all' },
      '/prod/faces',
    );
    expect(res.status).toBe(200);
    expect(seen).toMatchObject({
      CollectionId: 'coll',
      ExternalImageId: 'Taro_Yamada',
      MaxFaces: 1,
      QualityFilter: 'AUTO',
    });
    const bad = await post(
      app({}, faces),
      JSON.stringify({ image_base64str: B64, name: 'no spaces allowed' }),
      { 'x-api-key': 'all' },
      '/prod/faces',
    );
    expect(bad.status).toBe(400);
  });
});
