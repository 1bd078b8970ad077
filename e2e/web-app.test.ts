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
  browserSkipReason,
  launchChromium,
  phonePage,
  recordUploads,
  sample,
} from './web-harness.js';

// Until the embedded engine lands, `facegate serve` cannot start: say so rather than fail.
const engine = (await import('@facegate/engine').catch(() => ({}))) as { createEngine?: unknown };
const skip =
  browserSkipReason() ??
  (typeof engine.createEngine === 'function'
    ? undefined
    : '@facegate/engine does not export createEngine yet');
if (skip) console.warn(`skipping web app e2e: ${skip}`);

type RunningServer = { url: string; ctx: { db: unknown }; close(): Promise<void> };
type Emulator = {
  apiUrl: string;
  localSim?: { imsi: string; metadataUrl: string };
  authKeys: Array<{ authKeyId: string; authKey: string }>;
  close(): Promise<void>;
};

describe.skipIf(!!skip)('web app against facegate serve and the SORACOM emulator', () => {
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

  it('takes its settings from the SIM and recognises a 4000 px photo sent in under 400 KB', async () => {
    const { context, page } = await phonePage(browser, 'en');
    const uploads = recordUploads(page);
    await page.goto(server.url);
    await expect
      .poll(() => page.getByTestId('settings-source').getAttribute('data-source'))
      .toBe('sim');
    await page.getByTestId('settings-open').click();
    expect(await page.getByTestId('api-endpoint').inputValue()).toBe(`${server.url}/prod/search`);
    await page.getByRole('button', { name: 'Close' }).click();

    const big = await bigCopy(sample(1), path.join(tmp, 'taro-4000.jpg'));
    await page.getByTestId('photo-capture').setInputFiles(big);
    await expect
      .poll(() => page.getByTestId('result-name').textContent(), { timeout: 30_000 })
      .toBe('Taro Yamada');
    expect(await page.getByTestId('result-similarity').textContent()).toMatch(/\d+(\.\d)?%/);
    expect(await page.getByTestId('face-box').isVisible()).toBe(true);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.bytes).toBeLessThan(400 * 1024);
    expect(uploads[0]!.headers['x-api-key']).toBe(phoneKey);
    await context.close();
  });

  it('says it cannot identify a person nobody enrolled', async () => {
    const { context, page } = await phonePage(browser, 'ja');
    await page.goto(server.url);
    await expect
      .poll(() => page.getByTestId('settings-source').getAttribute('data-source'))
      .toBe('sim');
    await page.getByTestId('photo-capture').setInputFiles(sample(5));
    await expect
      .poll(() => page.getByTestId('result-unknown').textContent(), { timeout: 30_000 })
      .toBe('人物を特定できませんでした');
    await context.close();
  });

  it('works with manual settings when the metadata service is unreachable, and names a wrong key', async () => {
    const { context, page } = await phonePage(browser, 'en');
    await page.addInitScript(() => {
      if (!localStorage.getItem('facegate.metadataUrl'))
        localStorage.setItem('facegate.metadataUrl', 'http://127.0.0.1:9/v1/userdata');
    });
    await page.goto(server.url);
    await expect
      .poll(() => page.getByTestId('settings-source').getAttribute('data-source'))
      .toBe('none');

    const useKey = async (key: string) => {
      await page.getByTestId('settings-open').click();
      await page.getByTestId('api-endpoint').fill(`${server.url}/prod/search`);
      await page.getByTestId('api-key').fill(key);
      await page.getByTestId('settings-save').click();
    };
    await useKey('not-a-key');
    await page.getByTestId('photo-capture').setInputFiles(sample(1));
    await expect
      .poll(() => page.getByTestId('error').getAttribute('data-kind'), { timeout: 30_000 })
      .toBe('forbidden');
    expect(await page.getByTestId('error').textContent()).toContain('API key was refused');

    await useKey(phoneKey);
    expect(await page.getByTestId('settings-source').getAttribute('data-source')).toBe('manual');
    await page.getByTestId('photo-capture').setInputFiles(sample(1));
    await expect
      .poll(() => page.getByTestId('result-name').textContent(), { timeout: 30_000 })
      .toBe('Taro Yamada');
    await context.close();
  });

  it('enrols a new person from the operator page, who is then recognised', async () => {
    const { context, page } = await phonePage(browser, 'en');
    await page.goto(`${server.url}/#/enroll`);
    await expect
      .poll(() => page.getByTestId('enroll-base').inputValue())
      .toBe(`${server.url}/prod`);
    await page.getByTestId('enroll-key').fill(operatorKey);
    await page.getByTestId('enroll-signin-submit').click();
    await page.getByTestId('enroll-name').fill('Hanako Sato');
    await page.getByTestId('enroll-photo').setInputFiles(sample(2));
    await page.getByTestId('enroll-submit').click();
    await expect
      .poll(() => page.getByTestId('enroll-done').textContent(), { timeout: 30_000 })
      .toContain('Hanako Sato');

    await page.getByTestId('nav-search').click();
    await page.getByTestId('photo-capture').setInputFiles(sample(2));
    await expect
      .poll(() => page.getByTestId('result-name').textContent(), { timeout: 30_000 })
      .toBe('Hanako Sato');
    await context.close();
  });
});
