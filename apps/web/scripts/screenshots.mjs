#!/usr/bin/env node
/* global console, process, URL, localStorage, document */
/**
 * Takes the screenshots of the main screens at 360×640, in Japanese and in English, into
 * docs/screenshots/ (palette PNGs, so they stay small). Serves the built dist/ with a stand-in
 * metadata service and Search API on loopback, and drives Debian's Chromium (playwright-core).
 * Run after `npm run build -w apps/web`: `npm run screenshots -w apps/web`.
 * @module
 */
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import sharp from 'sharp';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const out = join(repo, 'docs/screenshots');
const photo = join(repo, 'node_modules/@vladmandic/face-api/demo/sample1.jpg');
const chromiumPath = process.env.FACEGATE_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(join(dist, 'index.html'))) throw new Error('run `npm run build -w apps/web` first');
if (!existsSync(chromiumPath))
  throw new Error(`${chromiumPath} is missing (apt-get install -y chromium)`);

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
let answer = 'match';
const MATCH = {
  msg: '[SUCCEEDED]Rekognition done',
  payloads: {
    timestamp: '2026-11-26 14:03:54',
    SearchedFaceBoundingBox: { Width: 0.135, Height: 0.23, Left: 0.75, Top: 0.14 },
    SearchedFaceConfidence: 99.9,
    FaceMatches: [
      {
        Similarity: 98.7,
        Face: { FaceId: 'f', ImageId: 'i', ExternalImageId: 'Hanako_Sato', Confidence: 99.9 },
      },
    ],
    FaceModelVersion: 'facegate',
  },
};

// The phone's view of the world: SORACOM's metadata service and an API Gateway endpoint,
// answered inside the browser (nothing leaves this machine), so the screenshots show real URLs.
const API_ENDPOINT = 'https://a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com/prod/search';
const USERDATA = JSON.stringify({
  apiEndpoint: API_ENDPOINT,
  apiKey: 'demo-api-key-0123456789',
  threshold: 80,
});

function answerPhone(route) {
  const url = route.request().url();
  const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' };
  if (url === 'http://metadata.soracom.io/v1/userdata')
    return route.fulfill({ body: USERDATA, headers: cors });
  if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
  // The console checks the operator key's scopes when signing in.
  if (url === API_ENDPOINT.replace(/\/search$/, '/session'))
    return route.fulfill({
      contentType: 'application/json',
      headers: cors,
      body: JSON.stringify({ KeyName: 'reception', Scopes: ['search', 'enroll'] }),
    });
  if (url !== API_ENDPOINT) return route.abort();
  const body =
    answer === 'forbidden'
      ? { message: 'Forbidden' }
      : answer === 'unknown'
        ? { ...MATCH, payloads: { ...MATCH.payloads, FaceMatches: [] } }
        : MATCH;
  return route.fulfill({
    status: answer === 'forbidden' ? 403 : 200,
    contentType: 'application/json',
    headers: cors,
    body: JSON.stringify(body),
  });
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const file = join(dist, normalize(url.pathname === '/' ? '/index.html' : url.pathname));
  if (!file.startsWith(dist) || !existsSync(file)) return res.writeHead(404).end();
  res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});
const written = [];
try {
  for (const lang of ['ja', 'en']) {
    const context = await browser.newContext({
      viewport: { width: 360, height: 640 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
      locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    });
    await context.route(/^https?:\/\/(?!127\.)/, answerPhone);
    const page = await context.newPage();
    const shot = async (name) => {
      const file = join(out, `${lang}-${name}.png`);
      const png = await page.screenshot();
      await sharp(png)
        .png({ palette: true, quality: 85, compressionLevel: 9, effort: 10 })
        .toFile(file);
      written.push(file);
    };
    const ready = () => page.waitForSelector('[data-source="sim"]');

    await page.goto(base);
    await ready();
    await shot('home');

    for (const [name, mode, selector] of [
      ['result', 'match', '[data-testid=result-name]'],
      ['unknown', 'unknown', '[data-testid=result-unknown]'],
      ['error-key', 'forbidden', '[data-testid=error]'],
    ]) {
      answer = mode;
      await page.goto(`${base}/?${name}`);
      await ready();
      await page.getByTestId('photo-capture').setInputFiles(photo);
      await page.waitForSelector(selector);
      await page.evaluate(() => document.querySelector('.result, .error')?.scrollIntoView());
      await shot(name);
    }

    await page.goto(base);
    await ready();
    await page.getByTestId('settings-open').click();
    await page.waitForSelector('[data-testid=settings-sheet]');
    await shot('settings');

    await page.evaluate(() => localStorage.clear());
    await page.goto(`${base}/#/enroll`);
    await page.reload();
    await ready();
    await page.getByTestId('enroll-key').fill('operator-key');
    await page.getByTestId('enroll-signin-submit').click();
    await page.getByTestId('enroll-name').fill(lang === 'ja' ? '山田 花子' : 'Hanako Sato');
    await page.getByTestId('enroll-photo').setInputFiles(photo);
    await page.waitForSelector('.thumb');
    await shot('enroll');
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
for (const f of written)
  console.log(`${f.slice(repo.length)}  ${(readFileSync(f).length / 1024).toFixed(1)} KB`);
