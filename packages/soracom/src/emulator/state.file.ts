/**
 * The emulator's state file: its shape, first-start data built from a seed, and atomic
 * writes (a temp file in the same folder, then rename, so a crash never leaves half a file).
 * The file holds auth key secrets, so it is written readable by its owner only.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Group, Subscriber } from '../types.js';
import { defaultDevSeed } from './dev-seed.js';
import type { StoredEndorseKey } from './endorse.key.js';
import { parseSeed, type SeedFile } from './seed.schema.js';

export interface StoredAuthKey {
  operatorId: string;
  authKeyId: string;
  /** Kept in clear: the emulator must compare it, and it only ever guards local test data. */
  authKey: string;
}

/** What the state file holds. */
export interface EmulatorData {
  version: 1;
  operators: Array<{ operatorId: string; email?: string }>;
  authKeys: StoredAuthKey[];
  groups: Group[];
  /** In seed order: SIM n is served on the n-th metadata address. */
  subscribers: Subscriber[];
  /** The Endorse signing key, made on first use. */
  endorseKey?: StoredEndorseKey;
}

function subscriberFromSeed(
  sim: ReturnType<typeof parseSeed>['sims'][number],
  index: number,
  operatorId: string,
  now: number,
): Subscriber {
  return {
    imsi: sim.imsi,
    msisdn: sim.msisdn,
    operatorId: sim.operatorId ?? operatorId,
    ipAddress:
      sim.ipAddress ??
      `10.${128 + ((index >> 16) & 127)}.${(index >> 8) & 255}.${(index & 255) + 1}`,
    apn: 'soracom.io',
    speedClass: sim.speedClass,
    groupId: null,
    tags: { ...sim.tags },
    status: sim.status,
    type: sim.speedClass,
    moduleType: 'nano',
    plan: 1,
    imeiLock: null,
    expiryTime: null,
    terminationEnabled: false,
    sessionStatus: { online: true, lastUpdatedAt: now, imei: null, dnsServers: null },
    createdAt: now,
    lastModifiedAt: now,
    createdTime: now,
    lastModifiedTime: now,
  };
}

/** Builds first-start data from a seed, generating the auth keys' missing ids and secrets. */
export function dataFromSeed(seed: SeedFile, now = Date.now()): EmulatorData {
  const s = parseSeed(seed);
  const first = s.operators[0]!.operatorId;
  return {
    version: 1,
    operators: s.operators.map((o) => ({ ...o })),
    authKeys: s.authKeys.map((k) => ({
      operatorId: k.operatorId,
      authKeyId: k.authKeyId ?? `keyId-${randomBytes(12).toString('hex')}`,
      authKey: k.authKey ?? `secret-${randomBytes(24).toString('base64url')}`,
    })),
    groups: [],
    subscribers: s.sims.map((sim, i) => subscriberFromSeed(sim, i, first, now)),
  };
}

/** Reads the state file, or builds (and writes) first-start data from the seed. */
export function loadOrSeed(file: string, seed: SeedFile | undefined, now: number): EmulatorData {
  if (existsSync(file)) {
    const data = JSON.parse(readFileSync(file, 'utf8')) as EmulatorData;
    if (data.version !== 1 || !Array.isArray(data.subscribers)) {
      throw new Error(`${file} is not a SORACOM emulator state file (version 1)`);
    }
    return data;
  }
  const data = dataFromSeed(seed ?? defaultDevSeed(), now);
  writeState(file, data);
  return data;
}

/** Writes the whole state atomically. */
export function writeState(file: string, data: EmulatorData): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
