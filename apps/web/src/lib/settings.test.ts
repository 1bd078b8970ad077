import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiBase,
  clampThreshold,
  fetchUserdata,
  isComplete,
  loadManual,
  normalizeMetadataUrl,
  parseUserdata,
  saveManual,
} from './settings.js';

describe('parseUserdata', () => {
  it('reads the SIM group userdata of the hands-on', () => {
    expect(parseUserdata('{"apiEndpoint":"https://x/prod/search","apiKey":"k"}')).toEqual({
      apiEndpoint: 'https://x/prod/search',
      apiKey: 'k',
      threshold: 80,
    });
    expect(
      parseUserdata('{"apiEndpoint":"https://x/prod/search","apiKey":"k","threshold":5}')
        ?.threshold,
    ).toBe(10);
  });

  it('refuses other userdata', () => {
    expect(parseUserdata('not json')).toBeUndefined();
    expect(parseUserdata('{"apiKey":"k"}')).toBeUndefined();
    expect(parseUserdata('[1]')).toBeUndefined();
  });
});

describe('helpers', () => {
  it('clamps the threshold to the slider', () => {
    expect(clampThreshold(150)).toBe(100);
    expect(clampThreshold('55')).toBe(55);
    expect(clampThreshold('x')).toBe(80);
  });

  it('derives the API base from the endpoint', () => {
    expect(apiBase('https://a.example/prod/search')).toBe('https://a.example/prod');
    expect(apiBase('http://127.0.0.1:8080/prod/search/')).toBe('http://127.0.0.1:8080/prod');
  });

  it('accepts a bare metadata base', () => {
    expect(normalizeMetadataUrl('http://127.0.0.2:8090')).toBe('http://127.0.0.2:8090/v1/userdata');
    expect(normalizeMetadataUrl(' http://metadata.soracom.io/v1/userdata ')).toBe(
      'http://metadata.soracom.io/v1/userdata',
    );
  });

  it('needs an http(s) endpoint and a key', () => {
    expect(isComplete({ apiEndpoint: 'https://x/prod/search', apiKey: 'k', threshold: 80 })).toBe(
      true,
    );
    expect(isComplete({ apiEndpoint: 'x/prod/search', apiKey: 'k', threshold: 80 })).toBe(false);
    expect(isComplete({ apiEndpoint: 'https://x/prod/search', apiKey: '', threshold: 80 })).toBe(
      false,
    );
  });

  it('keeps manual settings in storage', () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
    };
    saveManual(storage, { apiEndpoint: 'https://x/prod/search', apiKey: 'k', threshold: 42 });
    expect(loadManual(storage)).toEqual({
      apiEndpoint: 'https://x/prod/search',
      apiKey: 'k',
      threshold: 42,
    });
  });
});

describe('fetchUserdata', () => {
  let server: Server;
  let base = '';
  const sockets = new Set<import('node:net').Socket>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/v1/userdata')
        res.end('{"apiEndpoint":"http://127.0.0.1/prod/search","apiKey":"k"}');
      // /hang never answers: the 1 s timeout must give up.
    });
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  it('reads the userdata', async () => {
    expect((await fetchUserdata(`${base}/v1/userdata`))?.apiKey).toBe('k');
  });

  it('gives up when the service does not answer in time', async () => {
    expect(await fetchUserdata(`${base}/hang`, 200)).toBeUndefined();
  });
});
