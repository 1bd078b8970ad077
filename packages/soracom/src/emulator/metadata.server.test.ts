import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSoracomEmulator, type SoracomEmulator } from './emulator.js';
import { NO_SUCH_KEY, NOT_ALLOWED, READ_ONLY, valueAtPath } from './metadata.server.js';
import { OP, SIM_A, SIM_B, tempStateFile, testSeed } from './test-helpers.js';
import type { Subscriber } from '../types.js';

let emu: SoracomEmulator;
let dev: SoracomEmulator;
let groupId: string;

const get = async (base: string, path: string, init?: RequestInit) => {
  const res = await fetch(`${base}${path}`, init);
  return { status: res.status, text: await res.text(), headers: res.headers };
};

beforeAll(async () => {
  emu = await startSoracomEmulator({
    stateFile: tempStateFile(),
    seed: testSeed(),
    localSim: { imsi: SIM_B },
  });
  const s = emu.store;
  groupId = s.createGroup(OP, { name: 'g' }).groupId;
  s.putConfiguration(OP, groupId, 'SoracomAir', [
    {
      key: 'metadata',
      value: { enabled: true, readonly: true, allowOrigin: 'http://app.example' },
    },
    { key: 'userdata', value: '{"apiEndpoint":"http://api.example/prod/search","apiKey":"k"}' },
  ]);
  s.setGroup(OP, SIM_A, groupId);
  dev = await startSoracomEmulator({
    stateFile: tempStateFile(),
    seed: testSeed(),
    devImsiHeader: true,
  });
});
afterAll(async () => {
  await emu.close();
  await dev.close();
});

describe('emulated Air metadata service', () => {
  it('gives each SIM its own address on one port (or its own port)', () => {
    const [a, b] = emu.sims.map((s) => new URL(s.metadataUrl));
    if (emu.addressing === 'address') {
      expect([a!.hostname, b!.hostname]).toEqual(['127.0.0.2', '127.0.0.3']);
      expect(a!.port).toBe(b!.port);
    } else {
      expect(a!.port).not.toBe(b!.port);
    }
    expect(emu.simMetadataUrl(SIM_A)).toBe(emu.sims[0]!.metadataUrl);
    expect(() => emu.simMetadataUrl('1')).toThrow(/no SIM/);
  });

  it('serves userdata as stored, the subscriber, and bare values by path', async () => {
    const base = emu.simMetadataUrl(SIM_A);
    const u = await get(base, '/v1/userdata');
    expect(u.text).toBe('{"apiEndpoint":"http://api.example/prod/search","apiKey":"k"}');
    expect(JSON.parse((await get(base, '/v1/subscriber')).text)).toMatchObject({
      imsi: SIM_A,
      groupId,
      tags: { name: 'A' },
    });
    expect((await get(base, '/v1/subscriber.imsi')).text).toBe(SIM_A);
    expect((await get(base, '/v1/subscriber.tags.name')).text).toBe('A');
    expect((await get(base, '/v1/subscriber.sessionStatus.online')).text).toBe('true');
    expect(await get(base, '/v1/subscriber.tags.nothing')).toMatchObject({
      status: 404,
      text: NO_SUCH_KEY,
    });
  });

  it('refuses a SIM without a group, and a group with metadata off', async () => {
    expect(await get(emu.simMetadataUrl(SIM_B), '/v1/userdata')).toMatchObject({
      status: 403,
      text: NOT_ALLOWED,
    });
    const off = emu.store.createGroup(OP, { name: 'off' }).groupId;
    emu.store.putConfiguration(OP, off, 'SoracomAir', [
      { key: 'metadata', value: { enabled: false, readonly: true } },
    ]);
    emu.store.setGroup(OP, SIM_B, off);
    const r = await get(emu.simMetadataUrl(SIM_B), '/v1/subscriber');
    expect(r).toMatchObject({ status: 403, text: NOT_ALLOWED });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    emu.store.unsetGroup(OP, SIM_B);
  });

  it("answers CORS with the group's allowOrigin, preflight included", async () => {
    const base = emu.simMetadataUrl(SIM_A);
    const r = await get(base, '/v1/userdata', { headers: { Origin: 'http://evil.example' } });
    expect(r.headers.get('access-control-allow-origin')).toBe('http://app.example');
    const pre = await get(base, '/v1/subscriber/tags', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://app.example',
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://app.example');
    expect(pre.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('refuses writes when read-only and allows them when writable', async () => {
    const base = emu.simMetadataUrl(SIM_A);
    const tag = { method: 'PUT', body: '[{"tagName":"room","tagValue":"101"}]' };
    expect(await get(base, '/v1/subscriber/tags', tag)).toMatchObject({
      status: 403,
      text: READ_ONLY,
    });
    emu.store.putConfiguration(OP, groupId, 'SoracomAir', [
      {
        key: 'metadata',
        value: { enabled: true, readonly: false, allowOrigin: 'http://app.example' },
      },
    ]);
    expect((await get(base, '/v1/subscriber/tags', tag)).status).toBe(200);
    expect((await get(base, '/v1/subscriber.tags.room')).text).toBe('101');
    const speed = await get(base, '/v1/subscriber/update_speed_class', {
      method: 'POST',
      body: '{"speedClass":"s1.fast"}',
    });
    expect(JSON.parse(speed.text)).toMatchObject({ speedClass: 's1.fast' });
    expect((await get(base, '/v1/subscriber/tags/room', { method: 'DELETE' })).status).toBe(204);
    const bad = await get(base, '/v1/subscriber/tags', { method: 'PUT', body: '[' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ code: 'COM0001' });
    expect(bad.headers.get('access-control-allow-origin')).toBe('http://app.example');
  });

  it('serves "this machine\'s SIM" on 127.0.0.1', () => {
    expect(emu.localSim).toMatchObject({ imsi: SIM_B });
    expect(new URL(emu.localSim!.metadataUrl).hostname).toBe('127.0.0.1');
  });

  it('ignores X-Soracom-Imsi unless the development flag allows it', async () => {
    const claim = { headers: { 'X-Soracom-Imsi': SIM_A } };
    expect((await get(emu.simMetadataUrl(SIM_B), '/v1/subscriber.imsi', claim)).status).toBe(403);
    const g = dev.store.createGroup(OP, { name: 'd' }).groupId;
    dev.store.putConfiguration(OP, g, 'SoracomAir', [
      { key: 'metadata', value: { enabled: true, readonly: true } },
    ]);
    dev.store.setGroup(OP, SIM_A, g);
    expect((await get(dev.simMetadataUrl(SIM_B), '/v1/subscriber.imsi', claim)).text).toBe(SIM_A);
  });
});

describe('valueAtPath', () => {
  it('walks own properties only', () => {
    const s = { imsi: '1', tags: { name: 'x' } } as unknown as Subscriber;
    expect(valueAtPath(s, 'tags.name')).toBe('x');
    expect(valueAtPath(s, 'tags')).toEqual({ name: 'x' });
    expect(valueAtPath(s, 'constructor')).toBeUndefined();
    expect(valueAtPath(s, 'imsi.length')).toBeUndefined();
  });
});
