/**
 * Pins the exact requests `facegate soracom` sends to the real SORACOM API (contract D), which
 * cannot be reached from here: a recording server on loopback answers like SORACOM and keeps
 * method, path, headers and JSON body of each request; `--dry-run` must print the same calls
 * and send none.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, '../apps/cli/dist/main.js');
const AUTH = { SORACOM_AUTH_KEY_ID: 'keyId-wire', SORACOM_AUTH_KEY: 'secret-wire-never-shown' };
const IMSI = '440102222000001';

interface Seen {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: unknown;
}
const seen: Seen[] = [];
/** Whether `GET /groups` finds the group (teardown) or not (first setup). */
let groupExists = false;
let server: Server;
let endpoint: string;

const GROUP = {
  groupId: 'g-0001',
  operatorId: 'OP0000000007',
  tags: { name: 'dev' },
  configuration: {},
  createdTime: 1,
  lastModifiedTime: 1,
};

function answer(method: string, path: string): { status: number; body?: unknown } {
  if (method === 'POST' && path === '/v1/auth')
    return {
      status: 200,
      body: { apiKey: 'api-k1', token: 'tok-t1', operatorId: GROUP.operatorId },
    };
  if (method === 'GET' && path.startsWith('/v1/groups?'))
    return { status: 200, body: groupExists ? [GROUP] : [] };
  if (method === 'POST' && path === '/v1/groups') return { status: 201, body: GROUP };
  if (method === 'PUT' && path === '/v1/groups/g-0001/configuration/SoracomAir')
    return { status: 200, body: GROUP };
  if (method === 'GET' && path === `/v1/subscribers/${IMSI}`)
    return { status: 200, body: { imsi: IMSI, groupId: null, speedClass: 's1.standard' } };
  if (method === 'GET' && path === '/v1/groups/g-0001/subscribers')
    return { status: 200, body: [{ imsi: IMSI, groupId: 'g-0001' }] };
  if (method === 'DELETE' && path === '/v1/groups/g-0001') return { status: 204 };
  if (method === 'POST' && path.startsWith(`/v1/subscribers/${IMSI}/`))
    return { status: 200, body: { imsi: IMSI } };
  return { status: 404, body: { code: 'COM0003', message: 'unexpected in this test' } };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const h = req.headers;
      seen.push({
        method: req.method!,
        path: req.url!,
        headers: {
          accept: h['accept'] as string | undefined,
          'content-type': h['content-type'],
          'x-soracom-api-key': h['x-soracom-api-key'] as string | undefined,
          'x-soracom-token': h['x-soracom-token'] as string | undefined,
          'x-soracom-lang': h['x-soracom-lang'] as string | undefined,
        },
        body: text ? JSON.parse(text) : undefined,
      });
      const a = answer(req.method!, req.url!);
      if (a.body === undefined) res.writeHead(a.status).end();
      else
        res.writeHead(a.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen.length = 0;
});

async function cli(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, [CLI, 'soracom', ...args], {
    env: { ...process.env, ...AUTH },
  });
  expect(stdout + stderr).not.toContain(AUTH.SORACOM_AUTH_KEY);
  return stdout;
}

const setupArgs = [
  'setup',
  '--group',
  'dev',
  '--api-endpoint',
  'https://abc.execute-api.ap-northeast-1.amazonaws.com/prod/search',
  '--api-key',
  'AbCdEfGhIjKlMnOpQrSt',
  '--threshold',
  '80',
  '--allow-origin',
  'http://soracom-ug-reko-handson.s3-website-ap-northeast-1.amazonaws.com',
  '--imsi',
  IMSI,
  '--speed-class',
  's1.fast',
];
const USERDATA =
  '{"apiEndpoint":"https://abc.execute-api.ap-northeast-1.amazonaws.com/prod/search","apiKey":"AbCdEfGhIjKlMnOpQrSt","threshold":80}';
const METADATA = {
  enabled: true,
  readonly: true,
  allowOrigin: 'http://soracom-ug-reko-handson.s3-website-ap-northeast-1.amazonaws.com',
};

const plain = {
  accept: 'application/json',
  'x-soracom-lang': 'en',
  'x-soracom-api-key': 'api-k1',
  'x-soracom-token': 'tok-t1',
};
const json = { ...plain, 'content-type': 'application/json' };

describe('the requests facegate sends to the SORACOM API', () => {
  it('setup: auth, find by name, create, configure, set group, speed class', async () => {
    groupExists = false;
    await cli(...setupArgs, '--endpoint', endpoint);
    expect(seen).toEqual([
      {
        method: 'POST',
        path: '/v1/auth',
        headers: {
          accept: 'application/json',
          'x-soracom-lang': 'en',
          'content-type': 'application/json',
        },
        body: { authKeyId: 'keyId-wire', authKey: 'secret-wire-never-shown' },
      },
      {
        method: 'GET',
        path: '/v1/groups?tag_name=name&tag_value=dev&tag_value_match_mode=exact',
        headers: plain,
        body: undefined,
      },
      { method: 'POST', path: '/v1/groups', headers: json, body: { tags: { name: 'dev' } } },
      {
        method: 'PUT',
        path: '/v1/groups/g-0001/configuration/SoracomAir',
        headers: json,
        body: [
          { key: 'metadata', value: METADATA },
          { key: 'userdata', value: USERDATA },
        ],
      },
      { method: 'GET', path: `/v1/subscribers/${IMSI}`, headers: plain, body: undefined },
      {
        method: 'POST',
        path: `/v1/subscribers/${IMSI}/set_group`,
        headers: json,
        body: { groupId: 'g-0001' },
      },
      {
        method: 'POST',
        path: `/v1/subscribers/${IMSI}/update_speed_class`,
        headers: json,
        body: { speedClass: 's1.fast' },
      },
    ]);
  });

  it('teardown: auth, find by name, list its SIMs, unset each, delete', async () => {
    groupExists = true;
    await cli('teardown', '--group', 'dev', '--endpoint', endpoint);
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/auth',
      'GET /v1/groups?tag_name=name&tag_value=dev&tag_value_match_mode=exact',
      'GET /v1/groups/g-0001/subscribers',
      `POST /v1/subscribers/${IMSI}/unset_group`,
      'DELETE /v1/groups/g-0001',
    ]);
    expect(seen[3]!.headers).toEqual(plain);
    expect(seen[3]!.body).toBeUndefined();
  });

  it('--dry-run prints every request, auth included, secrets masked, and sends none', async () => {
    const out = await cli(...setupArgs, '--endpoint', endpoint, '--dry-run');
    expect(seen).toEqual([]);
    const maskedUserdata = USERDATA.replace('AbCdEfGhIjKlMnOpQrSt', 'AbCd************QrSt');
    expect(out).toBe(
      [
        `# dry run: 7 request(s) to ${endpoint}/v1, none sent`,
        'POST /v1/auth',
        '{"authKeyId":"keyId-wire","authKey":"********"}',
        'GET /v1/groups?tag_name=name&tag_value=dev&tag_value_match_mode=exact',
        'POST /v1/groups',
        '{"tags":{"name":"dev"}}',
        'PUT /v1/groups/{groupId}/configuration/SoracomAir',
        JSON.stringify([
          { key: 'metadata', value: METADATA },
          { key: 'userdata', value: maskedUserdata },
        ]),
        `GET /v1/subscribers/${IMSI}`,
        `POST /v1/subscribers/${IMSI}/set_group`,
        '{"groupId":"{groupId}"}',
        `POST /v1/subscribers/${IMSI}/update_speed_class`,
        '{"speedClass":"s1.fast"}',
        '',
      ].join('\n'),
    );
    expect(out).not.toContain('AbCdEfGhIjKlMnOpQrSt');
  });

  it('--coverage picks the Japan or global API', async () => {
    expect(await cli('teardown', '--group', 'x', '--dry-run', '--coverage', 'jp')).toContain(
      'to https://api.soracom.io/v1,',
    );
    expect(await cli('teardown', '--group', 'x', '--dry-run', '--coverage', 'g')).toContain(
      'to https://g.api.soracom.io/v1,',
    );
  });

  it("reports SORACOM's error and exits non-zero", async () => {
    const env = { ...process.env, SORACOM_AUTH_KEY_ID: 'keyId-wire', SORACOM_AUTH_KEY: 'x' };
    const r = await run(
      process.execPath,
      [CLI, 'soracom', 'teardown', '--group', 'dev', '--endpoint', `${endpoint}/nope`],
      { env },
    ).catch((e: { code: number; stderr: string }) => e);
    expect(r).toMatchObject({ code: 1 });
    expect((r as { stderr: string }).stderr).toContain('POST /auth: unexpected in this test');
  });
});
