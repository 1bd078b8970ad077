import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSoracomEmulator, type SoracomEmulator } from './emulator.js';
import { KEY, KEY_ID, SIM_A, tempStateFile, testSeed } from './test-helpers.js';

let emu: SoracomEmulator;
let auth: { apiKey: string; token: string };

async function call(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${emu.apiUrl}${path}`, {
    method,
    body,
    headers: { 'X-Soracom-API-Key': auth.apiKey, 'X-Soracom-Token': auth.token, ...headers },
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

beforeAll(async () => {
  emu = await startSoracomEmulator({ stateFile: tempStateFile(), seed: testSeed() });
  const res = await fetch(`${emu.apiUrl}/auth`, {
    method: 'POST',
    body: JSON.stringify({ authKeyId: KEY_ID, authKey: KEY }),
  });
  auth = (await res.json()) as typeof auth;
});
afterAll(() => emu.close());

describe('emulated SORACOM API', () => {
  it('creates, reads, configures and deletes a group', async () => {
    const created = await call('POST', '/groups', JSON.stringify({ tags: { name: 'dev' } }));
    expect(created.status).toBe(201);
    const id = created.body!['groupId'] as string;
    expect(created.body).toMatchObject({
      tags: { name: 'dev' },
      configuration: {},
      operatorId: 'OP0000000099',
    });
    const put = await call(
      'PUT',
      `/groups/${id}/configuration/SoracomAir`,
      JSON.stringify([
        {
          key: 'metadata',
          value: { enabled: true, readonly: false, allowOrigin: 'http://a.example' },
        },
        { key: 'userdata', value: '{"apiKey":"k"}' },
      ]),
    );
    expect(put.status).toBe(200);
    expect(put.body!['configuration']).toEqual({
      SoracomAir: {
        metadata: { enabled: true, readonly: false, allowOrigin: 'http://a.example' },
        userdata: '{"apiKey":"k"}',
      },
    });
    expect((await call('GET', '/groups?tag_name=name&tag_value=dev')).body).toHaveLength(1);
    expect((await call('DELETE', `/groups/${id}/configuration/SoracomAir/userdata`)).status).toBe(
      204,
    );
    expect((await call('DELETE', `/groups/${id}`)).status).toBe(204);
    expect(await call('GET', `/groups/${id}`)).toEqual({
      status: 404,
      body: { code: 'GRM0001', message: `No such group: ${id}` },
    });
    expect((await call('DELETE', `/groups/${id}`)).status).toBe(404);
  });

  it('moves a SIM between groups and changes its speed class', async () => {
    const g = (await call('POST', '/groups', JSON.stringify({ tags: { name: 'x' } }))).body![
      'groupId'
    ] as string;
    const set = await call(
      'POST',
      `/subscribers/${SIM_A}/set_group`,
      JSON.stringify({ groupId: g }),
    );
    expect(set.body).toMatchObject({ imsi: SIM_A, groupId: g });
    expect((await call('GET', `/groups/${g}/subscribers`)).body).toHaveLength(1);
    const fast = await call(
      'POST',
      `/subscribers/${SIM_A}/update_speed_class`,
      JSON.stringify({ speedClass: 's1.fast' }),
    );
    expect(fast.body).toMatchObject({ speedClass: 's1.fast' });
    expect((await call('POST', `/subscribers/${SIM_A}/unset_group`)).body).toMatchObject({
      groupId: null,
    });
    expect((await call('GET', '/subscribers')).body).toHaveLength(2);
    expect((await call('GET', `/subscribers/${SIM_A}`)).body).toMatchObject({
      imsi: SIM_A,
      msisdn: '819000000001',
    });
  });

  it('answers bad requests with SORACOM status and a clear message, and stays up', async () => {
    const bad = [
      await call('POST', '/groups', '{"tags":'),
      await call('PUT', '/groups/nope/configuration/SoracomAir', '[]'),
      await call('POST', `/subscribers/${SIM_A}/set_group`, '{"groupId":"nope"}'),
      await call('POST', `/subscribers/${SIM_A}/set_group`, '{}'),
      await call('POST', `/subscribers/${SIM_A}/update_speed_class`, '{"speedClass":"warp"}'),
      await call('GET', '/subscribers/1234567'),
      await call('GET', '/nothing/here'),
      await call('GET', '/groups/%E0%A4%A'),
      await call('GET', '/groups', undefined, { 'X-Soracom-Token': 'forged' }),
    ];
    expect(bad.map((r) => `${r.status} ${r.body?.['code']}`)).toEqual([
      '400 COM0001',
      '404 GRM0001',
      '400 GRM0002',
      '400 COM0002',
      '400 COM0002',
      '404 SEM0001',
      '404 COM0003',
      '400 COM0002',
      '401 AUM0002',
    ]);
    expect(bad[0]!.body!['message']).toMatch(/not valid JSON/);
    expect(bad[3]!.body!['message']).toMatch(/groupId/);
    const noAuth = await fetch(`${emu.apiUrl}/groups`);
    expect(await noAuth.json()).toEqual({
      code: 'AUM0001',
      message: 'Token is required in the request header',
    });
    const wrongKey = await fetch(`${emu.apiUrl}/auth`, {
      method: 'POST',
      body: '{"authKeyId":"keyId-test","authKey":"x"}',
    });
    expect(wrongKey.status).toBe(401);
    expect((await call('GET', '/subscribers')).status).toBe(200);
  });

  it('refuses an oversized body and survives a malformed request line', async () => {
    const big = await call(
      'POST',
      '/groups',
      JSON.stringify({ tags: { name: 'x'.repeat(1_100_000) } }),
    );
    expect(big.status).toBe(413);
    const raw = await new Promise<string>((resolve, reject) => {
      const u = new URL(emu.apiUrl);
      const socket = connect(Number(u.port), u.hostname, () =>
        socket.end('NOT HTTP AT ALL\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect((await call('GET', '/subscribers')).status).toBe(200);
  });
});
