import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCredentials, resolveEndpoint } from './credentials.js';

function home(profiles: Record<string, unknown>): string {
  const h = mkdtempSync(join(tmpdir(), 'facegate-home-'));
  mkdirSync(join(h, '.soracom'));
  for (const [name, p] of Object.entries(profiles))
    writeFileSync(join(h, '.soracom', `${name}.json`), JSON.stringify(p));
  return h;
}

describe('resolveCredentials', () => {
  const env = { SORACOM_AUTH_KEY_ID: 'keyId-env', SORACOM_AUTH_KEY: 'secret-env' };

  it('takes the environment, then the default profile', () => {
    const h = home({
      default: { authKeyId: 'keyId-def', authKey: 'secret-def', coverageType: 'g' },
    });
    expect(resolveCredentials({ env, home: h })).toMatchObject({
      authKeyId: 'keyId-env',
      source: 'environment',
    });
    expect(resolveCredentials({ env: {}, home: h })).toMatchObject({
      authKeyId: 'keyId-def',
      coverageType: 'g',
    });
  });

  it('lets an explicit profile win, and SORACOM_PROFILE_DIR move the folder', () => {
    const h = home({
      work: { authKeyId: 'keyId-work', authKey: 'secret-work', coverageType: 'jp' },
    });
    expect(resolveCredentials({ env, home: h, profile: 'work' })).toMatchObject({
      authKeyId: 'keyId-work',
      source: 'profile work',
    });
    const elsewhere = home({ p: { authKeyId: 'keyId-p', authKey: 'secret-p' } });
    const e2 = { SORACOM_PROFILE_DIR: join(elsewhere, '.soracom') };
    expect(resolveCredentials({ env: e2, home: h, profile: 'p' }).authKeyId).toBe('keyId-p');
  });

  it('says what is missing without echoing secrets', () => {
    const h = home({ bad: { email: 'x@example.com', password: 'pw' } });
    expect(() => resolveCredentials({ env: {}, home: h })).toThrow(/SORACOM_AUTH_KEY_ID/);
    expect(() => resolveCredentials({ env: { SORACOM_AUTH_KEY_ID: 'keyId-x' }, home: h })).toThrow(
      /both/,
    );
    expect(() => resolveCredentials({ env: {}, home: h, profile: 'bad' })).toThrow(/no authKeyId/);
    expect(() => resolveCredentials({ env: {}, home: h, profile: 'missing' })).toThrow(
      /Cannot read SORACOM profile "missing"/,
    );
  });
});

describe('resolveEndpoint', () => {
  it('maps coverage to the API and lets --endpoint override, always ending in /v1', () => {
    expect(resolveEndpoint({})).toBe('https://api.soracom.io/v1');
    expect(resolveEndpoint({ coverage: 'g' })).toBe('https://g.api.soracom.io/v1');
    expect(resolveEndpoint({ coverage: 'jp', endpoint: 'http://127.0.0.1:8790' })).toBe(
      'http://127.0.0.1:8790/v1',
    );
    expect(resolveEndpoint({ endpoint: 'https://api-sandbox.soracom.io/v1/' })).toBe(
      'https://api-sandbox.soracom.io/v1',
    );
    const profile = { authKeyId: 'a', authKey: 'b', source: 'p', coverageType: 'g' as const };
    expect(resolveEndpoint({ profile })).toBe('https://g.api.soracom.io/v1');
    expect(() => resolveEndpoint({ coverage: 'eu' })).toThrow(/jp or g/);
    expect(() => resolveEndpoint({ endpoint: 'ftp://x' })).toThrow(/http/);
  });
});
