import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSearchApp } from '@facegate/api/search/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toProxyResult, toRequest, type ProxyEvent } from './proxy-event.js';
import {
  allowlistAuthorizer,
  parsePsks,
  parseSimAllowlist,
  readSecret,
  simConfigFromEnv,
  simVerifiersFor,
} from './sim.app.js';

const PSK = 'lambda-beam-psk-0001';
const ALLOWED = '440100000000001';
let extension: Server;
let port = '';
const tokens: string[] = [];

/** Stands in for the AWS Parameters and Secrets extension (it only runs inside Lambda). */
beforeAll(async () => {
  extension = createServer((req, res) => {
    tokens.push(String(req.headers['x-aws-parameters-secrets-token']));
    const id = new URL(req.url ?? '/', 'http://x').searchParams.get('secretId');
    if (id !== 'facegate/beam-psk') return void res.writeHead(400).end('unknown secret');
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ Name: id, SecretString: PSK }));
  });
  await new Promise<void>((r) => extension.listen(0, '127.0.0.1', r));
  port = String((extension.address() as AddressInfo).port);
});
afterAll(() => new Promise<void>((r) => extension.close(() => r())));

const env = () => ({
  FACEGATE_SIM_AUTH: 'on',
  FACEGATE_BEAM_PSK_SECRET: 'facegate/beam-psk',
  FACEGATE_SIM_ALLOWLIST: `${ALLOWED}:search+recognize,440100000000002`,
  PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: port,
  AWS_SESSION_TOKEN: 'session-token',
});

function beamEvent(imsi: string, extra: Record<string, string> = {}): ProxyEvent {
  const ts = String(Date.now());
  const sig = createHash('sha256')
    .update(`${PSK}x-soracom-imsi=${imsi}x-soracom-timestamp=${ts}`)
    .digest('hex');
  return {
    httpMethod: 'POST',
    path: '/search',
    headers: {
      'Content-Type': 'application/json',
      'X-Soracom-Imsi': imsi,
      'X-Soracom-Timestamp': ts,
      'X-Soracom-Signature-Version': '20151001',
      'X-Soracom-Signature': sig,
      ...extra,
    },
    body: JSON.stringify({ image_base64str: Buffer.from('png').toString('base64') }),
  };
}

describe('Lambda SIM identity', () => {
  it('reads its settings from the environment', () => {
    expect(simConfigFromEnv({})).toBeUndefined();
    const c = simConfigFromEnv(env())!;
    expect(c.beamPskSecret).toBe('facegate/beam-psk');
    expect([...c.allowlist]).toEqual([
      [ALLOWED, ['search', 'recognize']],
      ['440100000000002', ['search']],
    ]);
    expect(() => parseSimAllowlist('abc')).toThrow(/not an IMSI/);
    expect(() => parseSimAllowlist('440100000000001:fly')).toThrow(/unknown scope/);
    expect(parsePsks('[{"psk":"p1","group":"g"}]')).toEqual([{ psk: 'p1', group: 'g' }]);
  });

  it('reads the PSK through the secrets extension with the session token', async () => {
    tokens.length = 0;
    expect(await readSecret('facegate/beam-psk', env())).toBe(PSK);
    expect(tokens).toEqual(['session-token']);
    await expect(readSecret('other', env())).rejects.toThrow(/answered 400/);
  });

  it('serves an allowed Beam-signed SIM and refuses others, and any key', async () => {
    const config = simConfigFromEnv(env())!;
    const lines: string[] = [];
    const app = createSearchApp({
      // Rekognition cannot run here: a stand-in answers the one search that gets through.
      faces: {
        searchFacesByImage: async () => ({
          SearchedFaceBoundingBox: { Width: 0.5, Height: 0.5, Left: 0.2, Top: 0.2 },
          SearchedFaceConfidence: 99,
          FaceMatches: [],
          FaceModelVersion: '7.0',
        }),
      },
      collectionId: 'c',
      authorizer: allowlistAuthorizer(config.allowlist),
      sim: await simVerifiersFor(config, (id) => readSecret(id, env())),
      apiKeys: false,
      log: (l) => lines.push(l),
    });
    const call = async (e: ProxyEvent) => toProxyResult(await app.fetch(toRequest(e, 'prod')));
    expect((await call(beamEvent(ALLOWED))).statusCode).toBe(200);
    expect((await call(beamEvent('440100000000099'))).statusCode).toBe(403);
    const forged = beamEvent(ALLOWED, { 'X-Soracom-Signature': '0'.repeat(64) });
    expect((await call(forged)).statusCode).toBe(403);
    const keyOnly: ProxyEvent = { ...beamEvent(ALLOWED), headers: { 'x-api-key': 'anything' } };
    expect((await call(keyOnly)).statusCode).toBe(403);
    expect(lines[0]).toBe(`search POST /prod/search imsi=${ALLOWED} via=beam 200`);
    expect(lines[1]).toContain('refused (not on the SIM allowlist)');
  });
});
