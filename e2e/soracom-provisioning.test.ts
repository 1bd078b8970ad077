/**
 * The SIM side end to end: the `facegate soracom` CLI (a real process) provisions groups
 * through the emulated SORACOM API, and each emulated SIM reads its own settings from the
 * metadata service at its own address, as a phone on a SORACOM SIM would.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  NOT_ALLOWED,
  READ_ONLY,
  SoracomClient,
  startSoracomEmulator,
  type SeedFile,
  type SoracomEmulator,
} from '@facegate/soracom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, '../apps/cli/dist/main.js');
const OP = 'OP0000000042';
const AUTH = { authKeyId: 'keyId-e2e', authKey: 'secret-e2e-do-not-print' };
const SIM_A = '440101111000001';
const SIM_B = '440101111000002';
const SIM_C = '440101111000003';
const seed: SeedFile = {
  operators: [{ operatorId: OP }],
  authKeys: [{ operatorId: OP, ...AUTH }],
  sims: [
    { imsi: SIM_A, msisdn: '819011110001', tags: { name: 'A' } },
    { imsi: SIM_B, msisdn: '819011110002', tags: { name: 'B' } },
    { imsi: SIM_C, msisdn: '819011110003', tags: { name: 'C' } },
  ],
};

const stateFile = join(mkdtempSync(join(tmpdir(), 'facegate-soracom-e2e-')), 'soracom.json');
let emu: SoracomEmulator;

/** Runs `facegate soracom ...` against the emulator with the AuthKey in the environment. */
async function soracom(...args: string[]): Promise<string> {
  const env = {
    ...process.env,
    SORACOM_AUTH_KEY_ID: AUTH.authKeyId,
    SORACOM_AUTH_KEY: AUTH.authKey,
  };
  const { stdout, stderr } = await run(
    process.execPath,
    [CLI, 'soracom', ...args, '--endpoint', emu.apiUrl],
    { env },
  );
  expect(stdout + stderr).not.toContain(AUTH.authKey);
  return stdout;
}

const dev = [
  '--group',
  'dev',
  '--api-endpoint',
  'http://127.0.0.1:3000/prod/search',
  '--api-key',
  'dev-key-0001',
];
const devOrigin = ['--allow-origin', 'http://localhost:5173'];
const prod = [
  '--group',
  'prod',
  '--api-endpoint',
  'https://abc.execute-api.ap-northeast-1.amazonaws.com/prod/search',
];
const prodRest = [
  '--api-key',
  'prod-key-0002',
  '--threshold',
  '90',
  '--allow-origin',
  'http://app.example',
];

async function read(imsi: string, path: string, init?: RequestInit) {
  const res = await fetch(`${emu.simMetadataUrl(imsi)}${path}`, init);
  return {
    status: res.status,
    text: await res.text(),
    origin: res.headers.get('access-control-allow-origin'),
  };
}

async function api(): Promise<SoracomClient> {
  const c = new SoracomClient({ endpoint: emu.apiUrl });
  await c.authenticate(AUTH);
  return c;
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx tsc -b apps/cli)`);
  emu = await startSoracomEmulator({ stateFile, seed });
});
afterAll(() => emu?.close());

describe('facegate soracom setup/teardown against the emulator', () => {
  it('provisions dev and prod groups; each SIM reads its own userdata', async () => {
    await soracom('setup', ...dev, ...devOrigin, '--imsi', SIM_A);
    await soracom('setup', ...prod, ...prodRest, '--imsi', SIM_B, '--speed-class', 's1.fast');

    expect(JSON.parse((await read(SIM_A, '/v1/userdata')).text)).toEqual({
      apiEndpoint: 'http://127.0.0.1:3000/prod/search',
      apiKey: 'dev-key-0001',
    });
    expect(JSON.parse((await read(SIM_B, '/v1/userdata')).text)).toEqual({
      apiEndpoint: 'https://abc.execute-api.ap-northeast-1.amazonaws.com/prod/search',
      apiKey: 'prod-key-0002',
      threshold: 90,
    });
    expect((await read(SIM_B, '/v1/subscriber.speedClass')).text).toBe('s1.fast');
    expect((await read(SIM_A, '/v1/subscriber.imsi')).text).toBe(SIM_A);
  });

  it('changes nothing when run a second time', async () => {
    const before = (await (await api()).listGroups()).map((g) => [g.groupId, g.lastModifiedTime]);
    const out = await soracom('setup', ...dev, ...devOrigin, '--imsi', SIM_A);
    expect(out).toContain('nothing changed');
    expect((await (await api()).listGroups()).map((g) => [g.groupId, g.lastModifiedTime])).toEqual(
      before,
    );
  });

  it('moving SIM A into prod changes what it reads', async () => {
    await soracom('setup', ...prod, ...prodRest, '--imsi', SIM_A);
    expect(JSON.parse((await read(SIM_A, '/v1/userdata')).text)).toMatchObject({
      apiKey: 'prod-key-0002',
    });
  });

  it("answers 403 with SORACOM's message to a SIM in no group, or in a group with metadata off", async () => {
    expect(await read(SIM_C, '/v1/userdata')).toMatchObject({
      status: 403,
      text: NOT_ALLOWED,
      origin: null,
    });
    const c = await api();
    const off = await c.createGroup({ name: 'off' });
    await c.putConfiguration(off.groupId, 'SoracomAir', [
      { key: 'metadata', value: { enabled: false, readonly: true } },
    ]);
    await c.setGroup(SIM_C, off.groupId);
    expect(await read(SIM_C, '/v1/subscriber')).toMatchObject({ status: 403, text: NOT_ALLOWED });
    await c.unsetGroup(SIM_C);
    await c.deleteGroup(off.groupId);
  });

  it('refuses writes in a read-only group and allows a tag change in a writable one', async () => {
    const put = { method: 'PUT', body: JSON.stringify([{ tagName: 'room', tagValue: '101' }]) };
    expect(await read(SIM_A, '/v1/subscriber/tags', put)).toMatchObject({
      status: 403,
      text: READ_ONLY,
    });
    await soracom(
      'setup',
      '--group',
      'lab',
      '--api-endpoint',
      'http://127.0.0.1:3000/prod/search',
      '--api-key',
      'lab-key',
      '--writable',
      '--imsi',
      SIM_C,
    );
    expect((await read(SIM_C, '/v1/subscriber/tags', put)).status).toBe(200);
    expect((await read(SIM_C, '/v1/subscriber.tags.room')).text).toBe('101');
  });

  it("answers CORS with the group's allowOrigin only", async () => {
    const evil = { headers: { Origin: 'http://evil.example' } };
    expect((await read(SIM_B, '/v1/userdata', evil)).origin).toBe('http://app.example');
    const pre = await read(SIM_B, '/v1/userdata', {
      method: 'OPTIONS',
      headers: { Origin: 'http://app.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(pre).toMatchObject({ status: 204, origin: 'http://app.example' });
    expect((await read(SIM_C, '/v1/userdata')).origin).toBeNull(); // the lab group set none
  });

  it('keeps everything across a restart', async () => {
    const groups = (await (await api()).listGroups()).map((g) => g.tags['name']).sort();
    await emu.close();
    emu = await startSoracomEmulator({ stateFile });
    expect((await (await api()).listGroups()).map((g) => g.tags['name']).sort()).toEqual(groups);
    expect(JSON.parse((await read(SIM_B, '/v1/userdata')).text)).toMatchObject({
      apiKey: 'prod-key-0002',
    });
    expect((await read(SIM_C, '/v1/subscriber.tags.room')).text).toBe('101');
  });

  it('teardown takes the SIMs out and leaves no group behind', async () => {
    for (const g of ['dev', 'prod', 'lab']) await soracom('teardown', '--group', g);
    expect(await (await api()).listGroups()).toEqual([]);
    for (const imsi of [SIM_A, SIM_B, SIM_C])
      expect((await read(imsi, '/v1/userdata')).status).toBe(403);
    expect(await soracom('teardown', '--group', 'dev')).toContain('nothing to delete');
  });
});
