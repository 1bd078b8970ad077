import { describe, expect, it } from 'vitest';
import { toProxyResult, toRequest } from './proxy-event.js';

describe('toRequest', () => {
  it("takes the hands-on's console test event (body an object, nothing else) as POST /prod/search", async () => {
    const req = toRequest({ body: { threshold: 90, image_base64str: 'iVBORw0KGgo=' } }, 'prod');
    expect(req.method).toBe('POST');
    expect(new URL(req.url).pathname).toBe('/prod/search');
    expect(JSON.parse(await req.text())).toEqual({
      threshold: 90,
      image_base64str: 'iVBORw0KGgo=',
    });
  });

  it('reads a real proxy event: method, path under the stage, headers, query, base64 body', async () => {
    const req = toRequest(
      {
        httpMethod: 'POST',
        path: '/recognize',
        headers: { 'Content-Type': 'image/png', 'X-Api-Key': 'k', 'Content-Length': '999' },
        queryStringParameters: { threshold: '85' },
        body: Buffer.from([1, 2, 3]).toString('base64'),
        isBase64Encoded: true,
        requestContext: { stage: 'prod' },
      },
      'prod',
    );
    const url = new URL(req.url);
    expect([url.pathname, url.searchParams.get('threshold')]).toEqual(['/prod/recognize', '85']);
    expect(req.headers.get('x-api-key')).toBe('k');
    expect(req.headers.get('content-length')).toBeNull();
    expect([...new Uint8Array(await req.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it('keeps a path that already carries the stage, and sends no body for null', async () => {
    const req = toRequest({ httpMethod: 'POST', path: '/dev/search', body: null }, 'dev');
    expect(new URL(req.url).pathname).toBe('/dev/search');
    expect(await req.text()).toBe('');
  });
});

describe('toProxyResult', () => {
  it('returns JSON as text and anything binary as base64', async () => {
    const json = await toProxyResult(
      new Response('{"msg":"x"}', { status: 400, headers: { 'content-type': 'application/json' } }),
    );
    expect(json).toEqual({
      statusCode: 400,
      headers: { 'content-type': 'application/json' },
      body: '{"msg":"x"}',
      isBase64Encoded: false,
    });
    const bin = await toProxyResult(
      new Response(new Uint8Array([255, 0]), { headers: { 'content-type': 'image/png' } }),
    );
    expect(bin).toMatchObject({
      body: Buffer.from([255, 0]).toString('base64'),
      isBase64Encoded: true,
    });
  });
});
