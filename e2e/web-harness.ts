/**
 * Shared by the web app's end-to-end tests: Debian's Chromium through playwright-core, a phone
 * sized page, the sample face photos shipped in @vladmandic/face-api, and a 4000 px copy.
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.FACEGATE_CHROMIUM ?? '/usr/bin/chromium';
export const WEB_DIST = path.join(repoRoot, 'apps/web/dist/index.html');
export const SAMPLES = path.join(repoRoot, 'node_modules/@vladmandic/face-api/demo');

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserSkipReason(): string | undefined {
  if (!existsSync(CHROMIUM))
    return `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the web e2e tests`;
  if (!existsSync(WEB_DIST))
    return 'apps/web/dist is missing: run `npm run build -w apps/web` first';
  return undefined;
}

export function sample(n: number): string {
  return path.join(SAMPLES, `sample${n}.jpg`);
}

/** Launches Debian's Chromium; `extraArgs` e.g. for a fake camera. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/** A 360×640 phone page in the given language. */
export async function phonePage(
  browser: Browser,
  locale: 'ja' | 'en' = 'en',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: locale === 'ja' ? 'ja-JP' : 'en-US',
  });
  // Nothing may leave loopback: refuse any other host outright (metadata.soracom.io included).
  await context.route(/^https?:\/\/(?!127\.|localhost[:/]|\[::1\])/, (route) =>
    route.abort('addressunreachable'),
  );
  const page = await context.newPage();
  return { context, page };
}

/** Scales a photo to `width` px wide as a high-quality JPEG (a phone camera's size). */
export async function bigCopy(src: string, dest: string, width = 4000): Promise<string> {
  const sharp = (await import('sharp')).default;
  await sharp(src).resize({ width }).jpeg({ quality: 95 }).toFile(dest);
  return dest;
}

/** Collects the bodies of the search requests the page sends. */
export function recordUploads(
  page: Page,
  pathEnd = '/search',
): Array<{ bytes: number; body: string; headers: Record<string, string> }> {
  const seen: Array<{ bytes: number; body: string; headers: Record<string, string> }> = [];
  page.on('request', (req: Request) => {
    if (req.method() !== 'POST' || !new URL(req.url()).pathname.endsWith(pathEnd)) return;
    const buf = req.postDataBuffer();
    seen.push({
      bytes: buf?.length ?? 0,
      body: buf?.toString('utf8') ?? '',
      headers: req.headers(),
    });
  });
  return seen;
}

export interface SearchOutcome {
  /** `result-name`, `result-unknown` or `error`. */
  shown: string | null;
  text: string;
  /** The error's kind (`forbidden`, `network`, ...) when `shown` is `error`. */
  kind: string | null;
}

/**
 * Waits for what a search ends with (a name, the unknown message or an error) and says which,
 * so that a failure names what the page showed instead of timing out on one of them.
 */
export async function searchOutcome(page: Page, timeout = 90_000): Promise<SearchOutcome> {
  const el = page
    .locator('[data-testid=result-name], [data-testid=result-unknown], [data-testid=error]')
    .first();
  await el.waitFor({ timeout });
  return {
    shown: await el.getAttribute('data-testid'),
    text: ((await el.textContent()) ?? '').trim(),
    kind: await el.getAttribute('data-kind'),
  };
}

/** Waits until the app says where its settings came from (`sim`, `manual` or `none`). */
export async function settingsFrom(page: Page, source: 'sim' | 'manual' | 'none'): Promise<void> {
  await page
    .locator(`[data-testid=settings-source][data-source=${source}]`)
    .waitFor({ timeout: 15_000 });
}
