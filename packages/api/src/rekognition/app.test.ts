import {
  CreateCollectionCommand,
  IndexFacesCommand,
  ListCollectionsCommand,
  RekognitionClient,
  type RekognitionClientConfig,
  SearchFacesByImageCommand,
} from '@aws-sdk/client-rekognition';
import { Errors, ThrottlingError, type RekognitionApi } from '@facegate/core';
import type { HttpRequest } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { createRekognitionApp } from './app.js';

const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof d === 'string'
    ? d
    : d instanceof ArrayBuffer
      ? new Uint8Array(d)
      : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

/** The Checksum constructor SignatureV4 expects, on node:crypto. */
class Sha256 {
  private h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.h.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

const KEYS = new Map([['AKIDFACEGATETEST', 'secret/for+tests']]);

/** A RekognitionApi stub that records what reached it. */
function stubApi(calls: Array<[string, unknown]>): RekognitionApi {
  type Req = { CollectionId?: string };
  const record = (name: string, answer: (req: Req) => unknown) => async (req: unknown) => {
    calls.push([name, req]);
    return answer(req as Req) as never;
  };
  return {
    createCollection: record('createCollection', (req) => {
      if (req.CollectionId === 'exists')
        throw Errors.resourceAlreadyExists('The collection id: exists already exists');
      if (req.CollectionId === 'boom') throw new Error('secret internal detail');
      return {
        StatusCode: 200,
        CollectionArn: 'aws:rekognition:us-east-1:000000000000:collection/x',
        FaceModelVersion: 'm',
      };
    }),
    describeCollection: record('describeCollection', () => ({})),
    listCollections: record('listCollections', () => ({
      CollectionIds: ['a'],
      FaceModelVersions: ['m'],
    })),
    deleteCollection: record('deleteCollection', () => ({ StatusCode: 200 })),
    indexFaces: record('indexFaces', () => ({
      FaceRecords: [],
      FaceModelVersion: 'm',
      UnindexedFaces: [],
    })),
    listFaces: record('listFaces', () => ({ Faces: [], FaceModelVersion: 'm' })),
    deleteFaces: record('deleteFaces', () => ({ DeletedFaces: [] })),
    searchFaces: record('searchFaces', () => ({})),
    searchFacesByImage: record('searchFacesByImage', () => {
      throw Errors.invalidParameter('There are no faces in the image. Should be at least 1.');
    }),
    detectFaces: record('detectFaces', () => ({ FaceDetails: [] })),
    compareFaces: record('compareFaces', () => ({})),
  };
}

function setup(now?: () => number) {
  const calls: Array<[string, unknown]> = [];
  const logs: string[] = [];
  const app = createRekognitionApp({
    api: stubApi(calls),
    credentials: (id) => KEYS.get(id),
    now,
    log: (l) => logs.push(l),
  });
  /** The real SDK, with its HTTP handler replaced by a call into the Hono app (no socket). */
  const client = (accessKeyId = 'AKIDFACEGATETEST', secretAccessKey = 'secret/for+tests') =>
    new RekognitionClient({
      region: 'ap-northeast-1',
      endpoint: 'http://127.0.0.1:8080',
      credentials: { accessKeyId, secretAccessKey },
      maxAttempts: 1,
      requestHandler: {
        async handle(req: HttpRequest) {
          const url = `${req.protocol}//${req.hostname}:${req.port}${req.path}`;
          const res = await app.request(url, {
            method: req.method,
            headers: req.headers,
            body: req.body as string,
          });
          const headers: Record<string, string> = {};
          res.headers.forEach((v, k) => (headers[k] = v));
          return {
            response: {
              statusCode: res.status,
              headers,
              body: new Uint8Array(await res.arrayBuffer()),
            },
          };
        },
      } as unknown as RekognitionClientConfig['requestHandler'],
    });
  return { app, calls, logs, client };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: Error & { $fault?: string; $metadata: { httpStatusCode?: number } }) => e,
  );

describe('createRekognitionApp', () => {
  it('serves signed SDK calls and decodes Image.Bytes', async () => {
    const { client, calls } = setup();
    const out = await client().send(new CreateCollectionCommand({ CollectionId: 'friends' }));
    expect(out.CollectionArn).toContain('collection/x');
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3, 250]);
    await client().send(
      new IndexFacesCommand({
        CollectionId: 'friends',
        Image: { Bytes: bytes },
        ExternalImageId: 'Taro',
        MaxFaces: 1,
      }),
    );
    const [, req] = calls.at(-1)!;
    expect(req).toMatchObject({ CollectionId: 'friends', ExternalImageId: 'Taro', MaxFaces: 1 });
    expect(Array.from((req as { Image: { Bytes: Uint8Array } }).Image.Bytes)).toEqual(
      Array.from(bytes),
    );
    expect((await client().send(new ListCollectionsCommand({}))).CollectionIds).toEqual(['a']);
  });

  it('maps service errors to named exceptions, and hides internal ones', async () => {
    const { client, logs } = setup();
    const exists = await failure(
      client().send(new CreateCollectionCommand({ CollectionId: 'exists' })),
    );
    expect(exists.name).toBe('ResourceAlreadyExistsException');
    expect(exists.$fault).toBe('client');
    expect(exists.$metadata.httpStatusCode).toBe(400);
    const noFace = await failure(
      client().send(
        new SearchFacesByImageCommand({ CollectionId: 'c', Image: { Bytes: new Uint8Array([1]) } }),
      ),
    );
    expect(noFace.name).toBe('InvalidParameterException');
    expect(noFace.message).toBe('There are no faces in the image. Should be at least 1.');
    const boom = await failure(
      client().send(new CreateCollectionCommand({ CollectionId: 'boom' })),
    );
    expect(boom.name).toBe('InternalServerError');
    expect(boom.$metadata.httpStatusCode).toBe(500);
    expect(boom.message).not.toContain('secret internal detail');
    expect(logs.join('\n')).toContain('secret internal detail');
  });

  it('rejects unknown keys, bad signatures and stale dates', async () => {
    const { client } = setup();
    expect((await failure(client('AKIDUNKNOWN').send(new ListCollectionsCommand({})))).name).toBe(
      'UnrecognizedClientException',
    );
    expect(
      (await failure(client('AKIDFACEGATETEST', 'wrong').send(new ListCollectionsCommand({}))))
        .name,
    ).toBe('InvalidSignatureException');
    const late = setup(() => Date.now() + 20 * 60_000);
    expect((await failure(late.client().send(new ListCollectionsCommand({})))).name).toBe(
      'InvalidSignatureException',
    );
  });

  it('answers unsigned, tampered and malformed requests with AWS JSON errors', async () => {
    const { app } = setup();
    const unsigned = await app.request('http://127.0.0.1/', {
      method: 'POST',
      headers: {
        'X-Amz-Target': 'RekognitionService.ListCollections',
        'Content-Type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });

    // Sign one body, send another.
    let captured: HttpRequest | undefined;
    const { client } = setup();
    const sdk = client();
    sdk.middlewareStack.add(
      (next) => async (args) => {
        captured = args.request as HttpRequest;
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    await sdk.send(new CreateCollectionCommand({ CollectionId: 'x' }));
    const tampered = await app.request('http://127.0.0.1:8080/', {
      method: 'POST',
      headers: captured!.headers,
      body: '{"CollectionId":"y"}',
    });
    expect(((await tampered.json()) as { __type?: string }).__type).toBe(
      'InvalidSignatureException',
    );
    const wrongTarget = await app.request('http://127.0.0.1:8080/', {
      method: 'POST',
      headers: { ...captured!.headers, 'x-amz-target': 'RekognitionService.Nope' },
      body: captured!.body as string,
    });
    expect(((await wrongTarget.json()) as { __type?: string }).__type).toBe(
      'InvalidSignatureException',
    );
  });

  it('refuses X-Amz-Target or the content type left out of the signature, and UNSIGNED-PAYLOAD', async () => {
    const { app, calls } = setup();
    const signer = new SignatureV4({
      service: 'rekognition',
      region: 'us-east-1',
      sha256: Sha256,
      credentials: { accessKeyId: 'AKIDFACEGATETEST', secretAccessKey: 'secret/for+tests' },
    });
    const send = async (
      headers: Record<string, string>,
      unsigned: string[],
      swapTarget?: string,
      sentBody?: string,
    ) => {
      const body = '{"CollectionId":"c"}';
      const signed = await signer.sign(
        {
          method: 'POST',
          protocol: 'http:',
          hostname: '127.0.0.1',
          port: 8080,
          path: '/',
          query: {},
          headers: {
            host: '127.0.0.1:8080',
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': 'RekognitionService.DescribeCollection',
            ...headers,
          },
          body,
        },
        { unsignableHeaders: new Set(unsigned) },
      );
      const res = await app.request('http://127.0.0.1:8080/', {
        method: 'POST',
        headers: swapTarget ? { ...signed.headers, 'x-amz-target': swapTarget } : signed.headers,
        body: sentBody ?? body,
      });
      return [res.status, await res.json()];
    };
    // The attack: DescribeCollection signed over host;x-amz-date, replayed as DeleteCollection.
    expect(
      await send({}, ['x-amz-target', 'content-type'], 'RekognitionService.DeleteCollection'),
    ).toEqual([
      403,
      {
        __type: 'IncompleteSignatureException',
        message: "'Content-Type' must be a 'SignedHeader' in the AWS Authorization.",
      },
    ]);
    expect(await send({}, ['x-amz-target'], 'RekognitionService.DeleteCollection')).toEqual([
      403,
      {
        __type: 'IncompleteSignatureException',
        message: "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.",
      },
    ]);
    expect((await send({}, ['content-type']))[1]).toMatchObject({
      __type: 'IncompleteSignatureException',
    });
    // Any other x-amz- header too: it could change what the request means.
    expect(
      (await send({ 'x-amz-security-token': 't' }, ['x-amz-security-token']))[1],
    ).toMatchObject({ __type: 'IncompleteSignatureException' });
    // The body swapped under a signature that does not cover it.
    expect(
      await send(
        { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        [],
        undefined,
        '{"CollectionId":"other"}',
      ),
    ).toEqual([
      403,
      {
        __type: 'InvalidSignatureException',
        message: 'UNSIGNED-PAYLOAD is not accepted: the request signature must cover the payload.',
      },
    ]);
    expect(calls).toHaveLength(0);
    // The same request signed over everything is served.
    expect(await send({}, [])).toEqual([200, {}]);
    expect(calls.map(([name]) => name)).toEqual(['describeCollection']);
  });

  it('cuts off an oversized body while it streams, before looking at the signature', async () => {
    const calls: Array<[string, unknown]> = [];
    const app = createRekognitionApp({
      api: stubApi(calls),
      credentials: (id) => KEYS.get(id),
      maxBodyBytes: 1000,
    });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        pulled++;
        if (pulled > 1000)
          ctrl.close(); // bounded: the test stops by itself either way
        else ctrl.enqueue(new Uint8Array(400).fill(65));
      },
    });
    const res = await app.request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'x-amz-target': 'RekognitionService.ListCollections' },
      body: endless,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(res.headers.get('x-amzn-errortype')).toBe('ImageTooLargeException');
    expect(((await res.json()) as { __type: string }).__type).toBe('ImageTooLargeException');
    expect(pulled).toBeLessThan(10);
    const declared = await app.request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-length': '5000' },
      body: 'A'.repeat(5000),
    });
    expect(declared.status).toBe(413);
    expect(calls).toHaveLength(0);
  });

  it('serves each caller through apiFor, and answers engine throttling with Retry-After', async () => {
    const calls: Array<[string, unknown]> = [];
    const clients: string[] = [];
    const app = createRekognitionApp({
      api: stubApi(calls),
      apiFor: (client) => {
        clients.push(client);
        return {
          ...stubApi(calls),
          detectFaces: async () => {
            throw new ThrottlingError('Rate exceeded', 3);
          },
        };
      },
      credentials: (id) => KEYS.get(id),
    });
    const signer = new SignatureV4({
      service: 'rekognition',
      region: 'us-east-1',
      sha256: Sha256,
      credentials: { accessKeyId: 'AKIDFACEGATETEST', secretAccessKey: 'secret/for+tests' },
    });
    const body = '{"Image":{"Bytes":"AAAA"}}';
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 8080,
      path: '/',
      query: {},
      headers: {
        host: '127.0.0.1:8080',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'RekognitionService.DetectFaces',
      },
      body,
    });
    const res = await app.request('http://127.0.0.1:8080/', {
      method: 'POST',
      headers: signed.headers,
      body,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({ __type: 'ThrottlingException', message: 'Rate exceeded' });
    expect(clients).toEqual(['sigv4:AKIDFACEGATETEST']);
  });

  it('answers other methods on / with a Rekognition-shaped error', async () => {
    const { app } = setup();
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await app.request('http://127.0.0.1/', { method });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
      expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
      expect(((await res.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    }
  });

  it('answers malformed JSON and unknown operations by name', async () => {
    const { app } = setup();
    const signer = new SignatureV4({
      service: 'rekognition',
      region: 'us-east-1',
      sha256: Sha256,
      credentials: { accessKeyId: 'AKIDFACEGATETEST', secretAccessKey: 'secret/for+tests' },
    });
    const send = async (target: string, body: string) => {
      const signed = await signer.sign({
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 8080,
        path: '/',
        query: {},
        headers: {
          host: '127.0.0.1:8080',
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': target,
        },
        body,
      });
      const res = await app.request('http://127.0.0.1:8080/', {
        method: 'POST',
        headers: signed.headers,
        body,
      });
      const json = (await res.json()) as { __type?: string; message?: string };
      lastMessage = json.message;
      return [res.status, json.__type];
    };
    let lastMessage: string | undefined;
    expect(await send('RekognitionService.ListCollections', '{not json')).toEqual([
      400,
      'SerializationException',
    ]);
    expect(await send('RekognitionService.Teleport', '{}')).toEqual([
      400,
      'UnknownOperationException',
    ]);
    expect(
      await send('RekognitionService.IndexFaces', '{"CollectionId":"c","Image":{"Bytes":"**"}}'),
    ).toEqual([400, 'InvalidParameterException']);
    expect(await send('RekognitionService.ListCollections', '{"MaxResults":"ten"}')).toEqual([
      400,
      'InvalidParameterException',
    ]);
    // A required member left out is AWS's validation error, worded as AWS words it.
    expect(await send('RekognitionService.CreateCollection', '{}')).toEqual([
      400,
      'ValidationException',
    ]);
    expect(lastMessage).toBe(
      "1 validation error detected: Value null at 'collectionId' failed to satisfy constraint: Member must not be null",
    );
  });
});
