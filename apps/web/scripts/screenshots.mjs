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

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const base = `http://127.0.0.1:${server.address().port}`;
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (url.pathname === '/facegate-config.json')
    return res.end(JSON.stringify({ metadataUrl: `${base}/v1/userdata` }));
  if (url.pathname === '/v1/userdata')
    return res.end(
      JSON.stringify({ apiEndpoint: `${base}/prod/search`, apiKey: 'demo-key', threshold: 80 }),
    );
  if (url.pathname === '/prod/search') {
    req.resume();
    return req.on('end', () => {
      res.setHeader('Content-Type', 'application/json');
      if (answer === 'forbidden') return res.writeHead(403).end('{"message":"Forbidden"}');
      const body =
        answer === 'unknown'
          ? { ...MATCH, payloads: { ...MATCH.payloads, FaceMatches: [] } }
          : MATCH;
      res.end(JSON.stringify(body));
    });
  }
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
    await context.route(/^https?:\/\/(?!127\.)/, (route) => route.abort());
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
    await page.getByTestId('enroll-name').fill('Hanako Sato');
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
