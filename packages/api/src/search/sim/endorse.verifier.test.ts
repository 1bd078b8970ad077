import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndorseVerifier, endorseTokenOf } from './endorse.verifier.js';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

let soracom: KeyPair;
let other: KeyPair;
let publicJwk: JWK;
const KID = 'v1-1234abcd-x509.pem';

beforeAll(async () => {
  soracom = await generateKeyPair('RS256', { extractable: true });
  other = await generateKeyPair('RS256', { extractable: true });
  publicJwk = { ...(await exportJWK(soracom.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
});

const nowSec = () => Math.floor(Date.now() / 1000);

/** A token shaped like SORACOM's (claims from its documentation's example). */
function token(
  opts: {
    key?: KeyPair['privateKey'];
    kid?: string;
    aud?: string;
    iat?: number;
    exp?: number;
    nbf?: number;
    iss?: string;
    imsi?: string;
  } = {},
) {
  const iat = opts.iat ?? nowSec();
  return new SignJWT({
    'soracom-endorse-claim': { imsi: opts.imsi ?? '440101111111111', imei: '353000000000001' },
  })
    .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? KID })
    .setIssuer(opts.iss ?? 'https://soracom.io')
    .setSubject('soracom-endorse')
    .setAudience(opts.aud ?? 'soracom-endorse-audience')
    .setIssuedAt(iat)
    .setNotBefore(opts.nbf ?? iat - 60)
    .setExpirationTime(opts.exp ?? iat + 600)
    .setJti('kENUDfNrej4LE2N1VQawlQ')
    .sign(opts.key ?? soracom.privateKey);
}

const verifier = () => createEndorseVerifier({ jwks: { keys: [publicJwk] } });

describe('Endorse verifier', () => {
  it('accepts a token signed by the configured key and names the SIM', async () => {
    expect(await verifier().verify(await token())).toEqual({
      ok: true,
      identity: { via: 'endorse', imsi: '440101111111111', imei: '353000000000001' },
    });
  });

  it('refuses a token signed by another key under the same kid', async () => {
    const v = await verifier().verify(await token({ key: other.privateKey }));
    expect(v).toMatchObject({ ok: false, reason: 'Endorse token refused: bad signature' });
  });

  it('refuses a token whose kid is not in the key set', async () => {
    const v = await verifier().verify(await token({ key: other.privateKey, kid: 'v1-other' }));
    expect(v).toMatchObject({ ok: false, reason: 'Endorse token refused: no key for its kid' });
  });

  it('refuses an expired token, and tolerates a little skew', async () => {
    const old = nowSec() - 3600;
    expect(await verifier().verify(await token({ iat: old, exp: old + 600 }))).toMatchObject({
      ok: false,
      reason: 'Endorse token refused: expired',
    });
    const justOver = nowSec() - 620;
    expect((await verifier().verify(await token({ iat: justOver, exp: nowSec() - 10 }))).ok).toBe(
      true,
    );
  });

  it('refuses a token not valid yet', async () => {
    const v = await verifier().verify(await token({ nbf: nowSec() + 600 }));
    expect(v).toMatchObject({ ok: false, reason: expect.stringContaining('nbf') });
  });

  it('refuses another audience and another issuer', async () => {
    expect(await verifier().verify(await token({ aud: 'someone-else' }))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('aud'),
    });
    expect(await verifier().verify(await token({ iss: 'https://evil.example' }))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('iss'),
    });
  });

  it('refuses alg none', async () => {
    const payload = JSON.parse(
      Buffer.from((await token()).split('.')[1]!, 'base64url').toString(),
    ) as object;
    const unsigned = `${b64url({ alg: 'none', kid: KID })}.${b64url(payload)}.`;
    expect(await verifier().verify(unsigned)).toMatchObject({
      ok: false,
      reason: 'Endorse token refused: algorithm not allowed',
    });
  });

  it('refuses HS256, even with the public key as the HMAC secret', async () => {
    const payload = JSON.parse(
      Buffer.from((await token()).split('.')[1]!, 'base64url').toString(),
    ) as object;
    const pem = await exportSPKI(soracom.publicKey);
    const head = `${b64url({ alg: 'HS256', kid: KID })}.${b64url(payload)}`;
    const mac = createHmac('sha256', pem).update(head).digest('base64url');
    expect(await verifier().verify(`${head}.${mac}`)).toMatchObject({
      ok: false,
      reason: 'Endorse token refused: algorithm not allowed',
    });
  });

  it('refuses garbage, an over-long token, and a token without an IMSI', async () => {
    expect((await verifier().verify('not.a.jwt')).ok).toBe(false);
    expect((await verifier().verify(undefined)).ok).toBe(false);
    expect(await verifier().verify('a'.repeat(9000))).toMatchObject({
      ok: false,
      reason: 'Endorse token too long',
    });
    expect((await verifier().verify(await token({ imsi: 'nope' }))).ok).toBe(false);
  });

  it('needs exactly one key source', () => {
    expect(() => createEndorseVerifier({})).toThrow(/exactly one/);
  });

  it('reads the token from Authorization: Bearer or X-Soracom-Endorse-Token', () => {
    const h = (m: Record<string, string>) => (n: string) => m[n];
    expect(endorseTokenOf(h({ authorization: 'Bearer abc.def.ghi' }))).toBe('abc.def.ghi');
    expect(endorseTokenOf(h({ 'x-soracom-endorse-token': 'x.y.z' }))).toBe('x.y.z');
    expect(endorseTokenOf(h({ authorization: 'Basic abc' }))).toBeUndefined();
  });
});

describe('Endorse verifier with keys fetched over HTTP', () => {
  let server: Server;
  let base = '';
  const hits: string[] = [];
  let pem = '';

  beforeAll(async () => {
    pem = await exportSPKI(soracom.publicKey);
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/jwks.json') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ keys: [publicJwk] }));
      } else if (req.url === `/keys/${KID}`) {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(pem);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('fetches a JWKS once and keeps using it', async () => {
    hits.length = 0;
    const v = createEndorseVerifier({ jwksUrl: `${base}/jwks.json` });
    expect((await v.verify(await token())).ok).toBe(true);
    expect((await v.verify(await token())).ok).toBe(true);
    expect(hits.filter((h) => h === '/jwks.json')).toHaveLength(1);
  });

  it('fetches a PEM key by kid from a key repository once, and refuses an unknown kid', async () => {
    hits.length = 0;
    const v = createEndorseVerifier({ keyBaseUrl: `${base}/keys/` });
    expect((await v.verify(await token())).ok).toBe(true);
    expect((await v.verify(await token())).ok).toBe(true);
    expect(hits).toEqual([`/keys/${KID}`]);
    const unknown = await v.verify(await token({ key: other.privateKey, kid: 'v1-unknown' }));
    expect(unknown.ok).toBe(false);
    const traversal = await v.verify(await token({ kid: '../jwks.json' }));
    expect(traversal).toMatchObject({
      ok: false,
      reason: 'Endorse token refused: no key for its kid',
    });
  });
});
