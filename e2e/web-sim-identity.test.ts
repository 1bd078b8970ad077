/**
 * SIM identity with no key anywhere, end to end: the built phone app in Debian's Chromium on
 * three emulated SIMs, each reached at its own loopback address as the SORACOM emulator maps a
 * connection to a SIM. SIM A's group runs Endorse (the app fetches a token from the SIM's
 * network and sends it), SIM B's runs Beam (the app posts plain HTTP to Beam's entry point,
 * which signs for the SIM with the PSK), SIM C runs Endorse but is not on the allowlist. The
 * real `facegate serve` verifies both and prints which IMSI asked.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSkipReason,
  launchChromium,
  phonePage,
  recordUploads,
  sample,
  searchOutcome,
  settingsFrom,
} from './web-harness.js';

declare const localStorage: { setItem(key: string, value: string): void };

const skip = browserSkipReason();
if (skip) console.warn(`skipping SIM identity web e2e: ${skip}`);

const SLOW = 180_000;
const OP = 'OP0000000015';
const AUTH = { authKeyId: 'keyId-sim-e2e', authKey: 'secret-sim-e2e' };
const SIM_A = '440100000000151';
const SIM_B = '440100000000152';
const SIM_C = '440100000000153';
const PSK = 'beam-psk-for-the-e2e-0151';

type Emulator = Awaited<ReturnType<typeof import('@facegate/soracom').startSoracomEmulator>>;
type RunningServer = { url: string; ctx: { db: unknown }; close(): Promise<void> };

describe.skipIf(!!skip)('phone app on SIMs with no API key (Endorse, Beam, refused)', () => {
  let tmp = '';
  let emulator: Emulator;
  let server: RunningServer;
  let browser: Browser;
  const serverLog: string[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'facegate-sim-e2e-'));
    const { startSoracomEmulator, SoracomClient, provisionGroup } =
      await import('@facegate/soracom');
    const { startServer, loadConfig } = await import('@facegate/server');
    const { ApiKeyStore, SimAllowlist } = await import('@facegate/api/search/keys/index');

    emulator = await startSoracomEmulator({
      stateFile: path.join(tmp, 'soracom.json'),
      seed: {
        operators: [{ operatorId: OP }],
        authKeys: [{ operatorId: OP, ...AUTH }],
        sims: [
          { imsi: SIM_A, msisdn: '818000000151' },
          { imsi: SIM_B, msisdn: '818000000152' },
          { imsi: SIM_C, msisdn: '818000000153' },
        ],
      },
    });
    const config = loadConfig({ port: 0, data: path.join(tmp, 'data') }, {});
    config.sim = { beamPsks: [{ psk: PSK }], endorse: { jwksUrl: emulator.endorseJwksUrl } };
    server = (await startServer(config, {
      log: (line) => serverLog.push(line),
    })) as unknown as RunningServer;

    const keys = new ApiKeyStore(server.ctx.db as never);
    const sims = new SimAllowlist(server.ctx.db as never, keys);
    keys.createPlan({ name: 'phones', rate: 5, burst: 10 });
    sims.allow({ kind: 'imsi', value: SIM_A, plan: 'phones', scopes: ['search'] });
    sims.allow({ kind: 'imsi', value: SIM_B, plan: 'phones', scopes: ['search'] });
    // The operator enrols with a key; phones never hold one.
    const operatorKey = keys.createKey({ name: 'operator', scopes: ['enroll'] }).key;
    const photo = `data:image/jpeg;base64,${readFileSync(sample(1)).toString('base64')}`;
    const enrolled = await fetch(`${server.url}/prod/faces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-api-key': operatorKey },
      body: JSON.stringify({ name: 'Taro_Yamada', image_base64str: photo }),
    });
    expect(enrolled.status).toBe(200);

    const client = new SoracomClient({ endpoint: emulator.apiUrl });
    await client.authenticate(AUTH);
    const apiEndpoint = `${server.url}/prod/search`;
    const sim = (imsi: string) => emulator.sims.find((s) => s.imsi === imsi)!;
    for (const [group, imsi] of [
      ['endorse-a', SIM_A],
      ['endorse-c', SIM_C],
    ] as const) {
      await provisionGroup(client, {
        group,
        apiEndpoint,
        mode: 'endorse',
        endorse: true,
        endorseUrl: sim(imsi).endorseUrl,
        allowOrigin: server.url,
        imsis: [imsi],
      });
    }
    await provisionGroup(client, {
      group: 'beam-b',
      apiEndpoint,
      mode: 'beam',
      beam: { psk: PSK },
      beamUrl: sim(SIM_B).beamUrl,
      allowOrigin: server.url,
      imsis: [SIM_B],
    });
    browser = await launchChromium();
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await emulator?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** A phone on `imsi`: its app reads the metadata service at that SIM's address. */
  async function phoneOn(imsi: string, locale: 'en' | 'ja' = 'en') {
    const { context, page } = await phonePage(browser, locale);
    const userdata = `${emulator.simMetadataUrl(imsi)}/v1/userdata`;
    await page.addInitScript((url: string) => {
      localStorage.setItem('facegate.metadataUrl', url);
    }, userdata);
    const uploads = recordUploads(page);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(`${r.method()} ${r.url()}`));
    await page.goto(server.url);
    await settingsFrom(page, 'sim');
    return { context, page, uploads, userdata, requested };
  }

  it(
    'SIM A (Endorse) recognises a person with no key on the phone or in the metadata',
    async () => {
      const { context, page, uploads, userdata } = await phoneOn(SIM_A);
      expect(await (await fetch(userdata)).text()).not.toMatch(/apiKey/i);
      await page.getByTestId('photo-capture').setInputFiles(sample(1));
      expect(await searchOutcome(page)).toMatchObject({
        shown: 'result-name',
        text: 'Taro Yamada',
      });
      expect(uploads).toHaveLength(1);
      expect(uploads[0]!.headers['x-api-key']).toBeUndefined();
      expect(uploads[0]!.headers['authorization']).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toMatch(
        /apiKey|Bearer|eyJ/,
      );
      expect(serverLog).toContain(`search POST /prod/search imsi=${SIM_A} via=endorse 200`);
      await context.close();
    },
    SLOW,
  );

  it(
    'SIM B (Beam) recognises a person with no key, through the Beam entry point',
    async () => {
      const { context, page, uploads, userdata, requested } = await phoneOn(SIM_B, 'ja');
      expect(await (await fetch(userdata)).text()).not.toMatch(/apiKey/i);
      await page.getByTestId('photo-capture').setInputFiles(sample(1));
      expect(await searchOutcome(page)).toMatchObject({
        shown: 'result-name',
        text: 'Taro Yamada',
      });
      expect(uploads).toHaveLength(1);
      const beam = emulator.sims.find((s) => s.imsi === SIM_B)!.beamUrl;
      expect(uploads[0]!.headers['x-api-key']).toBeUndefined();
      expect(uploads[0]!.headers['x-soracom-signature']).toBeUndefined();
      expect(serverLog).toContain(`search POST /prod/search imsi=${SIM_B} via=beam 200`);
      // The phone spoke only to Beam's entry point, never to the API itself.
      expect(requested).toContain(`POST ${beam}/prod/search`);
      expect(requested).not.toContain(`POST ${server.url}/prod/search`);
      await context.close();
    },
    SLOW,
  );

  it(
    'SIM C, not on the allowlist, is refused with a clear message in both languages',
    async () => {
      for (const [locale, text] of [
        ['en', 'This SIM is not allowed to use face search'],
        ['ja', 'このSIMは顔検索の利用を許可されていません'],
      ] as const) {
        const { context, page } = await phoneOn(SIM_C, locale);
        await page.getByTestId('photo-capture').setInputFiles(sample(1));
        const refused = await searchOutcome(page);
        expect(refused).toMatchObject({ shown: 'error', kind: 'simRefused' });
        expect(refused.text).toContain(text);
        await context.close();
      }
      expect(serverLog).toContain(
        `search POST /prod/search imsi=${SIM_C} via=endorse refused (not on the SIM allowlist)`,
      );
    },
    SLOW,
  );
});
