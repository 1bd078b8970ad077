/**
 * `facegate apikeys` and `facegate plans` on a data folder, as outside checks use them: the new
 * key alone on the last line, never shown again, never stored in plain text.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDataDir } from './rekognition-support.js';
import { createKey, facegate } from './search-support.js';

describe('facegate apikeys and plans', () => {
  const dataDir = tempDataDir('facegate-keys-cli-');
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates plans and keys, prints each key once on its last line, and revokes them', async () => {
    expect(
      await facegate(
        'plans',
        'create',
        '--name',
        'basic',
        '--rate',
        '5',
        '--burst',
        '10',
        '--quota',
        '1000',
        '--period',
        'DAY',
        '--data',
        dataDir,
      ),
    ).toMatch(/basic/);
    const plans = JSON.parse(await facegate('plans', 'list', '--json', '--data', dataDir));
    expect(plans).toEqual([
      expect.objectContaining({
        name: 'basic',
        rate: 5,
        burst: 10,
        quota: { limit: 1000, period: 'DAY' },
      }),
    ]);

    const key = await createKey(dataDir, 'phones', '--plan', 'basic');
    expect(key).toMatch(/^[A-Za-z0-9]{40}$/);
    // Through npx too, as the outside checks call it.
    const { stdout } = await promisify(execFile)(
      'npx',
      [
        'facegate',
        'apikeys',
        'create',
        '--name',
        'operators',
        '--scopes',
        'search,enroll',
        '--data',
        dataDir,
      ],
      { cwd: repoRoot, timeout: 60_000 },
    );
    const operatorKey = stdout.trimEnd().split('\n').at(-1)!;
    expect(operatorKey).toMatch(/^[A-Za-z0-9]{40}$/);

    const listed = await facegate('apikeys', 'list', '--data', dataDir);
    expect(listed).toMatch(/phones\s+basic\s+search\s/);
    expect(listed).toMatch(/operators\s+-\s+search,enroll\s/);
    expect(listed).not.toContain(key);
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('facegate.db'))) {
      const bytes = readFileSync(path.join(dataDir, file));
      expect(
        bytes.includes(Buffer.from(key)) || bytes.includes(Buffer.from(operatorKey)),
        file,
      ).toBe(false);
    }

    expect(await facegate('apikeys', 'revoke', 'phones', '--data', dataDir)).toMatch(/Revoked 1/);
    const keys = JSON.parse(await facegate('apikeys', 'list', '--json', '--data', dataDir));
    expect(keys.find((k: { name: string }) => k.name === 'phones').revokedAt).toEqual(
      expect.any(Number),
    );
  });

  it('refuses unknown scopes, unknown plans and bad periods with a clear message', async () => {
    for (const args of [
      ['apikeys', 'create', '--name', 'x', '--scopes', 'search,admin'],
      ['apikeys', 'create', '--name', 'x', '--plan', 'nope'],
      ['plans', 'create', '--name', 'y', '--quota', '5', '--period', 'YEAR'],
    ]) {
      const err = await facegate(...args, '--data', dataDir).then(
        () => undefined,
        (e: { code?: number; stderr?: string }) => e,
      );
      expect(err?.code, args.join(' ')).toBe(1);
      expect(err?.stderr).toMatch(/^facegate: /);
    }
  });
});
