/**
 * Shared by the emulator's unit tests (excluded from nothing: it is tiny and has no test-only
 * imports): a temp state file and a two-SIM seed.
 * @module
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SeedFile } from './seed.schema.js';

export const OP = 'OP0000000099';
export const KEY_ID = 'keyId-test';
export const KEY = 'secret-test-0123456789';
export const SIM_A = '440109999000001';
export const SIM_B = '440109999000002';

export function testSeed(): SeedFile {
  return {
    operators: [{ operatorId: OP }],
    authKeys: [{ operatorId: OP, authKeyId: KEY_ID, authKey: KEY }],
    sims: [
      { imsi: SIM_A, msisdn: '819000000001', tags: { name: 'A' } },
      { imsi: SIM_B, msisdn: '819000000002', tags: { name: 'B' } },
    ],
  };
}

export function tempStateFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'facegate-soracom-')), 'state.json');
}
