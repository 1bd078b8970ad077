/**
 * The phone app end to end: the built app in Debian's Chromium, served by the real
 * `facegate serve` (startServer: embedded engine, SQLite, Search API) and reading its settings
 * from the SORACOM emulator's metadata service, provisioned through the emulated SORACOM API
 * as `facegate soracom setup` does. Faces: the sample photos shipped in @vladmandic/face-api.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bigCopy,
  searchOutcome,
  settingsFrom,
  browserSkipReason,
  launchChromium,
  phonePage,
  recordUploads,
  sample,
} from './web-harness.js';
import { requireOrSkip } from '../test-support/require-or-skip.js';

/** Browser globals used inside page callbacks (they run in Chromium, not in Node). */
declare const localStorage: {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
};

const skip = requireOrSkip('the web app e2e tests', browserSkipReason());

type RunningServer = { url: string; ctx: { db: unknown }; close(): Promise<void> };
type Emulator = {
  apiUrl: string;
  localSim?: { imsi: string; metadataUrl: string };
  authKeys: Array<{ authKeyId: string; authKey: string }>;
  close(): Promise<void>;
};

/** The engine may be cold or the machine busy: searches get time, each step still has a bound. */
const SLOW = 180_000;

describe.skipIf(skip)('web app against facegate serve and the SORACOM emulator', () => {
  let tmp = '';
  let server: RunningServer;
  let emulator: Emulator;
  let browser: Browser;
  let phoneKey = '';
  let operatorKey = '';

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'facegate-web-e2e-'));
    const { startSoracomEmulator, SoracomClient, provisionGroup } =
      await import('@facegate/soracom');
    const { startServer, loadConfig } = await import('@facegate/server');
    const { ApiKeyStore } = await import('@facegate/api/search/keys/index');

    emulator = (await startSoracomEmulator({
      stateFile: path.join(tmp, 'soracom.json'),
      localSim: {},
    })) as Emulator;
    const config = loadConfig(
      { port: 0, data: path.join(tmp, 'data'), metadataUrl: emulator.localSim!.metadataUrl },
      {},
    );
    server = (await startServer(config, { log: () => {} })) as unknown as RunningServer;

    const keys = new ApiKeyStore(server.ctx.db as never);
    phoneKey = keys.createKey({ name: 'phones', scopes: ['search'] }).key;
    operatorKey = keys.createKey({ name: 'operator', scopes: ['search', 'enroll'] }).key;

    // Taro_Yamada is enrolled through the Search API's enrolment route, as an operator would.
    const photo = `data:image/jpeg;base64,${readFileSync(sample(1)).toString('base64')}`;
    const enrolled = await fetch(`${server.url}/prod/faces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-api-key': operatorKey },
      body: JSON.stringify({ name: 'Taro_Yamada', image_base64str: photo }),
    });
    expect(enrolled.status).toBe(200);

    // The hands-on's step 4: the SIM group's userdata carries the endpoint and the phone key.
    const client = new SoracomClient({ endpoint: emulator.apiUrl });
    await client.authenticate(emulator.authKeys[0]!);
    await provisionGroup(client, {
      group: 'facegate-web-e2e',
      apiEndpoint: `${server.url}/prod/search`,
      apiKey: phoneKey,
      allowOrigin: server.url,
      imsis: [emulator.localSim!.imsi],
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await emulator?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it(
    'takes its settings from the SIM and recognises a 4000 px photo sent in under 400 KB',
    async () => {
      const { context, page } = await phonePage(browser, 'en');
      const uploads = recordUploads(page);
      await page.goto(server.url);
      await settingsFrom(page, 'sim');
      await page.getByTestId('settings-open').click();
      expect(await page.getByTestId('api-endpoint').inputValue()).toBe(`${server.url}/prod/search`);
      await page.getByRole('button', { name: 'Close', exact: true }).click();

      const big = await bigCopy(sample(1), path.join(tmp, 'taro-4000.jpg'));
      await page.getByTestId('photo-capture').setInputFiles(big);
      expect(await searchOutcome(page)).toMatchObject({
        shown: 'result-name',
        text: 'Taro Yamada',
      });
      expect(await page.getByTestId('result-similarity').textContent()).toMatch(/\d+(\.\d)?%/);
      expect(await page.getByTestId('face-box').isVisible()).toBe(true);
      expect(uploads).toHaveLength(1);
      expect(uploads[0]!.bytes).toBeLessThan(400 * 1024);
      expect(uploads[0]!.headers['x-api-key']).toBe(phoneKey);
      await context.close();
    },
    SLOW,
  );

  it(
    'says it cannot identify a person nobody enrolled',
    async () => {
      const { context, page } = await phonePage(browser, 'ja');
      await page.goto(server.url);
      await settingsFrom(page, 'sim');
      await page.getByTestId('photo-capture').setInputFiles(sample(5));
      expect(await searchOutcome(page)).toMatchObject({
        shown: 'result-unknown',
        text: '人物を特定できませんでした',
      });
      await context.close();
    },
    SLOW,
  );

  it(
    'works with manual settings when the metadata service is unreachable, and names a wrong key',
    async () => {
      const { context, page } = await phonePage(browser, 'en');
      await page.addInitScript(() => {
        if (!localStorage.getItem('facegate.metadataUrl'))
          localStorage.setItem('facegate.metadataUrl', 'http://127.0.0.1:9/v1/userdata');
      });
      await page.goto(server.url);
      await settingsFrom(page, 'none');

      const useKey = async (key: string) => {
        await page.getByTestId('settings-open').click();
        await page.getByTestId('api-endpoint').fill(`${server.url}/prod/search`);
        await page.getByTestId('api-key').fill(key);
        await page.getByTestId('settings-save').click();
        // Start each search on a fresh page, so no earlier answer is still on screen.
        await page.reload();
        await settingsFrom(page, 'manual');
      };
      await useKey('not-a-key');
      await page.getByTestId('photo-capture').setInputFiles(sample(1));
      const refused = await searchOutcome(page);
      expect(refused).toMatchObject({ shown: 'error', kind: 'forbidden' });
      expect(refused.text).toContain('API key was refused');

      await useKey(phoneKey);
      await page.getByTestId('photo-capture').setInputFiles(sample(1));
      expect(await searchOutcome(page)).toMatchObject({
        shown: 'result-name',
        text: 'Taro Yamada',
      });
      await context.close();
    },
    SLOW,
  );

  it(
    'enrols a new person from the operator page, who is then recognised',
    async () => {
      const { context, page } = await phonePage(browser, 'en');
      await page.goto(`${server.url}/#/enroll`);
      await settingsFrom(page, 'sim');
      expect(await page.getByTestId('enroll-base').inputValue()).toBe(`${server.url}/prod`);
      await page.getByTestId('enroll-key').fill(operatorKey);
      await page.getByTestId('enroll-signin-submit').click();
      await page.getByTestId('enroll-name').fill('Hanako Sato');
      await page.getByTestId('enroll-photo').setInputFiles(sample(2));
      await page.getByTestId('enroll-submit').click();
      const done = page.locator('[data-testid=enroll-done], [data-testid=enroll-error]').first();
      await done.waitFor({ timeout: 90_000 });
      expect(await done.textContent()).toContain('Hanako Sato was enrolled');

      await page.getByTestId('nav-search').click();
      await page.getByTestId('photo-capture').setInputFiles(sample(2));
      expect(await searchOutcome(page)).toMatchObject({
        shown: 'result-name',
        text: 'Hanako Sato',
      });
      await context.close();
    },
    SLOW,
  );
});
