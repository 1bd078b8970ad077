/**
 * Step 3 of the hands-on against the real `facegate serve`: the curl script, the web app's
 * JSON, every error row of contract A, usage plans (rate, quota, restart, next period), the
 * source allowlist, /recognize on a group photo, /faces with and without the enroll scope,
 * and the Lambda bundle fed API Gateway events while its SDK talks to the same server.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  DetectFacesCommand,
  IndexFacesCommand,
  RekognitionClient,
  type BoundingBox,
} from '@aws-sdk/client-rekognition';
import { loadConfig, startServer, type RunningServer } from '@facegate/server';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import {
  cropFace,
  demoPhoto,
  engineAvailable,
  repoRoot,
  tempDataDir,
} from './rekognition-support.js';
import {
  createKey,
  curlPost,
  facegate,
  facelessPng,
  send,
  TIMESTAMP,
  type Json,
} from './search-support.js';
import { findCommand, requireOrSkip } from '../test-support/require-or-skip.js';

const available = await engineAvailable();
const hasCurl = !requireOrSkip("the hands-on's curl script test", findCommand('curl').missing);
const MIN_FACE_PX = 90;

interface Face {
  box: BoundingBox;
  crop: Buffer;
}

const iou = (a: BoundingBox, b: BoundingBox) => {
  const x = Math.max(
    0,
    Math.min(a.Left! + a.Width!, b.Left! + b.Width!) - Math.max(a.Left!, b.Left!),
  );
  const y = Math.max(
    0,
    Math.min(a.Top! + a.Height!, b.Top! + b.Height!) - Math.max(a.Top!, b.Top!),
  );
  return (x * y) / (a.Width! * a.Height! + b.Width! * b.Height! - x * y);
};

describe.skipIf(!available)('the Search API on facegate serve (contract A)', () => {
  let dataDir: string;
  let server: RunningServer;
  let client: RekognitionClient;
  let url: string;
  let searchKey: string;
  let operatorKey: string;
  let quotaKey: string;
  const photos = new Map<number, Face[]>();
  let taroPng: Buffer;
  let groupPhoto: number;
  let hanako: Buffer;
  let faceless: Buffer;

  const start = async (allowSources: string[] = []) => {
    server = await startServer(
      loadConfig({ port: 0, host: '127.0.0.1', data: dataDir, allowSources }, {}),
      { log: () => {} },
    );
    url = `${server.url}/prod`;
    const keys = server.ctx.config.accessKeys.at(-1)!;
    client?.destroy();
    client = new RekognitionClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: keys,
      maxAttempts: 1,
    });
  };

  const bigFaces = async (n: number): Promise<Face[]> => {
    const photo = new Uint8Array(readFileSync(demoPhoto(n)));
    const { width, height } = await sharp(photo).metadata();
    const out = await client.send(new DetectFacesCommand({ Image: { Bytes: photo } }));
    const big = (out.FaceDetails ?? []).filter(
      (d) =>
        Math.min(d.BoundingBox!.Width! * width!, d.BoundingBox!.Height! * height!) >= MIN_FACE_PX,
    );
    return Promise.all(
      big.map(async (d) => ({ box: d.BoundingBox!, crop: await cropFace(photo, d.BoundingBox!) })),
    );
  };

  const search = (body: unknown, key = searchKey, headers: Record<string, string> = {}) =>
    send(`${url}/search`, {
      headers: { 'x-api-key': key, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    dataDir = tempDataDir('facegate-search-');
    await start();
    for (let n = 1; n <= 6; n++) photos.set(n, await bigFaces(n));
    groupPhoto = [...photos.entries()].sort((a, b) => b[1].length - a[1].length)[0]![0];
    const others = [...photos.entries()]
      .filter(([n, f]) => n !== groupPhoto && f.length > 0)
      .map(([, f]) => f[0]!.crop);
    expect(others.length).toBeGreaterThanOrEqual(2);
    const taro = others[0]!;
    await client.send(
      new IndexFacesCommand({
        CollectionId: 'default',
        Image: { Bytes: taro },
        ExternalImageId: 'Taro_Yamada',
        MaxFaces: 1,
        QualityFilter: 'AUTO',
      }),
    );
    taroPng = await sharp(taro).flop().resize({ width: 320 }).png().toBuffer();
    hanako = others[1]!;
    faceless = await facelessPng();

    searchKey = await createKey(dataDir, 'visitors');
    operatorKey = await createKey(dataDir, 'operators', '--scopes', 'search,recognize,enroll');
    await facegate(
      'plans',
      'create',
      '--name',
      'daily1',
      '--quota',
      '1',
      '--period',
      'DAY',
      '--data',
      dataDir,
    );
    await facegate(
      'plans',
      'create',
      '--name',
      'slow',
      '--rate',
      '0.001',
      '--burst',
      '1',
      '--data',
      dataDir,
    );
    quotaKey = await createKey(dataDir, 'quota', '--plan', 'daily1');
  });

  afterAll(async () => {
    vi.useRealTimers();
    client?.destroy();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(!hasCurl)(
    "answers the hands-on's curl script (raw base64 PNG, no Content-Type)",
    async () => {
      const b64 = taroPng.toString('base64');
      expect(b64.startsWith('iVBORw0KGgo')).toBe(true);
      const res = await curlPost(
        `${url}/search`,
        searchKey,
        `{"threshold": 90, "image_base64str": "${b64}"}`,
      );
      expect(res.status).toBe(200);
      expect(res.json.msg).toBe('[SUCCEEDED]Rekognition done');
      expect(res.json.payloads.timestamp).toMatch(TIMESTAMP);
      expect(res.json.payloads.FaceMatches[0].Face.ExternalImageId).toBe('Taro_Yamada');
      expect(res.json.payloads.FaceMatches[0].Similarity).toBeGreaterThanOrEqual(90);
      expect(Object.keys(res.json.payloads).sort()).toEqual([
        'FaceMatches',
        'FaceModelVersion',
        'ResponseMetadata',
        'SearchedFaceBoundingBox',
        'SearchedFaceConfidence',
        'timestamp',
      ]);
    },
  );

  it("answers the web app's JSON with a data URL, and fetch's form-urlencoded body", async () => {
    const jpeg = await sharp(taroPng).jpeg().toBuffer();
    const res = await search({
      image_base64str: `data:image/jpeg;base64,${jpeg.toString('base64')}`,
      threshold: 80,
    });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.json.payloads.FaceMatches[0].Face.ExternalImageId).toBe('Taro_Yamada');
    const form = await search({ image_base64str: taroPng.toString('base64') }, searchKey, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(200);
  });

  it('answers the CORS preflight without a key', async () => {
    const res = await send(`${url}/search`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://phone.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-api-key',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('produces every error row of contract A', async () => {
    const rows: Array<
      [string, () => Promise<{ status: number; json: Json; headers?: Json }>, number, unknown]
    > = [
      [
        'no body',
        () => send(`${url}/search`, { headers: { 'x-api-key': searchKey } }),
        400,
        { msg: '[FAILED]Data required' },
      ],
      [
        'bad JSON',
        () => search('{"threshold": 90, "image_base64str": '),
        400,
        { msg: '[FAILED]json decode error' },
      ],
      [
        'missing key',
        () => search({ threshold: 90 }),
        400,
        { msg: '[FAILED]key "image_base64str" not found' },
      ],
      [
        'wrong type',
        () => search({ image_base64str: taroPng.toString('base64'), threshold: '90' }),
        400,
        { msg: '[FAILED]invalid value type: "threshold"' },
      ],
      [
        'no API key',
        () => send(`${url}/search`, { body: JSON.stringify({ image_base64str: 'x' }) }),
        403,
        { message: 'Forbidden' },
      ],
      [
        'unknown key',
        () => search({ image_base64str: 'x' }, 'not-a-key-of-this-server-1234567890'),
        403,
        { message: 'Forbidden' },
      ],
      [
        'no face',
        () => search({ image_base64str: faceless.toString('base64') }),
        421,
        { msg: '画像内に人物の顔を認識出来ませんでした' },
      ],
      [
        'too large',
        () => search({ image_base64str: 'A'.repeat(7_200_000) }),
        422,
        { msg: '画像のサイズが大きすぎます（制限:15MB）' },
      ],
      [
        'not JPEG or PNG',
        () =>
          search({
            image_base64str: Buffer.from('GIF89a not really a picture at all').toString('base64'),
          }),
        423,
        { msg: '画像のフォーマットが異なります（制限:PNGあるいはJPEG形式）' },
      ],
    ];
    for (const [what, call, status, body] of rows) {
      const res = await call();
      expect([what, res.status, res.json]).toEqual([what, status, body]);
      expect(res.headers['access-control-allow-origin'], what).toBe('*');
    }
  });

  it('refuses a streamed (chunked) oversized body with 422 too', async () => {
    const res = await send(`${url}/search`, {
      headers: { 'x-api-key': searchKey, 'transfer-encoding': 'chunked' },
      body: JSON.stringify({ image_base64str: 'A'.repeat(7_200_000) }),
    });
    expect([res.status, res.json]).toEqual([
      422,
      { msg: '画像のサイズが大きすぎます（制限:15MB）' },
    ]);
  });

  it('answers 429 when the rate is exceeded, as API Gateway does', async () => {
    const slowKey = await createKey(dataDir, 'slow', '--plan', 'slow');
    const first = await search({ image_base64str: faceless.toString('base64') }, slowKey);
    expect(first.status).toBe(421);
    const second = await search({ image_base64str: faceless.toString('base64') }, slowKey);
    expect([second.status, second.json]).toEqual([429, { message: 'Too Many Requests' }]);
  });

  it('answers 429 Limit Exceeded once the quota is used up', async () => {
    expect((await search({ image_base64str: faceless.toString('base64') }, quotaKey)).status).toBe(
      421,
    );
    const over = await search({ image_base64str: faceless.toString('base64') }, quotaKey);
    expect([over.status, over.json]).toEqual([429, { message: 'Limit Exceeded' }]);
  });

  it('keeps no API key in plain text in the data folder', async () => {
    server.ctx.db.pragma('wal_checkpoint(PASSIVE)');
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('facegate.db'))) {
      const bytes = readFileSync(path.join(dataDir, file));
      for (const key of [searchKey, operatorKey, quotaKey])
        expect(bytes.includes(Buffer.from(key)), file).toBe(false);
    }
    expect(await facegate('apikeys', 'list', '--data', dataDir)).not.toContain(searchKey);
  });

  it('enrols with /faces only with the enroll scope, then /search finds the person', async () => {
    const body = JSON.stringify({
      image_base64str: `data:image/jpeg;base64,${hanako.toString('base64')}`,
      name: 'Hanako_Sato',
    });
    const denied = await send(`${url}/faces`, {
      headers: { 'x-api-key': searchKey, 'content-type': 'application/json' },
      body,
    });
    expect([denied.status, denied.json]).toEqual([403, { message: 'Forbidden' }]);
    const enrolled = await send(`${url}/faces`, {
      headers: { 'x-api-key': operatorKey, 'content-type': 'application/json' },
      body,
    });
    expect(enrolled.status).toBe(200);
    expect(enrolled.json.payloads.FaceRecords[0].Face.ExternalImageId).toBe('Hanako_Sato');
    const again = await sharp(hanako).flop().resize({ width: 280 }).png().toBuffer();
    const found = await search({ image_base64str: again.toString('base64') });
    expect(found.json.payloads.FaceMatches[0].Face.ExternalImageId).toBe('Hanako_Sato');
  });

  it('names each person of a group photo with /recognize', async () => {
    const faces = photos.get(groupPhoto)!;
    expect(faces.length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < faces.length; i++) {
      await client.send(
        new IndexFacesCommand({
          CollectionId: 'default',
          Image: { Bytes: faces[i]!.crop },
          ExternalImageId: `Person_${i}`,
          MaxFaces: 1,
        }),
      );
    }
    const form = new FormData();
    form.set(
      'image',
      new Blob([readFileSync(demoPhoto(groupPhoto))], { type: 'image/jpeg' }),
      'group.jpg',
    );
    const res = await fetch(`${url}/recognize`, {
      method: 'POST',
      headers: { 'x-api-key': operatorKey },
      body: form,
    });
    expect(res.status).toBe(200);
    const recognized = ((await res.json()) as Json).payloads.Faces as Array<{
      BoundingBox: BoundingBox;
      Name: string | null;
    }>;
    for (let i = 0; i < faces.length; i++) {
      const best = recognized.reduce((a, b) =>
        iou(a.BoundingBox, faces[i]!.box) >= iou(b.BoundingBox, faces[i]!.box) ? a : b,
      );
      expect(iou(best.BoundingBox, faces[i]!.box)).toBeGreaterThan(0.5);
      expect(best.Name).toBe(`Person_${i}`);
    }
    const raw = await send(`${url}/recognize?threshold=80`, {
      headers: { 'x-api-key': operatorKey, 'content-type': 'image/png' },
      body: taroPng,
    });
    expect(raw.json.payloads.Faces[0].Name).toBe('Taro_Yamada');
  });

  it('answers API Gateway events through the Lambda bundle, its SDK talking to facegate serve', async () => {
    await promisify(execFile)(
      process.execPath,
      [path.join(repoRoot, 'apps/lambda/scripts/build.mjs')],
      { timeout: 120_000 },
    );
    const keys = server.ctx.config.accessKeys.at(-1)!;
    const saved = { ...process.env };
    onTestFinished(() => {
      process.env = saved;
    });
    Object.assign(process.env, {
      FACEGATE_COLLECTION: 'default',
      AWS_REGION: 'ap-northeast-1',
      REKOGNITION_ENDPOINT: server.url,
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    });
    const { handler } = (await import(path.join(repoRoot, 'apps/lambda/dist/lambda.mjs'))) as {
      handler: (e: unknown) => Promise<Json>;
    };
    const b64 = taroPng.toString('base64');

    // The hands-on's Lambda console test event: body as an object.
    const test = await handler({ body: { threshold: 90, image_base64str: b64 } });
    expect(test.statusCode).toBe(200);
    expect(test.headers['access-control-allow-origin']).toBe('*');
    const body = JSON.parse(test.body);
    expect(body.msg).toBe('[SUCCEEDED]Rekognition done');
    expect(body.payloads.timestamp).toMatch(TIMESTAMP);
    expect(body.payloads.FaceMatches[0].Face.ExternalImageId).toBe('Taro_Yamada');
    expect(body.payloads.$metadata).toBeUndefined();
    // boto3's ResponseMetadata from the SDK's $metadata: the request id facegate's endpoint sent.
    expect(body.payloads.ResponseMetadata).toMatchObject({
      RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      HTTPStatusCode: 200,
      RetryAttempts: 0,
    });
    expect(body.payloads.ResponseMetadata.HTTPHeaders['x-amzn-requestid']).toBe(
      body.payloads.ResponseMetadata.RequestId,
    );

    // A real proxy event, string body, then base64-encoded.
    const event = {
      httpMethod: 'POST',
      path: '/search',
      headers: { 'X-Api-Key': 'checked-by-api-gateway' },
      requestContext: { stage: 'prod' },
    };
    const str = await handler({ ...event, body: JSON.stringify({ image_base64str: b64 }) });
    expect(JSON.parse(str.body).payloads.FaceMatches[0].Face.ExternalImageId).toBe('Taro_Yamada');
    const enc = await handler({
      ...event,
      body: Buffer.from(JSON.stringify({ image_base64str: b64 })).toString('base64'),
      isBase64Encoded: true,
    });
    expect(enc.statusCode).toBe(200);

    const noFace = await handler({ body: { image_base64str: faceless.toString('base64') } });
    expect([noFace.statusCode, JSON.parse(noFace.body)]).toEqual([
      421,
      { msg: '画像内に人物の顔を認識出来ませんでした' },
    ]);
    // A threshold Rekognition refuses: its ValidationException, as the hands-on's Lambda maps
    // boto3's ClientError (500), never 421 "no face".
    const tooHigh = await handler({ body: { threshold: 150, image_base64str: b64 } });
    expect([tooHigh.statusCode, JSON.parse(tooHigh.body)]).toEqual([
      500,
      {
        msg: "[FAILED]An error occurred (ValidationException) when calling the SearchFacesByImage operation: 1 validation error detected: Value '150.0' at 'faceMatchThreshold' failed to satisfy constraint: Member must have value less than or equal to 100",
      },
    ]);
    const noBody = await handler({ ...event, body: null });
    expect([noBody.statusCode, JSON.parse(noBody.body)]).toEqual([
      400,
      { msg: '[FAILED]Data required' },
    ]);
  });

  it('keeps quota counters across a restart, reopens them next period, and serves only allowed sources', async () => {
    await server.close();
    await start(['127.0.0.2/32']);
    const body = JSON.stringify({ image_base64str: faceless.toString('base64') });
    const from = (localAddress: string, key = quotaKey) =>
      send(`${url}/search`, {
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body,
        localAddress,
      });

    const outside = await from('127.0.0.1', searchKey);
    expect([outside.status, outside.json]).toEqual([403, { message: 'Forbidden' }]);
    expect((await from('127.0.0.2', searchKey)).status).toBe(421);

    const still = await from('127.0.0.2');
    expect([still.status, still.json]).toEqual([429, { message: 'Limit Exceeded' }]);
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 24 * 3600 * 1000);
    expect((await from('127.0.0.2')).status).toBe(421);
    expect((await from('127.0.0.2')).status).toBe(429);
    vi.useRealTimers();
  });
});
