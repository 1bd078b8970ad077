import { readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SoracomApiError } from '../errors.js';
import { EmulatorStore } from './state.store.js';
import { KEY, KEY_ID, OP, SIM_A, SIM_B, tempStateFile, testSeed } from './test-helpers.js';

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof SoracomApiError ? `${e.status} ${e.code}` : String(e);
  }
  return 'no error';
};

describe('EmulatorStore', () => {
  it('seeds on first start and keeps state across a restart, written atomically and privately', () => {
    const file = tempStateFile();
    const a = EmulatorStore.open(file, testSeed());
    const g = a.createGroup(OP, { name: 'dev' });
    a.putConfiguration(OP, g.groupId, 'SoracomAir', [{ key: 'userdata', value: '{"x":1}' }]);
    a.setGroup(OP, SIM_A, g.groupId);

    const b = EmulatorStore.open(file, { operators: [{ operatorId: 'OP1' }] }); // seed ignored now
    expect(b.imsis()).toEqual([SIM_A, SIM_B]);
    expect(b.groupOf(SIM_A)?.configuration['SoracomAir']).toEqual({ userdata: '{"x":1}' });
    expect(readdirSync(dirname(file))).toEqual(['state.json']); // no temp file left behind
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('generates a missing auth key secret once and keeps it', () => {
    const file = tempStateFile();
    const seed = { operators: [{ operatorId: OP }], authKeys: [{ operatorId: OP }], sims: [] };
    const first = EmulatorStore.open(file, seed).authKeys()[0]!;
    expect(first.authKeyId).toMatch(/^keyId-/);
    expect(first.authKey).toMatch(/^secret-/);
    expect(EmulatorStore.open(file, seed).authKeys()[0]).toEqual(first);
  });

  it('authenticates with the auth key and checks API key and token together', () => {
    const s = EmulatorStore.open(tempStateFile(), testSeed());
    const auth = s.authenticate(KEY_ID, KEY);
    expect(auth.operatorId).toBe(OP);
    expect(s.verify(auth.apiKey, auth.token)).toBe(OP);
    expect(code(() => s.authenticate(KEY_ID, 'wrong'))).toBe('401 AUM0004');
    expect(code(() => s.authenticate('nope', KEY))).toBe('401 AUM0004');
    expect(code(() => s.verify(undefined, auth.token))).toBe('401 AUM0001');
    expect(code(() => s.verify(auth.apiKey, 'forged'))).toBe('401 AUM0002');
    expect(code(() => s.verify('api-other', auth.token))).toBe('403 AUM0003');
  });

  it('expires tokens after a day', () => {
    let now = 1_000_000;
    const s = EmulatorStore.open(tempStateFile(), testSeed(), () => now);
    const auth = s.authenticate(KEY_ID, KEY);
    now += 86_400_000;
    expect(code(() => s.verify(auth.apiKey, auth.token))).toBe('401 AUM0002');
  });

  it('merges SoracomAir configuration key by key and deletes one key', () => {
    const s = EmulatorStore.open(tempStateFile(), testSeed());
    const g = s.createGroup(OP, { name: 'g' });
    s.putConfiguration(OP, g.groupId, 'SoracomAir', [
      { key: 'metadata', value: { enabled: true, readonly: true } },
      { key: 'userdata', value: 'one' },
    ]);
    const after = s.putConfiguration(OP, g.groupId, 'SoracomAir', [
      { key: 'userdata', value: 'two' },
    ]);
    expect(after.configuration['SoracomAir']).toEqual({
      metadata: { enabled: true, readonly: true },
      userdata: 'two',
    });
    s.deleteConfigurationKey(OP, g.groupId, 'SoracomAir', 'userdata');
    expect(s.getGroup(OP, g.groupId).configuration['SoracomAir']).toEqual({
      metadata: { enabled: true, readonly: true },
    });
    expect(code(() => s.deleteConfigurationKey(OP, g.groupId, 'SoracomAir', 'userdata'))).toBe(
      '404 GRM0004',
    );
  });

  it('filters groups by tag, exactly or by prefix', () => {
    const s = EmulatorStore.open(tempStateFile(), testSeed());
    s.createGroup(OP, { name: 'dev' });
    s.createGroup(OP, { name: 'dev-2' });
    s.createGroup(OP, {});
    const names = (f: Parameters<EmulatorStore['listGroups']>[1]) =>
      s.listGroups(OP, f).map((g) => g.tags['name']);
    expect(names({ tagName: 'name', tagValue: 'dev' })).toEqual(['dev']);
    expect(names({ tagName: 'name', tagValue: 'dev', matchMode: 'prefix' })).toEqual([
      'dev',
      'dev-2',
    ]);
    expect(s.listGroups(OP)).toHaveLength(3);
    expect(s.listGroups('OP0000000000')).toHaveLength(0);
  });

  it('refuses unknown groups and subscribers, other operators, and deleting a group that still has SIMs', () => {
    const s = EmulatorStore.open(tempStateFile(), testSeed());
    const g = s.createGroup(OP, { name: 'g' });
    expect(code(() => s.getGroup(OP, 'missing'))).toBe('404 GRM0001');
    expect(code(() => s.getGroup('OP0000000000', g.groupId))).toBe('404 GRM0001');
    expect(code(() => s.setGroup(OP, SIM_A, 'missing'))).toBe('400 GRM0002');
    expect(code(() => s.setGroup(OP, '440100000000999', g.groupId))).toBe('404 SEM0001');
    s.setGroup(OP, SIM_A, g.groupId);
    expect(code(() => s.deleteGroup(OP, g.groupId))).toBe('400 GRM0003');
    s.unsetGroup(OP, SIM_A);
    s.deleteGroup(OP, g.groupId);
    expect(s.listGroups(OP)).toEqual([]);
  });

  it('rejects a seed that is not one, naming the field', () => {
    expect(() => EmulatorStore.open(tempStateFile(), { operators: [] })).toThrow(/operators/);
    expect(() =>
      EmulatorStore.open(tempStateFile(), {
        operators: [{ operatorId: OP }],
        sims: [{ imsi: 'abc' }],
      }),
    ).toThrow(/sims\.0\.imsi/);
  });
});
