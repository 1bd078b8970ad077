import { describe, expect, it } from 'vitest';
import { startSoracomEmulator } from './emulator.js';
import { OP, SIM_A, SIM_B, tempStateFile, testSeed } from './test-helpers.js';

describe('startSoracomEmulator', () => {
  it('falls back to one port per SIM on 127.0.0.1, each still known by its connection', async () => {
    const emu = await startSoracomEmulator({
      stateFile: tempStateFile(),
      seed: testSeed(),
      metadataAddressing: 'port',
    });
    try {
      expect(emu.addressing).toBe('port');
      const [a, b] = emu.sims.map((s) => new URL(s.metadataUrl));
      expect([a!.hostname, b!.hostname]).toEqual(['127.0.0.1', '127.0.0.1']);
      expect(a!.port).not.toBe(b!.port);
      const g = emu.store.createGroup(OP, { name: 'g' }).groupId;
      emu.store.putConfiguration(OP, g, 'SoracomAir', [
        { key: 'metadata', value: { enabled: true, readonly: true } },
      ]);
      emu.store.setGroup(OP, SIM_A, g);
      emu.store.setGroup(OP, SIM_B, g);
      const imsiAt = async (url: string) => (await fetch(`${url}/v1/subscriber.imsi`)).text();
      expect([
        await imsiAt(emu.sims[0]!.metadataUrl),
        await imsiAt(emu.sims[1]!.metadataUrl),
      ]).toEqual([SIM_A, SIM_B]);
    } finally {
      await emu.close();
    }
  });

  it('keeps its state across a restart on the same file', async () => {
    const stateFile = tempStateFile();
    const first = await startSoracomEmulator({ stateFile, seed: testSeed() });
    const g = first.store.createGroup(OP, { name: 'kept' }).groupId;
    first.store.setGroup(OP, SIM_A, g);
    await first.close();
    const second = await startSoracomEmulator({ stateFile });
    try {
      expect(second.store.getSubscriber(null, SIM_A).groupId).toBe(g);
      expect(second.store.listGroups(OP).map((x) => x.tags['name'])).toEqual(['kept']);
    } finally {
      await second.close();
    }
  });

  it('releases every port it bound when a listener cannot start', async () => {
    const a = await startSoracomEmulator({ stateFile: tempStateFile(), seed: testSeed() });
    const port = Number(new URL(a.apiUrl).port);
    await expect(
      startSoracomEmulator({ stateFile: tempStateFile(), seed: testSeed(), apiPort: port }),
    ).rejects.toThrow(/EADDRINUSE/);
    await a.close();
  });
});
