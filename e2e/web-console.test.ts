/**
 * The operator console in Chromium against the real `facegate serve` (embedded engine, SQLite,
 * Search API, web mount), at phone (360×640) and desktop (1280×800) sizes, in Japanese and
 * English: refused with a search-only key (the `enroll` scope named), enrol 山田 花子 from a
 * file, see her in the list with her thumbnail, recognise her from another photo on the search
 * page by her Japanese name, see the entry in the recognition log, delete her, and find no trace
 * of her name, FaceId or thumbnail in any file under the data folder.
 *
 * FACEGATE_CONSOLE_SCREENSHOTS=docs/screenshots also writes the console's screenshots there.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSkipReason,
  launchChromium,
  repoRoot,
  sample,
  searchOutcome,
} from './web-harness.js';

declare const localStorage: { setItem(key: string, value: string): void };

const skip = browserSkipReason();
if (skip) console.warn(`skipping web console e2e: ${skip}`);
const SLOW = 240_000;
const NAME = '山田 花子';
const SHOTS = process.env.FACEGATE_CONSOLE_SCREENSHOTS
  ? path.resolve(repoRoot, process.env.FACEGATE_CONSOLE_SCREENSHOTS)
  : undefined;

type RunningServer = { url: string; ctx: { db: unknown }; close(): Promise<void> };

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const SIZES = [
  { label: 'phone', width: 360, height: 640, mobile: true },
  { label: 'desktop', width: 1280, height: 800, mobile: false },
] as const;
const LANGS = ['ja', 'en'] as const;

describe.skipIf(!!skip)('operator console against facegate serve', () => {
  let tmp = '';
  let data = '';
  let server: RunningServer;
  let browser: Browser;
  let operatorKey = '';
  let searchKey = '';
  let photo = '';
  let otherPhoto = '';
  let blank = '';

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'facegate-console-e2e-'));
    data = path.join(tmp, 'data');
    const { startServer, loadConfig } = await import('@facegate/server');
    const { ApiKeyStore } = await import('@facegate/api/search/keys/index');
    server = (await startServer(loadConfig({ port: 0, data }, {}), {
      log: () => {},
    })) as unknown as RunningServer;
    const keys = new ApiKeyStore(server.ctx.db as never);
    operatorKey = keys.createKey({ name: 'reception', scopes: ['search', 'enroll'] }).key;
    searchKey = keys.createKey({ name: 'lobby phone', scopes: ['search'] }).key;
    // Her photo, another photo of her (mirrored, smaller, recompressed), and one with no face.
    const sharp = (await import('sharp')).default;
    photo = sample(2);
    otherPhoto = path.join(tmp, 'hanako-other.jpg');
    await sharp(photo).flop().resize({ width: 700 }).jpeg({ quality: 85 }).toFile(otherPhoto);
    blank = path.join(tmp, 'blank.jpg');
    await sharp({ create: { width: 400, height: 300, channels: 3, background: '#8aa' } })
      .jpeg()
      .toFile(blank);
    browser = await launchChromium();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  async function open(size: (typeof SIZES)[number], lang: (typeof LANGS)[number]) {
    const context = await browser.newContext({
      viewport: { width: size.width, height: size.height },
      deviceScaleFactor: 1,
      isMobile: size.mobile,
      hasTouch: size.mobile,
      locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    });
    await context.route(/^https?:\/\/(?!127\.|localhost[:/]|\[::1\])/, (route) =>
      route.abort('addressunreachable'),
    );
    // The search page's settings, as a phone would have saved them (no SIM here).
    await context.addInitScript(
      ([endpoint, key]) => {
        localStorage.setItem('facegate.metadataUrl', 'http://127.0.0.1:9/v1/userdata');
        localStorage.setItem(
          'facegate.settings',
          JSON.stringify({ apiEndpoint: endpoint, apiKey: key, threshold: 80 }),
        );
      },
      [`${server.url}/prod/search`, searchKey],
    );
    return { context, page: await context.newPage() };
  }

  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, name), fullPage: false });
  };

  /** The element is on screen without scrolling the page (the refusal must be seen). */
  async function inView(page: Page, testid: string, height: number): Promise<boolean> {
    const box = await page.getByTestId(testid).boundingBox();
    return !!box && box.y >= 0 && box.y + Math.min(box.height, 40) <= height;
  }

  for (const size of SIZES)
    for (const lang of LANGS)
      it(
        `${size.label} ${size.width}×${size.height}, ${lang}: enrol, list, recognise, log, delete without a trace`,
        async () => {
          const { context, page } = await open(size, lang);
          const tag = `${lang}-console`;
          await page.goto(`${server.url}/#/people`);

          // A search-only key is refused at sign-in, with the enroll scope named, on screen.
          await page.getByTestId('enroll-key').fill(searchKey);
          await page.getByTestId('enroll-signin-submit').click();
          const refusal = page.getByTestId('signin-error');
          await refusal.waitFor();
          expect(await refusal.getAttribute('data-kind')).toBe('noEnrollScope');
          expect(await refusal.textContent()).toContain('enroll');
          expect(await refusal.textContent()).toMatch(lang === 'ja' ? /スコープ/ : /scope/);
          expect(await inView(page, 'signin-error', size.height)).toBe(true);
          if (size.label === 'phone') await shot(page, `${tag}-refused.png`);

          // An unknown key: refused in words, with the status in the details line only.
          await page.getByTestId('enroll-key').fill('not-a-key-at-all');
          await page.getByTestId('enroll-signin-submit').click();
          await expect
            .poll(() => refusal.getAttribute('data-kind'), { timeout: 15_000 })
            .toBe('refused');
          expect(await refusal.locator('p').textContent()).not.toMatch(/\d{3}/);
          expect(await page.getByTestId('error-details').textContent()).toContain('403');

          await page.getByTestId('enroll-key').fill(operatorKey);
          await page.getByTestId('enroll-signin-submit').click();
          await page.getByTestId('signed-in').waitFor();
          expect(await page.getByTestId('signed-in').textContent()).toContain('reception');
          expect(await page.getByTestId('signin-error').count()).toBe(0);

          // A photo with no face: an error on screen, status in the details line only.
          await page.getByTestId('tab-enroll').click();
          await page.getByTestId('enroll-name').fill(NAME);
          await page.getByTestId('enroll-photo').setInputFiles(blank);
          await page.getByTestId('enroll-submit').click();
          const enrollError = page.getByTestId('enroll-error');
          await enrollError.waitFor({ timeout: 90_000 });
          expect(await enrollError.getAttribute('data-kind')).toBe('noFace');
          expect(await enrollError.locator('p').textContent()).not.toMatch(/\(\d{3}\)/);
          if (lang === 'ja')
            expect(await enrollError.locator('p').textContent()).toContain('できませんでした');
          expect(await enrollError.getByTestId('error-details').textContent()).toContain('421');
          expect(await inView(page, 'enroll-error', size.height)).toBe(true);
          // Signing out and in again clears it.
          await page.getByTestId('sign-out').click();
          await page.getByTestId('enroll-key').fill(operatorKey);
          await page.getByTestId('enroll-signin-submit').click();
          await page.getByTestId('signed-in').waitFor();
          expect(await page.getByTestId('enroll-error').count()).toBe(0);

          // Enrol 山田 花子 from a file.
          await page.getByTestId('enroll-name').fill(NAME);
          await page.getByTestId('enroll-photo').setInputFiles(photo);
          await expect.poll(() => page.getByTestId('enroll-submit').isEnabled()).toBe(true);
          if (size.label === 'phone') await shot(page, `${tag}-enroll.png`);
          await page.getByTestId('enroll-submit').click();
          const done = page
            .locator('[data-testid=enroll-done], [data-testid=enroll-error]')
            .first();
          await done.waitFor({ timeout: 90_000 });
          expect(await done.getAttribute('data-testid')).toBe('enroll-done');
          expect(await done.textContent()).toContain(NAME);

          // In the list, with her thumbnail; found by searching her name.
          await page.getByTestId('tab-people').click();
          await page.getByTestId('people-search').fill('花子');
          const row = page.getByTestId('person-row').filter({ hasText: NAME });
          await row.waitFor({ timeout: 15_000 });
          const thumb = row.getByTestId('person-thumb');
          expect(
            await thumb.evaluate(
              (img) => (img as unknown as { naturalWidth: number }).naturalWidth,
            ),
          ).toBe(96);
          const personId = (await row.getAttribute('data-person-id'))!;
          expect(personId).toMatch(/^p-[0-9a-f]{20}$/);
          await page.getByTestId('people-search').fill('');
          await shot(page, `${tag}-people${size.label === 'desktop' ? '-desktop' : ''}.png`);

          // Her faces, read back for the no-trace check below.
          const detail = (await (
            await fetch(`${server.url}/prod/people/${personId}`, {
              headers: { 'x-api-key': operatorKey },
            })
          ).json()) as { Faces: Array<{ FaceId: string; Thumbnail: string }> };
          const faceId = detail.Faces[0]!.FaceId;
          const thumbBytes = Buffer.from(detail.Faces[0]!.Thumbnail.split(',')[1]!, 'base64');
          await row.click();
          await page.getByTestId('person-title').waitFor();
          expect(await page.getByTestId('person-face').count()).toBe(1);
          // Add a photo from a file, then remove that face again.
          await page.getByTestId('person-add-photo').setInputFiles(otherPhoto);
          await expect
            .poll(() => page.getByTestId('person-face').count(), { timeout: 90_000 })
            .toBe(2);
          expect(await page.getByTestId('person-error').count()).toBe(0);
          await page.getByTestId('face-remove').last().click();
          await expect
            .poll(() => page.getByTestId('person-face').count(), { timeout: 30_000 })
            .toBe(1);
          if (size.label === 'phone') await shot(page, `${tag}-person.png`);

          // Recognised from another photo on the search page, by her Japanese name.
          await page.getByTestId('nav-search').click();
          await page.getByTestId('photo-gallery').setInputFiles(otherPhoto);
          expect(await searchOutcome(page)).toMatchObject({ shown: 'result-name', text: NAME });

          // The entry in the recognition log: her name and the phone's key.
          await page.getByTestId('nav-console').click();
          await page.getByTestId('tab-log').click();
          const first = page.getByTestId('log-row').first();
          await first.waitFor({ timeout: 15_000 });
          expect(await first.getByTestId('log-person').textContent()).toContain(NAME);
          expect(await first.textContent()).toContain('lobby phone');
          await shot(page, `${tag}-log${size.label === 'desktop' ? '-desktop' : ''}.png`);

          // Delete her (hard delete, confirmed).
          await page.goto(`${server.url}/#/people/${personId}`);
          await page.getByTestId('person-delete').click();
          expect(await page.getByTestId('person-confirm').textContent()).toContain(NAME);
          await page.getByTestId('person-delete-confirm').click();
          await expect
            .poll(() => page.getByTestId('person-notice').textContent(), { timeout: 30_000 })
            .toContain(NAME);
          await page.getByTestId('tab-log').click();
          await page.getByTestId('log-row').first().waitFor();
          expect(await page.getByTestId('log-table').textContent()).not.toContain(NAME);
          expect(await page.getByTestId('log-person').first().textContent()).toMatch(
            lang === 'ja' ? /削除された人物/ : /deleted person/,
          );
          await page.getByTestId('tab-people').click();
          await page
            .locator('[data-testid=people-empty], [data-testid=people-list]')
            .first()
            .waitFor();
          expect(await page.locator('main').textContent()).not.toContain(NAME);

          // No trace of her name, FaceId, id or thumbnail in any file under the data folder.
          const needles = [
            Buffer.from(NAME),
            Buffer.from(faceId),
            Buffer.from(personId),
            thumbBytes.subarray(
              Math.floor(thumbBytes.length / 2),
              Math.floor(thumbBytes.length / 2) + 48,
            ),
          ];
          for (const file of filesUnder(data)) {
            const bytes = readFileSync(file);
            for (const needle of needles)
              expect(
                bytes.includes(needle),
                `${needle.toString('hex').slice(0, 32)} in ${file}`,
              ).toBe(false);
          }
          await context.close();
        },
        SLOW,
      );
});
