import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { RekognitionApi } from '@facegate/core';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRekognitionApp, REKOGNITION_MAX_BODY_BYTES } from '../rekognition/app.js';
import { createSearchApp } from '../search/search.app.js';

const GiB = 1024 * 1024 * 1024;
let server: ReturnType<typeof createAdaptorServer>;
let port = 0;
let engineCalls = 0;

beforeAll(async () => {
  const never = async () => {
    engineCalls++;
    throw new Error('the body limit must stop the request before this');
  };
  const api = new Proxy({}, { get: () => never }) as unknown as RekognitionApi;
  const app = new Hono();
  app.route('/', createRekognitionApp({ api, credentials: () => 'secret' }));
  app.route(
    '/',
    createSearchApp({
      faces: api,
      collectionId: 'c',
      authorizer: {
        verify: (k) => (k === 'key' ? { keyId: 'k', scopes: ['search'] } : undefined),
        recordUsage: () => 'ok',
      },
    }),
  );
  server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Outcome {
  status: number;
  body: string;
  /** Bytes written when the answer arrived. */
  sentAtAnswer: number;
  /** Most RSS growth seen while streaming. */
  rssGrowth: number;
}

/**
 * POSTs a chunked body of up to 1 GiB generated on the fly (never held), stopping as soon as the
 * server answers or closes the connection.
 */
function streamGiB(path: string, headers: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const rss0 = process.memoryUsage().rss;
    let rssMax = rss0;
    let sent = 0;
    let answered = false;
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const req = http.request({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      headers: { ...headers, 'transfer-encoding': 'chunked' },
    });
    const pump = () => {
      while (!answered && sent < GiB) {
        rssMax = Math.max(rssMax, process.memoryUsage().rss);
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    req.on('response', (res) => {
      answered = true;
      const sentAtAnswer = sent;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          body,
          sentAtAnswer,
          rssGrowth: rssMax - rss0,
        });
      });
    });
    req.on('error', (err) => {
      // The server may close its side (Connection: close) before the client has read the
      // answer: stop writing, and give the answer a moment to be read.
      if (answered) return;
      answered = true;
      const sentAtError = sent;
      setTimeout(
        () => reject(new Error(`${err.message} after ${sentAtError} bytes, no answer`)),
        5000,
      ).unref();
    });
    pump();
  });
}

describe('bodies over the limit, on a real socket', () => {
  it('refuses a 1 GiB chunked POST without Authorization to the Rekognition endpoint early', async () => {
    const out = await streamGiB('/', {
      'x-amz-target': 'RekognitionService.ListCollections',
      'content-type': 'application/x-amz-json-1.1',
    });
    expect(out.status).toBe(413);
    expect(JSON.parse(out.body)).toMatchObject({ __type: 'ImageTooLargeException' });
    // Answered once the limit (14 MB) had arrived, give or take socket buffers: far from 1 GiB.
    expect(out.sentAtAnswer).toBeGreaterThan(REKOGNITION_MAX_BODY_BYTES);
    expect(out.sentAtAnswer).toBeLessThan(REKOGNITION_MAX_BODY_BYTES + 64 * 1024 * 1024);
    // Client and server share this process: the body was never held whole on either side.
    expect(out.rssGrowth).toBeLessThan(256 * 1024 * 1024);
    expect(engineCalls).toBe(0);
  });

  it('refuses a 1 GiB chunked POST to /prod/search with a key (422), and without one (403)', async () => {
    const keyed = await streamGiB('/prod/search', { 'x-api-key': 'key' });
    expect(keyed.status).toBe(422);
    expect(keyed.sentAtAnswer).toBeLessThan(64 * 1024 * 1024);
    const anonymous = await streamGiB('/prod/search', {});
    expect(anonymous.status).toBe(403);
    expect(anonymous.sentAtAnswer).toBeLessThan(64 * 1024 * 1024);
    expect(engineCalls).toBe(0);
  });
});
