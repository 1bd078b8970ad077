import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

const dir = mkdtempSync(path.join(tmpdir(), 'facegate-simcfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SIM identity settings', () => {
  it('are off unless asked for', () => {
    expect(loadConfig({}, {}).sim).toBeUndefined();
  });

  it('read Beam PSKs from a file or the environment, and an Endorse key source', () => {
    const file = path.join(dir, 'psks.json');
    writeFileSync(file, JSON.stringify([{ psk: 'a-long-psk', group: 'shop' }, 'another-psk']));
    expect(
      loadConfig({ beamPskFile: file, endorseJwksUrl: 'http://127.0.0.1:1/jwks.json' }, {}).sim,
    ).toEqual({
      beamPsks: [{ psk: 'a-long-psk', group: 'shop' }, { psk: 'another-psk' }],
      endorse: { jwksUrl: 'http://127.0.0.1:1/jwks.json' },
    });
    expect(
      loadConfig(
        {},
        {
          FACEGATE_BEAM_PSK: 'from-the-env',
          FACEGATE_ENDORSE_KEY_URL: 'https://k/',
          FACEGATE_API_KEYS: 'off',
        },
      ).sim,
    ).toEqual({
      beamPsks: [{ psk: 'from-the-env' }],
      endorse: { keyBaseUrl: 'https://k/' },
      apiKeys: false,
    });
  });

  it('refuse what cannot work, without echoing a PSK', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ psk: 'short' }]));
    expect(() => loadConfig({ beamPskFile: bad }, {})).toThrow(/at least 8 characters/);
    writeFileSync(bad, 'secret-psk-not-json');
    expect(() => loadConfig({ beamPskFile: bad }, {})).toThrow(/not JSON/);
    try {
      loadConfig({ beamPskFile: bad }, {});
    } catch (e) {
      expect(String(e)).not.toContain('secret-psk');
    }
    expect(() => loadConfig({ apiKeys: false }, {})).toThrow(/needs Beam or Endorse/);
    expect(() =>
      loadConfig({ endorseJwksUrl: 'http://a/', endorseKeyUrl: 'http://b/' }, {}),
    ).toThrow(/not both/);
  });
});
