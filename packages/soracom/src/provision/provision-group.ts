/**
 * The hands-on's step 4 and its cleanup as two calls: provision a SIM group whose Air metadata
 * carries the Search API's endpoint and key (read-only, CORS for the app's origin), put SIMs in
 * it; tear it down again. Both are idempotent: they read first and write only what differs, so a
 * second run sends no write at all.
 * @module
 */
import type { SoracomClient } from '../client/soracom.client.js';
import {
  BEAM_HTTP_ENTRY_POINT,
  type BeamHttpConfig,
  type ConfigurationParameter,
  type Group,
  type MetadataConfig,
} from '../types.js';

/** How the phone proves itself to the Search API: the hands-on's key, or its SIM. */
export type PhoneMode = 'apikey' | 'beam' | 'endorse';

/** Where a phone on a SORACOM SIM reaches Beam's HTTP entry point and Endorse. */
export const BEAM_ENTRY_URL = 'http://beam.soracom.io:8888';
export const ENDORSE_URL = 'https://endorse.soracom.io';

export interface ProvisionOptions {
  /** The group's `name` tag, how SORACOM's console names groups. */
  group: string;
  /** The Search API URL the phone posts to, e.g. `https://.../prod/search`. */
  apiEndpoint: string;
  /** The Search API key (`x-api-key`); only for mode `apikey` (the other modes store none). */
  apiKey?: string;
  /** What the userdata tells the phone to use (default `apikey`). */
  mode?: PhoneMode;
  /**
   * Turn on Beam's HTTP entry point for the group: forwards to the Search API's origin, adding
   * the IMSI header and a signature made with `psk`.
   */
  beam?: { psk: string; destination?: string };
  /** Turn on Endorse for the group (tokens carry the IMSI). */
  endorse?: boolean;
  /** The Beam entry point the phone posts to (default http://beam.soracom.io:8888; the emulator's per SIM). */
  beamUrl?: string;
  /** Where the phone gets its Endorse token (default https://endorse.soracom.io; the emulator's per SIM). */
  endorseUrl?: string;
  /** 0–100; omitted from userdata when absent (the app then uses its default). */
  threshold?: number;
  /** The app's origin, sent back as `Access-Control-Allow-Origin`. */
  allowOrigin?: string;
  /** SIMs to put in the group. */
  imsis?: string[];
  /** Raise (or set) these SIMs' speed class, e.g. `s1.fast` as the hands-on does. */
  speedClass?: string;
  /** Default true, as the hands-on sets it; false lets devices write tags and speed class. */
  readonly?: boolean;
}

export interface ProvisionResult {
  groupId: string;
  created: boolean;
  /** What was written, in order (empty on a run that found everything in place). */
  changes: string[];
}

/** The userdata text: `{"apiEndpoint","apiKey","threshold"?}`, the shape the phone app reads. */
export function buildUserdata(
  o: Pick<
    ProvisionOptions,
    'apiEndpoint' | 'apiKey' | 'threshold' | 'mode' | 'beamUrl' | 'endorseUrl'
  >,
): string {
  const mode = o.mode ?? 'apikey';
  let u: Record<string, unknown>;
  if (mode === 'beam') {
    // The phone posts plain HTTP to Beam, at the same path as the API's; no key anywhere.
    const path = new URL(o.apiEndpoint).pathname;
    u = { mode, apiEndpoint: `${(o.beamUrl ?? BEAM_ENTRY_URL).replace(/\/+$/, '')}${path}` };
  } else if (mode === 'endorse') {
    u = { mode, apiEndpoint: o.apiEndpoint, endorseUrl: o.endorseUrl ?? ENDORSE_URL };
  } else {
    u = { apiEndpoint: o.apiEndpoint, apiKey: o.apiKey };
  }
  if (o.threshold !== undefined) u['threshold'] = o.threshold;
  return JSON.stringify(u);
}

/** The SoracomBeam configuration: the HTTP entry point, IMSI header and signature on. */
export function buildBeamConfiguration(o: ProvisionOptions): ConfigurationParameter[] {
  if (!o.beam) return [];
  const value: BeamHttpConfig = {
    name: 'facegate',
    destination: o.beam.destination ?? new URL(o.apiEndpoint).origin,
    enabled: true,
    addSubscriberHeader: true,
    addSignature: true,
    psk: o.beam.psk,
  };
  return [{ key: BEAM_HTTP_ENTRY_POINT, value }];
}

/** The SoracomEndorse configuration: on, with the IMSI in every token. */
export function buildEndorseConfiguration(o: ProvisionOptions): ConfigurationParameter[] {
  if (!o.endorse) return [];
  return [
    { key: 'enabled', value: true },
    { key: 'includeImsi', value: true },
  ];
}

/** The SoracomAir configuration provisioning sets. */
export function buildAirConfiguration(o: ProvisionOptions): ConfigurationParameter[] {
  const metadata: MetadataConfig = { enabled: true, readonly: o.readonly ?? true };
  if (o.allowOrigin) metadata.allowOrigin = o.allowOrigin;
  return [
    { key: 'metadata', value: metadata },
    { key: 'userdata', value: buildUserdata(o) },
  ];
}

/** Deep equality for JSON values, ignoring key order. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** Groups whose `name` tag is exactly `name`. */
export async function findGroupsByName(client: SoracomClient, name: string): Promise<Group[]> {
  const groups = await client.listGroups({ tagName: 'name', tagValue: name });
  // The filter is the server's; check again so a server ignoring it cannot widen a teardown.
  return groups.filter((g) => g.tags?.['name'] === name);
}

export function validateProvisionOptions(o: ProvisionOptions): void {
  if (!o.group.trim()) throw new Error('--group must not be empty');
  let u: URL;
  try {
    u = new URL(o.apiEndpoint);
  } catch {
    throw new Error(`--api-endpoint is not a URL: ${o.apiEndpoint}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new Error('--api-endpoint must be http(s)');
  const mode = o.mode ?? 'apikey';
  if (mode === 'apikey' && !o.apiKey) throw new Error('--api-key must not be empty');
  if (mode !== 'apikey' && o.apiKey)
    throw new Error(`mode ${mode} stores no API key in the userdata: leave out --api-key`);
  if (mode === 'beam' && !o.beam) throw new Error('mode beam needs --beam (and its PSK)');
  if (mode === 'endorse' && !o.endorse) throw new Error('mode endorse needs --endorse');
  if (o.beam && o.beam.psk.length < 8)
    throw new Error('the Beam PSK must be at least 8 characters');
  for (const [flag, url] of [
    ['--beam-destination', o.beam?.destination],
    ['--beam-url', o.beamUrl],
    ['--endorse-url', o.endorseUrl],
  ] as const) {
    if (url !== undefined && !/^https?:\/\/[^/]/.test(url))
      throw new Error(`${flag} is not an http(s) URL: ${url}`);
  }
  if (
    o.threshold !== undefined &&
    !(Number.isFinite(o.threshold) && o.threshold >= 0 && o.threshold <= 100)
  ) {
    throw new Error('--threshold must be a number from 0 to 100');
  }
  for (const imsi of o.imsis ?? []) {
    if (!/^[0-9]{6,15}$/.test(imsi)) throw new Error(`--imsi must be 6 to 15 digits: ${imsi}`);
  }
}

/**
 * Creates (or reuses, by name) a SIM group with metadata on and the Search API's settings as
 * userdata, and puts the SIMs in it. The client must already be authenticated.
 * @example
 * await client.authenticate(resolveCredentials());
 * await provisionGroup(client, { group: 'dev', apiEndpoint: 'http://127.0.0.1:3000/search', apiKey });
 */
export async function provisionGroup(
  client: SoracomClient,
  o: ProvisionOptions,
): Promise<ProvisionResult> {
  validateProvisionOptions(o);
  const changes: string[] = [];
  const existing = await findGroupsByName(client, o.group);
  if (existing.length > 1) {
    throw new Error(
      `${existing.length} groups are named "${o.group}"; remove the extra ones first`,
    );
  }
  let group = existing[0];
  const created = !group;
  if (!group) {
    group = await client.createGroup({ name: o.group });
    changes.push(`created group ${o.group} (${group.groupId})`);
  }
  for (const [namespace, want] of [
    ['SoracomAir', buildAirConfiguration(o)],
    ['SoracomBeam', buildBeamConfiguration(o)],
    ['SoracomEndorse', buildEndorseConfiguration(o)],
  ] as const) {
    if (want.length === 0) continue;
    const have = group.configuration?.[namespace] ?? {};
    const differing = want.filter((p) => !sameJson(have[p.key], p.value));
    if (differing.length > 0) {
      await client.putConfiguration(group.groupId, namespace, want);
      changes.push(`set ${namespace} ${want.map((p) => p.key).join(', ')}`);
    }
  }
  for (const imsi of o.imsis ?? []) {
    const sim = await client.getSubscriber(imsi);
    if (sim.groupId !== group.groupId) {
      await client.setGroup(imsi, group.groupId);
      changes.push(`put ${imsi} in ${o.group}`);
    }
    if (o.speedClass && sim.speedClass !== o.speedClass) {
      await client.updateSpeedClass(imsi, o.speedClass);
      changes.push(`set ${imsi} speed class ${o.speedClass}`);
    }
  }
  return { groupId: group.groupId, created, changes };
}

export interface TeardownResult {
  deletedGroupIds: string[];
  unsetImsis: string[];
  /** `namespace key` of each configuration item removed (with `only`). */
  removedConfiguration: string[];
}

/**
 * Takes every SIM out of the groups named `group` and deletes them (steps 6-7 of the hands-on).
 * With `only`, removes just the Beam entry point and/or the Endorse settings that setup made,
 * keeping the group and its SIMs (the phones then fall back to what the userdata says).
 */
export async function teardownGroup(
  client: SoracomClient,
  o: { group: string; only?: Array<'beam' | 'endorse'> },
): Promise<TeardownResult> {
  const result: TeardownResult = { deletedGroupIds: [], unsetImsis: [], removedConfiguration: [] };
  const groups = await findGroupsByName(client, o.group);
  if (o.only?.length) {
    for (const g of groups) {
      const remove: Array<[string, string]> = [];
      if (
        o.only.includes('beam') &&
        g.configuration?.['SoracomBeam']?.[BEAM_HTTP_ENTRY_POINT] !== undefined
      )
        remove.push(['SoracomBeam', BEAM_HTTP_ENTRY_POINT]);
      if (o.only.includes('endorse'))
        for (const key of Object.keys(g.configuration?.['SoracomEndorse'] ?? {}))
          remove.push(['SoracomEndorse', key]);
      for (const [ns, key] of remove) {
        await client.deleteConfiguration(g.groupId, ns, key);
        result.removedConfiguration.push(`${ns} ${key}`);
      }
    }
    return result;
  }
  for (const g of groups) {
    for (const sim of await client.listSubscribersInGroup(g.groupId)) {
      await client.unsetGroup(sim.imsi);
      result.unsetImsis.push(sim.imsi);
    }
    await client.deleteGroup(g.groupId);
    result.deletedGroupIds.push(g.groupId);
  }
  return result;
}
