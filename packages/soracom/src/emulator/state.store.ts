/**
 * The one state behind both emulated servers (API and metadata): operators, auth keys, groups,
 * subscribers. Every mutation is written to the state file at once, atomically (temp file +
 * rename), so a crash never leaves half a file and a restart finds what was there. API tokens
 * live in memory only: like SORACOM's, they are short-lived, and a restart simply asks clients
 * to authenticate again.
 * @module
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { SoracomErrors } from '../errors.js';
import type { AuthResponse, ConfigurationParameter, Group, Subscriber } from '../types.js';
import { generateEndorseKey, loadEndorseKey, type EndorseKey } from './endorse.key.js';
import type { SeedFile } from './seed.schema.js';
import { loadOrSeed, writeState, type EmulatorData, type StoredAuthKey } from './state.file.js';

export type { EmulatorData, StoredAuthKey } from './state.file.js';
export { dataFromSeed } from './state.file.js';

interface Session {
  apiKey: string;
  operatorId: string;
  expiresAt: number;
}

/** Matches `GET /groups?tag_name=&tag_value=&tag_value_match_mode=`. */
export interface GroupFilter {
  tagName?: string;
  tagValue?: string;
  matchMode?: 'exact' | 'prefix';
}

const TOKEN_TTL_MS = 86_400_000;

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The emulator's state; methods throw {@link SoracomApiError}s the servers send as they are. */
export class EmulatorStore {
  private readonly sessions = new Map<string, Session>();
  private loadedEndorseKey: EndorseKey | undefined;

  private constructor(
    private readonly file: string,
    private readonly data: EmulatorData,
    private readonly clock: () => number,
  ) {}

  /** Loads the state file, or creates it from the seed (the development seed when none). */
  static open(file: string, seed?: SeedFile, clock: () => number = Date.now): EmulatorStore {
    return new EmulatorStore(file, loadOrSeed(file, seed, clock()), clock);
  }

  private persist(): void {
    writeState(this.file, this.data);
  }

  /** A deep copy of everything, for tests and for `npm start` to read the dev auth key. */
  snapshot(): EmulatorData {
    return structuredClone(this.data);
  }

  /** The Endorse signing key; made and persisted on first use. */
  endorseKey(): EndorseKey {
    if (!this.data.endorseKey) {
      this.data.endorseKey = generateEndorseKey();
      this.persist();
    }
    this.loadedEndorseKey ??= loadEndorseKey(this.data.endorseKey);
    return this.loadedEndorseKey;
  }

  authKeys(): StoredAuthKey[] {
    return this.data.authKeys.map((k) => ({ ...k }));
  }

  /** IMSIs in seed order. */
  imsis(): string[] {
    return this.data.subscribers.map((s) => s.imsi);
  }

  // ---- auth -------------------------------------------------------------------------------

  authenticate(authKeyId: string, authKey: string): AuthResponse {
    const key = this.data.authKeys.find((k) => k.authKeyId === authKeyId);
    if (!key || !same(key.authKey, authKey)) throw SoracomErrors.authFailed();
    const apiKey = `api-${randomUUID()}`;
    const token = randomBytes(48).toString('base64url');
    this.sessions.set(token, {
      apiKey,
      operatorId: key.operatorId,
      expiresAt: this.clock() + TOKEN_TTL_MS,
    });
    return { apiKey, token, operatorId: key.operatorId };
  }

  /** The operator a request acts for, from its X-Soracom-API-Key and X-Soracom-Token. */
  verify(apiKey: string | undefined, token: string | undefined): string {
    if (!apiKey || !token) throw SoracomErrors.tokenRequired();
    const s = this.sessions.get(token);
    if (!s || s.expiresAt <= this.clock()) throw SoracomErrors.invalidToken();
    if (!same(s.apiKey, apiKey)) throw SoracomErrors.keyTokenMismatch();
    return s.operatorId;
  }

  // ---- groups -----------------------------------------------------------------------------

  listGroups(operatorId: string, filter: GroupFilter = {}): Group[] {
    return this.data.groups
      .filter((g) => g.operatorId === operatorId)
      .filter((g) => {
        if (!filter.tagName) return true;
        const v = g.tags[filter.tagName];
        if (v === undefined) return false;
        if (filter.tagValue === undefined) return true;
        return filter.matchMode === 'prefix'
          ? v.startsWith(filter.tagValue)
          : v === filter.tagValue;
      })
      .map((g) => structuredClone(g));
  }

  private group(operatorId: string, groupId: string): Group {
    const g = this.data.groups.find((x) => x.groupId === groupId && x.operatorId === operatorId);
    if (!g) throw SoracomErrors.groupNotFound(groupId);
    return g;
  }

  getGroup(operatorId: string, groupId: string): Group {
    return structuredClone(this.group(operatorId, groupId));
  }

  createGroup(operatorId: string, tags: Record<string, string>): Group {
    const now = this.clock();
    const g: Group = {
      groupId: randomUUID(),
      operatorId,
      tags: { ...tags },
      configuration: {},
      createdTime: now,
      lastModifiedTime: now,
      createdAt: now,
      lastModifiedAt: now,
    };
    this.data.groups.push(g);
    this.persist();
    return structuredClone(g);
  }

  deleteGroup(operatorId: string, groupId: string): void {
    const g = this.group(operatorId, groupId);
    const members = this.data.subscribers.filter((s) => s.groupId === g.groupId).length;
    if (members > 0) throw SoracomErrors.groupNotEmpty(groupId, members);
    this.data.groups = this.data.groups.filter((x) => x !== g);
    this.persist();
  }

  /** Sets the given keys of a namespace; keys not named keep their value (SORACOM's merge). */
  putConfiguration(
    operatorId: string,
    groupId: string,
    namespace: string,
    params: ConfigurationParameter[],
  ): Group {
    const g = this.group(operatorId, groupId);
    const ns = (g.configuration[namespace] ??= {});
    for (const p of params) ns[p.key] = structuredClone(p.value);
    this.touch(g);
    this.persist();
    return structuredClone(g);
  }

  deleteConfigurationKey(
    operatorId: string,
    groupId: string,
    namespace: string,
    key: string,
  ): void {
    const g = this.group(operatorId, groupId);
    const ns = g.configuration[namespace];
    if (!ns || !(key in ns)) throw SoracomErrors.configKeyNotFound(key);
    delete ns[key];
    this.touch(g);
    this.persist();
  }

  private touch(x: { lastModifiedTime: number; lastModifiedAt: number }): void {
    x.lastModifiedTime = x.lastModifiedAt = this.clock();
  }

  // ---- subscribers ------------------------------------------------------------------------

  listSubscribers(operatorId: string): Subscriber[] {
    return this.data.subscribers
      .filter((s) => s.operatorId === operatorId)
      .map((s) => structuredClone(s));
  }

  private subscriber(operatorId: string | null, imsi: string): Subscriber {
    const s = this.data.subscribers.find(
      (x) => x.imsi === imsi && (operatorId === null || x.operatorId === operatorId),
    );
    if (!s) throw SoracomErrors.subscriberNotFound(imsi);
    return s;
  }

  /** `operatorId` null: the metadata service, which knows the SIM by its connection. */
  getSubscriber(operatorId: string | null, imsi: string): Subscriber {
    return structuredClone(this.subscriber(operatorId, imsi));
  }

  /** The subscriber's group, or null (no group, or a group that vanished). */
  groupOf(imsi: string): Group | null {
    const s = this.subscriber(null, imsi);
    const g = s.groupId ? this.data.groups.find((x) => x.groupId === s.groupId) : undefined;
    return g ? structuredClone(g) : null;
  }

  setGroup(operatorId: string, imsi: string, groupId: string): Subscriber {
    const s = this.subscriber(operatorId, imsi);
    if (!this.data.groups.some((g) => g.groupId === groupId && g.operatorId === operatorId)) {
      throw SoracomErrors.groupInBodyNotFound(groupId);
    }
    s.groupId = groupId;
    return this.saveSubscriber(s);
  }

  unsetGroup(operatorId: string, imsi: string): Subscriber {
    const s = this.subscriber(operatorId, imsi);
    s.groupId = null;
    return this.saveSubscriber(s);
  }

  updateSpeedClass(operatorId: string | null, imsi: string, speedClass: string): Subscriber {
    const s = this.subscriber(operatorId, imsi);
    s.speedClass = speedClass;
    s.type = speedClass;
    return this.saveSubscriber(s);
  }

  putTags(
    operatorId: string | null,
    imsi: string,
    tags: Array<{ tagName: string; tagValue: string }>,
  ): Subscriber {
    const s = this.subscriber(operatorId, imsi);
    for (const t of tags) s.tags[t.tagName] = t.tagValue;
    return this.saveSubscriber(s);
  }

  deleteTag(operatorId: string | null, imsi: string, tagName: string): void {
    const s = this.subscriber(operatorId, imsi);
    if (!(tagName in s.tags)) throw SoracomErrors.tagNotFound(tagName);
    delete s.tags[tagName];
    this.saveSubscriber(s);
  }

  private saveSubscriber(s: Subscriber): Subscriber {
    this.touch(s);
    this.persist();
    return structuredClone(s);
  }
}
