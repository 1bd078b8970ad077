/**
 * The Search API's gate with SIM identity: real verifiers, the real SQLite allowlist and
 * usage counters, a stand-in face search (the engine is not what is tested here).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FaceSearchApi } from '@facegate/core';
import { openDatabase } from '@facegate/store';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyStore } from './keys/api-key.store.js';
import { SimAllowlist } from './keys/sim-allowlist.store.js';
import { createSqliteAuthorizer } from './keys/sqlite.authorizer.js';
import { createSearchApp } from './search.app.js';
import type { SearchEnv } from './search.env.js';
import type { SearchAppDeps } from './search.ports.js';
import { beamSignature } from './sim/beam.signature.js';
import { createBeamVerifier } from './sim/beam.verifier.js';
import { createEndorseVerifier } from './sim/endorse.verifier.js';

const PSK = 'group-a-psk';
const faces: FaceSearchApi = {
  searchFacesByImage: async () => ({
    SearchedFaceBoundingBox: { Width: 0.2, Height: 0.3, Left: 0.4, Top: 0.1 },
    SearchedFaceConfidence: 99.9,
    FaceMatches: [],
    FaceModelVersion: 'facegate-test',
  }),
};
const BODY = JSON.stringify({ image_base64str: Buffer.from('png').toString('base64') });

let dir = '';
let db: ReturnType<typeof openDatabase>;
let keys: ApiKeyStore;
let sims: SimAllowlist;
let priv: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let jwk: JWK;
let apiKey = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'facegate-simgate-'));
  db = openDatabase(dir);
  keys = new ApiKeyStore(db);
  sims = new SimAllowlist(db, keys);
  keys.createPlan({ name: 'one-a-day', quota: 1, period: 'DAY' });
  sims.allow({ kind: 'imsi', value: '440100000000001', scopes: ['search'] });
  sims.allow({ kind: 'imsi', value: '440100000000009', scopes: ['enroll'] });
  sims.allow({ kind: 'imsi', value: '440100000000005', scopes: ['search'], plan: 'one-a-day' });
  sims.allow({ kind: 'group', value: 'group-b', scopes: ['search'] });
  apiKey = keys.createKey({ name: 'phones' }).key;
  const pair = await generateKeyPair('RS256', { extractable: true });
  priv = pair.privateKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: 'emu-1', alg: 'RS256' };
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function build(over: Partial<SearchAppDeps> = {}) {
  const lines: string[] = [];
  const seen: Array<string | undefined> = [];
  const app = new Hono<SearchEnv>();
  // What the recognition log will do after the merge: read the IMSI off the request context.
  app.use('*', async (c, next) => {
    await next();
    seen.push(c.get('imsi'));
  });
  app.route(
    '/',
    createSearchApp({
      faces,
      collectionId: 'c',
      authorizer: createSqliteAuthorizer(keys, undefined, sims),
      sim: {
        beam: createBeamVerifier({
          psks: [{ psk: PSK }, { psk: 'group-b-psk', group: 'group-b' }],
        }),
        endorse: createEndorseVerifier({ jwks: { keys: [jwk] } }),
      },
      log: (l) => lines.push(l),
      ...over,
    }),
  );
  return { app, lines, seen };
}

function beamHeaders(imsi: string, psk = PSK, at = Date.now()): Record<string, string> {
  const h = { 'x-soracom-imsi': imsi, 'x-soracom-timestamp': String(at) };
  return {
    ...h,
    'x-soracom-signature-version': '20151001',
    'x-soracom-signature': beamSignature(psk, h),
  };
}

const endorseToken = (imsi: string) =>
  new SignJWT({ 'soracom-endorse-claim': { imsi } })
    .setProtectedHeader({ alg: 'RS256', kid: 'emu-1' })
    .setIssuer('https://soracom.io')
    .setSubject('soracom-endorse')
    .setAudience('soracom-endorse-audience')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(priv);

const post = (app: Hono<SearchEnv>, headers: Record<string, string>, p = '/prod/search') =>
  app.request(p, { method: 'POST', headers, body: BODY });

describe('Search API gate with SIM identity', () => {
  it('serves a Beam-signed request from an allowed SIM, sets its IMSI and logs it', async () => {
    const { app, lines, seen } = build();
    const res = await post(app, beamHeaders('440100000000001'));
    expect(res.status).toBe(200);
    expect(seen).toEqual(['440100000000001']);
    expect(lines).toEqual(['search POST /prod/search imsi=440100000000001 via=beam 200']);
    // The same signed headers again are a replay.
    const h = beamHeaders('440100000000001');
    expect((await post(app, h)).status).toBe(200);
    expect((await post(app, h)).status).toBe(403);
    expect(lines.at(-1)).toContain('refused (Beam signature replayed)');
  });

  it('serves an Endorse token in either header from an allowed SIM', async () => {
    const { app, lines, seen } = build();
    const token = await endorseToken('440100000000001');
    expect((await post(app, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await post(app, { 'x-soracom-endorse-token': token })).status).toBe(200);
    expect(seen).toEqual(['440100000000001', '440100000000001']);
    expect(lines[0]).toBe('search POST /prod/search imsi=440100000000001 via=endorse 200');
  });

  it('refuses a genuine SIM that is not on the allowlist, naming it in the log', async () => {
    const { app, lines } = build();
    const res = await post(app, {
      authorization: `Bearer ${await endorseToken('440100000000003')}`,
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ message: 'Forbidden' });
    expect(lines).toEqual([
      'search POST /prod/search imsi=440100000000003 via=endorse refused (not on the SIM allowlist)',
    ]);
    const beam = await post(app, beamHeaders('440100000000003'));
    expect(beam.status).toBe(403);
  });

  it('refuses a wrong PSK, and never falls back to an API key sent alongside', async () => {
    const { app, lines } = build();
    const res = await post(app, {
      ...beamHeaders('440100000000001', 'guess'),
      'x-api-key': apiKey,
    });
    expect(res.status).toBe(403);
    expect(lines[0]).toContain('refused (Beam signature does not match)');
  });

  it('lets a group entry admit a SIM signed with that group’s PSK', async () => {
    const { app, lines } = build();
    expect((await post(app, beamHeaders('440100000000077', 'group-b-psk'))).status).toBe(200);
    expect(lines[0]).toBe('search POST /prod/search imsi=440100000000077 via=beam 200');
    // The group's name is not something a client can claim: Endorse carries no group.
    const res = await post(app, {
      authorization: `Bearer ${await endorseToken('440100000000077')}`,
    });
    expect(res.status).toBe(403);
  });

  it('holds a SIM to the scopes and plan of its entry, counted per SIM', async () => {
    const { app } = build();
    expect((await post(app, beamHeaders('440100000000009'))).status).toBe(403);
    expect((await post(app, beamHeaders('440100000000005'))).status).toBe(200);
    const second = await post(app, beamHeaders('440100000000005'));
    expect(second.status).toBe(429);
    expect(await second.json()).toEqual({ message: 'Limit Exceeded' });
    // Another SIM is not affected by that one's quota.
    expect((await post(app, beamHeaders('440100000000001'))).status).toBe(200);
  });

  it('ignores Beam headers nobody signed when Beam is not configured (no spoofed IMSI)', async () => {
    const { app, seen } = build({ sim: {} });
    const spoof = { 'x-soracom-imsi': '440100000000001', 'x-soracom-signature': 'x' };
    expect((await post(app, spoof)).status).toBe(403);
    expect((await post(app, { ...spoof, 'x-api-key': apiKey })).status).toBe(200);
    expect(seen).toEqual([undefined, undefined]);
  });

  it('can turn API keys off, serving SIMs only', async () => {
    const { app } = build({ apiKeys: false });
    expect((await post(app, { 'x-api-key': apiKey })).status).toBe(403);
    expect((await post(app, beamHeaders('440100000000001'))).status).toBe(200);
  });

  it('lets a browser send the Endorse header cross-origin', async () => {
    const { app } = build();
    const res = await app.request('/prod/search', { method: 'OPTIONS' });
    expect(res.headers.get('access-control-allow-headers')).toContain('X-Soracom-Endorse-Token');
  });
});

describe('SIM allowlist', () => {
  it('validates entries, replaces on re-allow, and removes', () => {
    expect(() => sims.allow({ kind: 'imsi', value: 'abc' })).toThrow(/not an IMSI/);
    expect(() => sims.allow({ kind: 'imsi', value: '440100000000002', plan: 'nope' })).toThrow(
      /no usage plan/,
    );
    sims.allow({ kind: 'imsi', value: '440100000000002', scopes: ['search'] });
    expect(
      sims.allow({ kind: 'imsi', value: '440100000000002', scopes: ['search', 'recognize'] })
        .scopes,
    ).toEqual(['search', 'recognize']);
    expect(sims.remove('imsi', '440100000000002')).toBe(true);
    expect(sims.remove('imsi', '440100000000002')).toBe(false);
    expect(sims.principalFor({ via: 'beam', imsi: '440100000000002' })).toBeUndefined();
    expect(sims.principalFor({ via: 'beam', imsi: '440100000000001' })).toMatchObject({
      keyId: 'sim:440100000000001',
      imsi: '440100000000001',
      scopes: ['search'],
    });
  });
});
