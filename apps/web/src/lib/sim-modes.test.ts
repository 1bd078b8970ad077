import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from './api.js';
import { endorseToken, forgetEndorseToken } from './endorse.js';
import { isComplete, parseUserdata } from './settings.js';

describe('SIM modes in the userdata', () => {
  it('reads Endorse and Beam modes, which carry no key', () => {
    expect(
      parseUserdata(
        '{"mode":"endorse","apiEndpoint":"https://x/prod/search","endorseUrl":"https://endorse.soracom.io"}',
      ),
    ).toEqual({
      mode: 'endorse',
      apiEndpoint: 'https://x/prod/search',
      apiKey: '',
      threshold: 80,
      endorseUrl: 'https://endorse.soracom.io',
    });
    const beam = parseUserdata(
      '{"mode":"beam","apiEndpoint":"http://beam.soracom.io:8888/prod/search","threshold":90}',
    );
    expect(beam).toEqual({
      mode: 'beam',
      apiEndpoint: 'http://beam.soracom.io:8888/prod/search',
      apiKey: '',
      threshold: 90,
    });
    expect(isComplete(beam!)).toBe(true);
  });

  it('refuses Endorse without its URL and unknown modes', () => {
    expect(
      parseUserdata('{"mode":"endorse","apiEndpoint":"https://x/prod/search"}'),
    ).toBeUndefined();
    expect(
      parseUserdata('{"mode":"magic","apiEndpoint":"https://x","apiKey":"k"}'),
    ).toBeUndefined();
    expect(
      isComplete({ mode: 'endorse', apiEndpoint: 'https://x', apiKey: '', threshold: 80 }),
    ).toBe(false);
  });
});

describe('endorseToken', () => {
  let server: Server;
  let base = '';
  let served = 0;
  let refuse = false;
  const jwt = (exp: number) =>
    `e30.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.sig`;

  beforeAll(async () => {
    server = createServer((req, res) => {
      served++;
      if (refuse) return void res.writeHead(403).end('SORACOM Endorse is not enabled');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ token: jwt(Math.floor(Date.now() / 1000) + 600) }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reuses a fresh token, fetches again when it is near expiry or forgotten', async () => {
    forgetEndorseToken();
    served = 0;
    const first = await endorseToken(base);
    expect(await endorseToken(base)).toBe(first);
    expect(served).toBe(1);
    await endorseToken(base, Date.now() + 560_000);
    expect(served).toBe(2);
    forgetEndorseToken();
    await endorseToken(base);
    expect(served).toBe(3);
  });

  it('says the SIM is refused when Endorse refuses it', async () => {
    forgetEndorseToken();
    refuse = true;
    try {
      await expect(endorseToken(base)).rejects.toMatchObject({ kind: 'simRefused', status: 403 });
      await expect(endorseToken('http://127.0.0.1:9/')).rejects.toBeInstanceOf(ApiError);
    } finally {
      refuse = false;
    }
  });
});
