import { describe, expect, it } from 'vitest';
import { DEV_SIM_B_IMSI } from './dev-seed.js';
import { DEV_GROUP_NAME, startDevSoracom } from './dev-soracom.js';
import { tempStateFile } from './test-helpers.js';

describe('startDevSoracom', () => {
  it("serves the dev group's userdata to this machine's SIM, and keeps one group across restarts", async () => {
    const stateFile = tempStateFile();
    const options = {
      stateFile,
      apiEndpoint: 'http://127.0.0.1:8080/prod/search',
      apiKey: 'dev-key-1',
      allowOrigin: 'http://127.0.0.1:8080',
    };
    const first = await startDevSoracom(options);
    try {
      const res = await fetch(`${first.metadataUrl}/v1/userdata`);
      expect(new URL(first.metadataUrl).hostname).toBe('127.0.0.1');
      expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080');
      expect(await res.json()).toEqual({ apiEndpoint: options.apiEndpoint, apiKey: 'dev-key-1' });
      // SIM B is in no group.
      expect(
        (await fetch(`${first.emulator.simMetadataUrl(DEV_SIM_B_IMSI)}/v1/userdata`)).status,
      ).toBe(403);
    } finally {
      await first.emulator.close();
    }
    const second = await startDevSoracom({ ...options, apiKey: 'dev-key-2' });
    try {
      expect(second.groupId).toBe(first.groupId);
      const groups = second.emulator.store.listGroups(second.emulator.authKeys[0]!.operatorId);
      expect(groups.map((g) => g.tags['name'])).toEqual([DEV_GROUP_NAME]);
      expect(await (await fetch(`${second.metadataUrl}/v1/userdata`)).json()).toMatchObject({
        apiKey: 'dev-key-2',
      });
    } finally {
      await second.emulator.close();
    }
  });
});
