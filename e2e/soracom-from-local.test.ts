/**
 * `facegate soracom setup --from-local`: the key the phone will read is created in the local
 * data folder's facegate.db, so the local Search API accepts it; a second run reuses it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ApiKeyStore } from '@facegate/api/search/keys/index';
import { startSoracomEmulator, type SoracomEmulator } from '@facegate/soracom';
import { openDatabase } from '@facegate/store';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, '../apps/cli/dist/main.js');
const dir = mkdtempSync(join(tmpdir(), 'facegate-soracom-local-'));
const dataDir = join(dir, 'data');
let emu: SoracomEmulator;

beforeAll(async () => {
  emu = await startSoracomEmulator({ stateFile: join(dir, 'soracom.json') });
});
afterAll(() => emu?.close());

async function setup(...extra: string[]): Promise<string> {
  const [key] = emu.authKeys;
  const env = {
    ...process.env,
    SORACOM_AUTH_KEY_ID: key!.authKeyId,
    SORACOM_AUTH_KEY: key!.authKey,
  };
  const args = ['soracom', 'setup', '--group', 'dev', '--from-local', '--data-dir', dataDir];
  const sim = emu.sims[0]!.imsi;
  const { stdout } = await run(
    process.execPath,
    [
      CLI,
      ...args,
      '--local-url',
      'http://127.0.0.1:18080',
      '--imsi',
      sim,
      '--endpoint',
      emu.apiUrl,
      ...extra,
    ],
    { env },
  );
  return stdout;
}

it('creates a local API key the Search API accepts, and reuses it on the next run', async () => {
  const dry = await setup('--dry-run');
  expect(dry).toContain('{new-local-api-key}');
  expect(existsSync(join(dataDir, 'facegate.db'))).toBe(false); // a dry run creates no key
  await setup();
  const res = await fetch(`${emu.sims[0]!.metadataUrl}/v1/userdata`);
  const userdata = (await res.json()) as { apiEndpoint: string; apiKey: string };
  expect(userdata.apiEndpoint).toBe('http://127.0.0.1:18080/prod/search');
  const db = openDatabase(dataDir);
  try {
    const store = new ApiKeyStore(db);
    expect(store.verify(userdata.apiKey)).toMatchObject({ name: 'soracom group dev' });
    expect(await setup()).toContain('nothing changed');
    expect(store.listKeys()).toHaveLength(1);
  } finally {
    db.close();
  }
});
