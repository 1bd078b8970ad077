/**
 * `facegate soracom setup --beam / --endorse` and `teardown --beam / --endorse` (a real CLI
 * process) against the emulator: the requests a dry run shows (PSK masked), the group
 * configuration a real run leaves, and a SIM using it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startSoracomEmulator, type SoracomEmulator } from '@facegate/soracom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, '../apps/cli/dist/main.js');
const OP = 'OP0000000043';
const AUTH = { authKeyId: 'keyId-be', authKey: 'secret-be-do-not-print' };
const PSK = 'beam-psk-do-not-print';
const SIM = '440101112000001';

const dir = mkdtempSync(join(tmpdir(), 'facegate-beam-cli-'));
let emu: SoracomEmulator;

beforeAll(async () => {
  emu = await startSoracomEmulator({
    stateFile: join(dir, 'soracom.json'),
    seed: {
      operators: [{ operatorId: OP }],
      authKeys: [{ operatorId: OP, ...AUTH }],
      sims: [{ imsi: SIM, msisdn: '819011120001' }],
    },
  });
  writeFileSync(join(dir, 'psk'), `${PSK}\n`, { mode: 0o600 });
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function soracom(...args: string[]): Promise<string> {
  const env = {
    ...process.env,
    SORACOM_AUTH_KEY_ID: AUTH.authKeyId,
    SORACOM_AUTH_KEY: AUTH.authKey,
  };
  const { stdout, stderr } = await run(
    process.execPath,
    [CLI, 'soracom', ...args, '--endpoint', emu.apiUrl],
    {
      env,
    },
  );
  expect(stdout + stderr).not.toContain(AUTH.authKey);
  expect(stdout + stderr).not.toContain(PSK);
  return stdout;
}

const setup = [
  'setup',
  '--group',
  'sims',
  '--api-endpoint',
  'https://api.example.com/prod/search',
  '--beam',
  '--beam-psk-file',
  join(dir, 'psk'),
  '--endorse',
  '--imsi',
  SIM,
];

describe('facegate soracom setup/teardown with Beam and Endorse', () => {
  it('shows the SoracomBeam and SoracomEndorse requests in a dry run, PSK masked', async () => {
    const out = await soracom(...setup, '--dry-run');
    expect(out).toContain('PUT /v1/groups/{groupId}/configuration/SoracomBeam');
    expect(out).toContain(
      '[{"key":"http://beam.soracom.io:8888/","value":{"name":"facegate","destination":"https://api.example.com","enabled":true,"addSubscriberHeader":true,"addSignature":true,"psk":"********"}}]',
    );
    expect(out).toContain('PUT /v1/groups/{groupId}/configuration/SoracomEndorse');
    expect(out).toContain('[{"key":"enabled","value":true},{"key":"includeImsi","value":true}]');
    expect(out).toContain('\\"mode\\":\\"endorse\\"');
    expect(out).not.toContain('apiKey');
  });

  it('configures both on the group; the SIM gets a token; teardown --endorse removes only Endorse', async () => {
    const out = await soracom(...setup, '--endorse-url', emu.sims[0]!.endorseUrl);
    expect(out).toContain('set SoracomBeam http://beam.soracom.io:8888/');
    expect(out).toContain('set SoracomEndorse enabled, includeImsi');
    const userdata = JSON.parse(
      await (await fetch(`${emu.sims[0]!.metadataUrl}/v1/userdata`)).text(),
    );
    expect(userdata).toEqual({
      mode: 'endorse',
      apiEndpoint: 'https://api.example.com/prod/search',
      endorseUrl: emu.sims[0]!.endorseUrl,
    });
    expect((await fetch(`${emu.sims[0]!.endorseUrl}/`)).status).toBe(200);
    expect(await soracom('teardown', '--group', 'sims', '--endorse')).toBe(
      'removed SoracomEndorse enabled from sims\nremoved SoracomEndorse includeImsi from sims\n',
    );
    expect((await fetch(`${emu.sims[0]!.endorseUrl}/`)).status).toBe(403);
    expect(await soracom('teardown', '--group', 'sims', '--beam')).toContain(
      'removed SoracomBeam http://beam.soracom.io:8888/ from sims',
    );
    expect(await soracom('teardown', '--group', 'sims')).toContain('deleted group sims');
  });

  it('refuses an API key in a SIM mode', async () => {
    await expect(
      soracom(
        'setup',
        '--group',
        'x',
        '--api-endpoint',
        'https://a/prod/search',
        '--endorse',
        '--api-key',
        'k'.repeat(20),
      ),
    ).rejects.toThrow(/stores no API key/);
  });
});
