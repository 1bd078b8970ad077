/**
 * The built phone app in Chromium against the real web mount and a small stand-in Search API
 * whose answers the test picks by API key, so that every message (403, 421, 422, 423, 429,
 * network failure with retry) is shown once. The full flow against the real server and the
 * SORACOM emulator is in web-app.test.ts.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mount } from '../apps/server/src/mounts/web.js';
import type { ServerContext } from '../apps/server/src/context.js';
import {
  bigCopy,
  browserSkipReason,
  launchChromium,
  phonePage,
  recordUploads,
  settingsFrom,
  sample,
} from './web-harness.js';
import { requireOrSkip } from '../test-support/require-or-skip.js';

/** Browser globals used inside page callbacks (they run in Chromium, not in Node). */
declare const localStorage: { setItem(key: string, value: string): void };
declare const document: { querySelector(selector: string): { videoWidth: number } | null };

const skip = requireOrSkip('the web UI e2e tests', browserSkipReason());

const MATCH = {
  msg: '[SUCCEEDED]Rekognition done',
  payloads: {
    timestamp: '2026-11-26 14:03:54',
    SearchedFaceBoundingBox: { Width: 0.2, Height: 0.3, Left: 0.4, Top: 0.1 },
    SearchedFaceConfidence: 99.9,
    FaceMatches: [
      {
        Similarity: 99.24,
        Face: { FaceId: 'f1', ImageId: 'i1', ExternalImageId: 'Taro_Yamada', Confidence: 99.9 },
      },
    ],
    FaceModelVersion: 'test',
  },
};
const ERRORS: Record<string, [number, unknown]> = {
  e421: [421, { msg: '画像内に人物の顔を認識出来ませんでした' }],
  e422: [422, { msg: '画像のサイズが大きすぎます（制限:15MB）' }],
  e423: [423, { msg: '画像のフォーマットが異なります（制限:PNGあるいはJPEG形式）' }],
  e429: [429, { message: 'Too Many Requests' }],
};

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

describe.skipIf(skip)('web app UI (stand-in Search API)', () => {
  let browser: Browser;
  let api: Server;
  let meta: Server;
  let base = '';
  let metaUrl = '';
  let userdata = '';
  let tmp = '';
  const enrolled: Array<{ name: string; image: string; key: string }> = [];

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'facegate-web-ui-'));
    meta = createServer((req, res) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      if (req.url === '/v1/userdata') res.end(userdata);
      else res.writeHead(404).end('Specified key does not exist.');
    });
    metaUrl = `${await listen(meta)}/v1/userdata`;

    const app = new Hono();
    app.post('/prod/search', async (c) => {
      const key = c.req.header('x-api-key') ?? '';
      const body = (await c.req.json()) as { image_base64str?: string; threshold?: number };
      if (!body.image_base64str?.startsWith('data:image/jpeg;base64,'))
        return c.json({ msg: '[FAILED]bad' }, 400);
      if (key === 'good') return c.json(MATCH);
      if (key === 'unknown')
        return c.json({ ...MATCH, payloads: { ...MATCH.payloads, FaceMatches: [] } });
      const err = ERRORS[key];
      if (err) return c.json(err[1] as object, err[0] as 400);
      return c.json({ message: 'Forbidden' }, 403);
    });
    // The console asks which scopes a key has when the operator signs in.
    app.get('/prod/session', (c) => {
      const key = c.req.header('x-api-key') ?? '';
      if (key === 'operator') return c.json({ KeyName: 'operator', Scopes: ['enroll'] });
      if (key === 'good') return c.json({ KeyName: 'phones', Scopes: ['search'] });
      return c.json({ message: 'Forbidden' }, 403);
    });
    app.post('/prod/faces', async (c) => {
      const body = (await c.req.json()) as { name: string; image_base64str: string };
      const key = c.req.header('x-api-key') ?? '';
      if (key !== 'operator') return c.json({ message: 'Forbidden' }, 403);
      enrolled.push({ name: body.name, image: body.image_base64str, key });
      return c.json({
        msg: '[SUCCEEDED]Rekognition done',
        payloads: { FaceRecords: [{ Face: { FaceId: 'new' } }] },
      });
    });
    const ctx = { config: { metadataUrl: metaUrl } } as unknown as ServerContext;
    mount(app, ctx);
    api = createAdaptorServer({ fetch: app.fetch }) as Server;
    base = await listen(api);
    userdata = JSON.stringify({
      apiEndpoint: `${base}/prod/search`,
      apiKey: 'good',
      threshold: 70,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => api?.close(r));
    await new Promise((r) => meta?.close(r));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reads its settings from the SIM, shrinks a 4000 px photo and names the person', async () => {
    const { context, page } = await phonePage(browser, 'en');
    const uploads = recordUploads(page);
    await page.goto(base);
    await settingsFrom(page, 'sim');
    const big = await bigCopy(sample(1), path.join(tmp, 'big.jpg'));
    await page.getByTestId('photo-capture').setInputFiles(big);
    await expect.poll(() => page.getByTestId('result-name').textContent()).toBe('Taro Yamada');
    expect(await page.getByTestId('result-similarity').textContent()).toContain('99.2%');
    expect(await page.getByTestId('face-box').isVisible()).toBe(true);
    expect(uploads).toHaveLength(1);
    const up = uploads[0]!;
    expect(up.bytes).toBeLessThan(400 * 1024);
    expect(up.headers['content-type']).toBe('application/json');
    expect(up.headers['x-api-key']).toBe('good');
    const sent = JSON.parse(up.body) as { image_base64str: string; threshold: number };
    expect(sent.threshold).toBe(70);
    expect(sent.image_base64str.startsWith('data:image/jpeg;base64,')).toBe(true);
    await context.close();
  });

  it('applies the EXIF orientation before shrinking', async () => {
    const sharp = (await import('sharp')).default;
    // A landscape picture tagged "rotate 90°", as phones store portrait shots.
    const tagged = path.join(tmp, 'rotated.jpg');
    await sharp(sample(1)).withMetadata({ orientation: 6 }).jpeg().toFile(tagged);
    const { context, page } = await phonePage(browser, 'en');
    const uploads = recordUploads(page);
    await page.goto(base);
    await settingsFrom(page, 'sim');
    await page.getByTestId('photo-gallery').setInputFiles(tagged);
    await expect.poll(() => uploads.length).toBe(1);
    const sent = JSON.parse(uploads[0]!.body) as { image_base64str: string };
    const jpeg = Buffer.from(sent.image_base64str.split(',')[1]!, 'base64');
    const meta = await sharp(jpeg).metadata();
    expect([meta.width, meta.height]).toEqual([853, 1280]);
    expect(meta.orientation ?? 1).toBe(1);
    await context.close();
  });

  it('says so when nobody matches, in Japanese for a Japanese browser', async () => {
    userdata = JSON.stringify({ apiEndpoint: `${base}/prod/search`, apiKey: 'unknown' });
    const { context, page } = await phonePage(browser, 'ja');
    await page.goto(base);
    await settingsFrom(page, 'sim');
    await page.getByTestId('photo-capture').setInputFiles(sample(2));
    await expect
      .poll(() => page.getByTestId('result-unknown').textContent())
      .toBe('人物を特定できませんでした');
    await page.getByTestId('lang-switch').click();
    expect(await page.getByTestId('result-unknown').textContent()).toBe(
      'Could not identify the person',
    );
    await context.close();
  });

  it('names each API error, and retries after a network failure', async () => {
    const { context, page } = await phonePage(browser, 'en');
    const expected: Array<[string, string, RegExp]> = [
      ['wrong', 'forbidden', /API key was refused/],
      ['e421', 'noFace', /No face was found/],
      ['e422', 'tooLarge', /too large/],
      ['e423', 'format', /format is not supported/],
      ['e429', 'tooMany', /Too many requests/],
    ];
    for (const [key, kind, text] of expected) {
      userdata = JSON.stringify({ apiEndpoint: `${base}/prod/search`, apiKey: key });
      await page.goto(`${base}/?k=${key}`);
      await settingsFrom(page, 'sim');
      await page.getByTestId('photo-gallery').setInputFiles(sample(3));
      await expect.poll(() => page.getByTestId('error').getAttribute('data-kind')).toBe(kind);
      expect(await page.getByTestId('error').textContent()).toMatch(text);
    }
    // A dropped connection: the photo is kept, and Retry sends it again.
    userdata = JSON.stringify({ apiEndpoint: `${base}/prod/search`, apiKey: 'good' });
    await page.goto(`${base}/?k=flaky`);
    await settingsFrom(page, 'sim');
    let calls = 0;
    await page.route('**/prod/search', (route) =>
      ++calls === 1 ? route.abort('connectionreset') : route.continue(),
    );
    await page.getByTestId('photo-capture').setInputFiles(sample(3));
    await expect.poll(() => page.getByTestId('error').getAttribute('data-kind')).toBe('network');
    await page.getByTestId('retry').click();
    await expect.poll(() => page.getByTestId('result-name').textContent()).toBe('Taro Yamada');
    expect(calls).toBe(2);
    await context.close();
  });

  it('works with manual settings when the metadata service is unreachable', async () => {
    const { context, page } = await phonePage(browser, 'en');
    // An address nobody listens on: the app must give up after its 1 s timeout or sooner.
    await page.addInitScript(() =>
      localStorage.setItem('facegate.metadataUrl', 'http://127.0.0.1:9/v1/userdata'),
    );
    await page.goto(base);
    await settingsFrom(page, 'none');
    await page.getByTestId('settings-open').click();
    await page.getByTestId('api-endpoint').fill(`${base}/prod/search`);
    await page.getByTestId('api-key').fill('good');
    expect(await page.getByTestId('api-key').getAttribute('type')).toBe('password');
    await page.getByTestId('api-key-reveal').click();
    expect(await page.getByTestId('api-key').getAttribute('type')).toBe('text');
    await page.getByTestId('threshold').fill('90');
    await page.getByTestId('settings-save').click();
    expect(await page.getByTestId('settings-source').getAttribute('data-source')).toBe('manual');
    const uploads = recordUploads(page);
    await page.getByTestId('photo-capture').setInputFiles(sample(1));
    await expect.poll(() => page.getByTestId('result-name').textContent()).toBe('Taro Yamada');
    expect((JSON.parse(uploads[0]!.body) as { threshold: number }).threshold).toBe(90);
    // Kept on the phone: a reload still has them.
    await page.reload();
    await settingsFrom(page, 'manual');
    await context.close();
  });

  it('lets an operator enrol a person', async () => {
    userdata = JSON.stringify({ apiEndpoint: `${base}/prod/search`, apiKey: 'good' });
    const { context, page } = await phonePage(browser, 'en');
    await page.goto(`${base}/#/enroll`);
    await expect.poll(() => page.getByTestId('enroll-base').inputValue()).toBe(`${base}/prod`);
    await page.getByTestId('enroll-key').fill('operator');
    await page.getByTestId('enroll-signin-submit').click();
    await page.getByTestId('enroll-name').fill('Hanako Sato');
    await page.getByTestId('enroll-photo').setInputFiles(sample(4));
    await page.getByTestId('enroll-submit').click();
    await expect.poll(() => page.getByTestId('enroll-done').textContent()).toContain('Hanako Sato');
    expect(enrolled).toHaveLength(1);
    // The name as typed: the server maps it to an ExternalImageId and keeps it.
    expect(enrolled[0]!.name).toBe('Hanako Sato');
    expect(enrolled[0]!.image.startsWith('data:image/jpeg;base64,')).toBe(true);
    await context.close();
  });

  it('takes a photo with the live camera where the page is a secure context', async () => {
    // Chromium's fake camera stands in for a phone's; 127.0.0.1 counts as a secure context.
    const camBrowser = await launchChromium([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ]);
    try {
      userdata = JSON.stringify({ apiEndpoint: `${base}/prod/search`, apiKey: 'good' });
      const { page } = await phonePage(camBrowser, 'en');
      await page.context().grantPermissions(['camera']);
      const uploads = recordUploads(page);
      await page.goto(base);
      await settingsFrom(page, 'sim');
      await page.getByTestId('camera-open').click();
      await page.waitForFunction(() => (document.querySelector('video')?.videoWidth ?? 0) > 0);
      await page.getByTestId('shutter').click();
      await expect.poll(() => page.getByTestId('result-name').textContent()).toBe('Taro Yamada');
      expect(uploads).toHaveLength(1);
      expect(uploads[0]!.body).toContain('data:image/jpeg;base64,');
    } finally {
      await camBrowser.close();
    }
  });

  it('serves the app with the right types and caching, and leaves API paths alone', async () => {
    const index = await fetch(`${base}/`);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const js = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(js).toBeDefined();
    const asset = await fetch(`${base}/${js}`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const cfg = (await (await fetch(`${base}/facegate-config.json`)).json()) as {
      metadataUrl: string;
    };
    expect(cfg.metadataUrl).toBe(metaUrl);
    expect(
      (await fetch(`${base}/some/page`, { headers: { accept: 'text/html' } })).headers.get(
        'content-type',
      ),
    ).toContain('text/html');
    expect((await fetch(`${base}/prod/search`, { headers: { accept: 'text/html' } })).status).toBe(
      404,
    );
    expect((await fetch(`${base}/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/..%2f..%2fpackage.json`)).status).toBe(404);
  });
});
