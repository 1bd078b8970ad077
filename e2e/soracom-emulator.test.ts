/**
 * `facegate soracom emulator` as a real process: it prints where the API and each SIM are,
 * answers bad requests with SORACOM's status and message, keeps running, and stops cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEV_AUTH_KEY_ID, DEV_SIM_A_IMSI, EmulatorStore } from '@facegate/soracom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = resolve(import.meta.dirname, '../apps/cli/dist/main.js');
const state = join(mkdtempSync(join(tmpdir(), 'facegate-soracom-emu-')), 'state.json');
let child: ChildProcess;
let apiUrl = '';
let simUrl = '';
let localUrl = '';

beforeAll(async () => {
  child = spawn(
    process.execPath,
    [
      CLI,
      'soracom',
      'emulator',
      '--state',
      state,
      '--api-port',
      '0',
      '--metadata-port',
      '0',
      '--local-sim',
      '--quiet',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  await new Promise<void>((ok, fail) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('auth key ids')) ok();
    });
    child.once('exit', (code) => fail(new Error(`emulator exited ${code}: ${out}`)));
  });
  apiUrl = /SORACOM API\s+(\S+)/.exec(out)![1]!;
  simUrl = new RegExp(`SIM ${DEV_SIM_A_IMSI}\\s+(\\S+)/v1/userdata`).exec(out)![1]!;
  localUrl = /this machine's SIM \d+\s+(\S+)\/v1\/userdata/.exec(out)![1]!;
});
afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${apiUrl}${path}`, { method: 'POST', body, headers }).then(async (r) => ({
    status: r.status,
    body: await r.json(),
  }));

describe('facegate soracom emulator', () => {
  it('starts with the development seed: an auth key, SIM A on its own address and on 127.0.0.1', async () => {
    expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(new URL(localUrl).hostname).toBe('127.0.0.1');
    const key = EmulatorStore.open(state)
      .authKeys()
      .find((k) => k.authKeyId === DEV_AUTH_KEY_ID)!;
    const auth = await post(
      '/auth',
      JSON.stringify({ authKeyId: key.authKeyId, authKey: key.authKey }),
    );
    expect(auth.status).toBe(200);
    const r = await fetch(`${simUrl}/v1/userdata`);
    expect([r.status, await r.text()]).toEqual([
      403,
      'You are not allowed to access Metadata Server.',
    ]);
  });

  it('answers bad requests with status and message, and keeps running', async () => {
    expect(await post('/auth', '{oops')).toMatchObject({ status: 400, body: { code: 'COM0001' } });
    expect(await post('/auth', '{"authKeyId":"keyId-facegate-dev","authKey":"wrong"}')).toEqual({
      status: 401,
      body: { code: 'AUM0004', message: 'Invalid authKeyId or authKey' },
    });
    expect(
      await post('/groups', '{}', { 'X-Soracom-API-Key': 'a', 'X-Soracom-Token': 'b' }),
    ).toMatchObject({ status: 401 });
    const u = new URL(apiUrl);
    const reply = await new Promise<string>((ok) => {
      let text = '';
      const s = connect(Number(u.port), u.hostname, () => s.end('\x00\x01garbage\r\n\r\n'));
      s.on('data', (d: Buffer) => (text += d.toString()));
      s.on('close', () => ok(text));
      s.on('error', () => ok(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(child.exitCode).toBeNull();
    expect((await fetch(`${simUrl}/v1/subscriber`)).status).toBe(403);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
