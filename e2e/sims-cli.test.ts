/**
 * `facegate sims allow|list|deny` on a data folder: the SIM allowlist that Beam- and
 * Endorse-authenticated requests are checked against.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDataDir } from './rekognition-support.js';
import { facegate } from './search-support.js';

describe('facegate sims', () => {
  const dataDir = tempDataDir('facegate-sims-cli-');
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('allows SIMs and groups with scopes and a plan, lists them, and denies them again', async () => {
    await facegate('plans', 'create', '--name', 'phones', '--rate', '2', '--data', dataDir);
    expect(
      await facegate(
        'sims',
        'allow',
        '--imsi',
        '440100000000001',
        '--plan',
        'phones',
        '--scopes',
        'search,recognize',
        '--data',
        dataDir,
      ),
    ).toMatch(/Allowed imsi 440100000000001 \(plan: phones, scopes: search,recognize\)/);
    await facegate('sims', 'allow', '--group', 'shop-front', '--data', dataDir);
    const listed = JSON.parse(await facegate('sims', 'list', '--json', '--data', dataDir));
    expect(listed).toEqual([
      expect.objectContaining({ kind: 'group', value: 'shop-front', scopes: ['search'] }),
      expect.objectContaining({
        kind: 'imsi',
        value: '440100000000001',
        plan: 'phones',
        scopes: ['search', 'recognize'],
      }),
    ]);
    expect(await facegate('sims', 'list', '--data', dataDir)).toMatch(/IMSI\s+440100000000001/);
    expect(await facegate('sims', 'deny', '--imsi', '440100000000001', '--data', dataDir)).toMatch(
      /Removed/,
    );
    await expect(
      facegate('sims', 'deny', '--imsi', '440100000000001', '--data', dataDir),
    ).rejects.toThrow(/not on the allowlist/);
    await expect(facegate('sims', 'allow', '--imsi', 'abc', '--data', dataDir)).rejects.toThrow(
      /not an IMSI/,
    );
  }, 120_000);
});
