import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fetchTransport, SoracomUnreachableError } from './transport.js';

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const auth = { method: 'POST' as const, path: '/auth', headers: {}, body: {} };

describe('fetchTransport when the API cannot be reached', () => {
  it('names the host and the cause, and hints --endpoint for the emulator', async () => {
    const port = await closedPort();
    const err = await fetchTransport()(`http://127.0.0.1:${port}/v1`, auth).catch((e) => e);
    expect(err).toBeInstanceOf(SoracomUnreachableError);
    expect(err.message).toBe(
      `cannot reach the SORACOM API at 127.0.0.1:${port}: connection refused (ECONNREFUSED; nothing listens there). ` +
        'For the local emulator (npm start runs it), pass --endpoint http://127.0.0.1:8790',
    );
  });

  it('says when the name does not resolve (no network)', async () => {
    // DNS cannot be made to fail here without the network: fetch's own error shape instead.
    const offline = (async () => {
      throw Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.soracom.io'), {
          code: 'ENOTFOUND',
        }),
      });
    }) as typeof fetch;
    const err = await fetchTransport(offline)('https://api.soracom.io/v1', auth).catch((e) => e);
    expect(err.message).toMatch(
      /^cannot reach the SORACOM API at api\.soracom\.io: the name api\.soracom\.io does not resolve \(ENOTFOUND; no network\?\)\. .*--endpoint http:\/\/127\.0\.0\.1:8790$/,
    );
  });
});
