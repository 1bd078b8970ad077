import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoracomClient } from '../client/soracom.client.js';
import { fetchTransport, type SoracomRequest, type Transport } from '../client/transport.js';
import { startSoracomEmulator, type SoracomEmulator } from '../emulator/emulator.js';
import { KEY, KEY_ID, SIM_A, SIM_B, tempStateFile, testSeed } from '../emulator/test-helpers.js';
import { buildUserdata, provisionGroup, teardownGroup } from './provision-group.js';

let emu: SoracomEmulator;
const sent: SoracomRequest[] = [];

/** Sends for real and remembers what was sent. */
const recording = (): Transport => {
  const inner = fetchTransport();
  return (base, r) => {
    sent.push(r);
    return inner(base, r);
  };
};

beforeAll(async () => {
  emu = await startSoracomEmulator({ stateFile: tempStateFile(), seed: testSeed() });
});
afterAll(() => emu.close());

const options = {
  group: 'dev',
  apiEndpoint: 'http://127.0.0.1:3000/prod/search',
  apiKey: 'dev-key',
  threshold: 80,
  allowOrigin: 'http://localhost:5173',
  imsis: [SIM_A, SIM_B],
  speedClass: 's1.fast',
};

describe('provisionGroup / teardownGroup', () => {
  it('provisions once, then finds everything in place and writes nothing', async () => {
    const client = new SoracomClient({ endpoint: emu.apiUrl, transport: recording() });
    await client.authenticate({ authKeyId: KEY_ID, authKey: KEY });
    const first = await provisionGroup(client, options);
    expect(first.created).toBe(true);
    expect(first.changes).toHaveLength(6);
    const group = emu.store.getGroup(emu.authKeys[0]!.operatorId, first.groupId);
    expect(group.configuration['SoracomAir']).toEqual({
      metadata: { enabled: true, readonly: true, allowOrigin: 'http://localhost:5173' },
      userdata:
        '{"apiEndpoint":"http://127.0.0.1:3000/prod/search","apiKey":"dev-key","threshold":80}',
    });

    sent.length = 0;
    const second = await provisionGroup(client, options);
    expect(second).toEqual({ groupId: first.groupId, created: false, changes: [] });
    expect(sent.every((r) => r.method === 'GET')).toBe(true);

    const changed = await provisionGroup(client, { ...options, apiKey: 'rotated', imsis: [SIM_A] });
    expect(changed.changes).toEqual(['set SoracomAir metadata, userdata']);
  });

  it('tears the group down, SIMs first, and is a no-op the second time', async () => {
    const client = new SoracomClient({ endpoint: emu.apiUrl });
    await client.authenticate({ authKeyId: KEY_ID, authKey: KEY });
    const r = await teardownGroup(client, { group: 'dev' });
    expect(r.unsetImsis.sort()).toEqual([SIM_A, SIM_B]);
    expect(r.deletedGroupIds).toHaveLength(1);
    expect(await client.listGroups()).toEqual([]);
    expect(await teardownGroup(client, { group: 'dev' })).toEqual({
      deletedGroupIds: [],
      unsetImsis: [],
      removedConfiguration: [],
    });
  });

  it('validates its options before sending anything', async () => {
    const client = new SoracomClient({ endpoint: emu.apiUrl });
    await expect(provisionGroup(client, { ...options, threshold: 101 })).rejects.toThrow(
      /threshold/,
    );
    await expect(provisionGroup(client, { ...options, apiEndpoint: 'nope' })).rejects.toThrow(
      /api-endpoint/,
    );
    await expect(provisionGroup(client, { ...options, imsis: ['12'] })).rejects.toThrow(/imsi/);
  });

  it('writes userdata in the order the app documents, threshold only when given', () => {
    expect(buildUserdata({ apiEndpoint: 'u', apiKey: 'k' })).toBe(
      '{"apiEndpoint":"u","apiKey":"k"}',
    );
  });
});
