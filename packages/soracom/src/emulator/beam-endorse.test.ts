/**
 * The emulated Beam entry point and Endorse, provisioned through the emulated API as
 * `facegate soracom setup --beam / --endorse` does, against a real HTTP destination.
 */
import { createHash, createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoracomClient } from '../client/soracom.client.js';
import { findGroupsByName, provisionGroup, teardownGroup } from '../provision/provision-group.js';
import { BEAM_NOT_CONFIGURED } from './beam.server.js';
import { startSoracomEmulator, type SoracomEmulator } from './emulator.js';
import { ENDORSE_NOT_ENABLED } from './endorse.server.js';
import { KEY, KEY_ID, SIM_A, SIM_B, tempStateFile, testSeed } from './test-helpers.js';

const PSK = 'beam-test-psk-0001';
let emu: SoracomEmulator;
let dest: Server;
let destUrl = '';
let stateFile = '';
let client: SoracomClient;
const received: Array<{ url: string; headers: IncomingHttpHeaders; body: Buffer }> = [];

beforeAll(async () => {
  dest = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-From': 'destination' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((r) => dest.listen(0, '127.0.0.1', r));
  destUrl = `http://127.0.0.1:${(dest.address() as AddressInfo).port}`;
  stateFile = tempStateFile();
  emu = await startSoracomEmulator({ stateFile, seed: testSeed() });
  client = new SoracomClient({ endpoint: emu.apiUrl });
  await client.authenticate({ authKeyId: KEY_ID, authKey: KEY });
  await provisionGroup(client, {
    group: 'endorse-group',
    apiEndpoint: `${destUrl}/prod/search`,
    mode: 'endorse',
    endorse: true,
    endorseUrl: emu.sims[0]!.endorseUrl,
    allowOrigin: 'http://app.example',
    imsis: [SIM_A],
  });
  await provisionGroup(client, {
    group: 'beam-group',
    apiEndpoint: `${destUrl}/prod/search`,
    mode: 'beam',
    beam: { psk: PSK },
    beamUrl: emu.sims[1]!.beamUrl,
    imsis: [SIM_B],
  });
});
afterAll(async () => {
  await emu?.close();
  await new Promise<void>((r) => dest.close(() => r()));
});

describe('emulated Beam', () => {
  it('forwards to the destination with the SIM’s IMSI, a timestamp and a valid signature', async () => {
    received.length = 0;
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x80, 0xfe]);
    const res = await fetch(`${emu.sims[1]!.beamUrl}/prod/search?x=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'X-Soracom-Imsi': SIM_A },
      body: photo,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-from')).toBe('destination');
    expect(await res.json()).toEqual({ ok: true });
    const got = received[0]!;
    expect(got.url).toBe('/prod/search?x=1');
    expect(got.body.equals(photo)).toBe(true);
    // The device's own X-Soracom-Imsi is dropped: Beam names the SIM it is connected to.
    expect(got.headers['x-soracom-imsi']).toBe(SIM_B);
    const ts = got.headers['x-soracom-timestamp'] as string;
    expect(Math.abs(Number(ts) - Date.now())).toBeLessThan(60_000);
    expect(got.headers['x-soracom-signature-version']).toBe('20151001');
    expect(got.headers['x-soracom-signature']).toBe(
      createHash('sha256')
        .update(`${PSK}x-soracom-imsi=${SIM_B}x-soracom-timestamp=${ts}`)
        .digest('hex'),
    );
  });

  it('picks the entry point whose path is the longest prefix, forwarding what follows it', async () => {
    const [group] = await findGroupsByName(client, 'beam-group');
    await client.putConfiguration(group!.groupId, 'SoracomBeam', [
      {
        key: 'http://beam.soracom.io:8888/api',
        value: { destination: `${destUrl}/other`, enabled: true, addSubscriberHeader: true },
      },
    ]);
    received.length = 0;
    expect((await fetch(`${emu.sims[1]!.beamUrl}/api/x?y=1`)).status).toBe(201);
    expect((await fetch(`${emu.sims[1]!.beamUrl}/apix`)).status).toBe(201);
    expect(received.map((r) => r.url)).toEqual(['/other/x?y=1', '/apix']);
    // This entry point signs nothing: it has no PSK.
    expect(received[0]!.headers['x-soracom-signature']).toBeUndefined();
    expect(received[1]!.headers['x-soracom-signature']).toBeDefined();
    await client.deleteConfiguration(
      group!.groupId,
      'SoracomBeam',
      'http://beam.soracom.io:8888/api',
    );
  });

  it('refuses a SIM whose group has no Beam entry point', async () => {
    const res = await fetch(`${emu.sims[0]!.beamUrl}/prod/search`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe(BEAM_NOT_CONFIGURED);
  });

  it('tells the phone in the userdata to post to Beam, with no key', async () => {
    const u = await (await fetch(`${emu.sims[1]!.metadataUrl}/v1/userdata`)).text();
    expect(JSON.parse(u)).toEqual({
      mode: 'beam',
      apiEndpoint: `${emu.sims[1]!.beamUrl}/prod/search`,
    });
  });
});

describe('emulated Endorse', () => {
  it('gives the SIM a token signed with the key it publishes, with SORACOM’s claims', async () => {
    const res = await fetch(`${emu.sims[0]!.endorseUrl}/?purpose=facegate`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://app.example');
    const { token } = (await res.json()) as { token: string };
    const [h, p, sig] = token.split('.') as [string, string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as {
      alg: string;
      kid: string;
    };
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    expect(header.alg).toBe('RS256');
    expect(claims).toMatchObject({
      aud: 'soracom-endorse-audience',
      iss: 'https://soracom.io',
      sub: 'soracom-endorse',
      'soracom-endorse-claim': { imsi: SIM_A, requestParameters: { purpose: 'facegate' } },
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(600);
    expect((claims.iat as number) - (claims.nbf as number)).toBe(60);

    const jwks = (await (await fetch(emu.endorseJwksUrl)).json()) as { keys: JsonWebKey[] };
    const jwk = jwks.keys.find((k) => k['kid'] === header.kid)!;
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(sig, 'base64url'))).toBe(
      true,
    );
    const pem = await (await fetch(`${emu.endorseKeyBaseUrl}${header.kid}`)).text();
    expect(pem).toContain('BEGIN PUBLIC KEY');
    expect(verify('sha256', Buffer.from(`${h}.${p}`), pem, Buffer.from(sig, 'base64url'))).toBe(
      true,
    );
  });

  it('refuses a SIM whose group has Endorse off', async () => {
    const res = await fetch(`${emu.sims[1]!.endorseUrl}/`);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe(ENDORSE_NOT_ENABLED);
  });

  it('keeps its signing key across a restart', async () => {
    const before = (await (await fetch(emu.endorseJwksUrl)).json()) as { keys: JsonWebKey[] };
    const again = await startSoracomEmulator({ stateFile });
    try {
      const after = (await (await fetch(again.endorseJwksUrl)).json()) as { keys: JsonWebKey[] };
      expect(after.keys[0]!['kid']).toBe(before.keys[0]!['kid']);
      expect(after.keys[0]!['n']).toBe(before.keys[0]!['n']);
    } finally {
      await again.close();
    }
  });
});

describe('setup and teardown of Beam and Endorse', () => {
  it('a second setup changes nothing; teardown --endorse/--beam removes only those settings', async () => {
    const again = await provisionGroup(client, {
      group: 'beam-group',
      apiEndpoint: `${destUrl}/prod/search`,
      mode: 'beam',
      beam: { psk: PSK },
      beamUrl: emu.sims[1]!.beamUrl,
      imsis: [SIM_B],
    });
    expect(again.changes).toEqual([]);
    const r = await teardownGroup(client, { group: 'beam-group', only: ['beam'] });
    expect(r.removedConfiguration).toEqual(['SoracomBeam http://beam.soracom.io:8888/']);
    expect(r.deletedGroupIds).toEqual([]);
    expect((await fetch(`${emu.sims[1]!.beamUrl}/prod/search`)).status).toBe(403);
    const e = await teardownGroup(client, { group: 'endorse-group', only: ['endorse'] });
    expect(e.removedConfiguration).toEqual([
      'SoracomEndorse enabled',
      'SoracomEndorse includeImsi',
    ]);
    expect((await fetch(`${emu.sims[0]!.endorseUrl}/`)).status).toBe(403);
  });

  it('refuses a mode without its service, a key in a SIM mode, and a short PSK', async () => {
    const base = { group: 'x', apiEndpoint: `${destUrl}/prod/search` };
    await expect(provisionGroup(client, { ...base, mode: 'beam' })).rejects.toThrow(/needs --beam/);
    await expect(
      provisionGroup(client, { ...base, mode: 'endorse', endorse: true, apiKey: 'k'.repeat(20) }),
    ).rejects.toThrow(/no API key/);
    await expect(
      provisionGroup(client, { ...base, mode: 'beam', beam: { psk: 'short' } }),
    ).rejects.toThrow(/at least 8/);
  });
});
