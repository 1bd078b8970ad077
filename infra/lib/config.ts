/**
 * The stack's settings, read once from CDK context (`-c key=value` or cdk.json) into a typed
 * object and validated here, so the constructs below never parse strings.
 * @module
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node } from 'constructs';

/** Usage plan quota period, as API Gateway names it. */
export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH';

/** Everything the facegate stack can be told from outside. */
export interface FacegateConfig {
  /** CloudFormation stack name (`-c stackName=`, default `Facegate`). */
  stackName: string;
  /** Rekognition collection id (`-c collectionId=`, default `facegate`). */
  collectionId: string;
  /** Usage plan steady-state requests per second (`-c rateLimit=`, default 10). */
  rateLimit: number;
  /** Usage plan burst (`-c burstLimit=`, default 20). */
  burstLimit: number;
  /** Usage plan quota (`-c quotaLimit=`, default 1000). */
  quotaLimit: number;
  /** Usage plan quota period (`-c quotaPeriod=`, default DAY). */
  quotaPeriod: QuotaPeriod;
  /** Source CIDRs allowed to call the API (`-c allowSources=a/32,b/32`); empty = any source. */
  allowSources: string[];
  /** Deploy the web app on an S3 website (`-c website=false` to skip; default true). */
  website: boolean;
  /** Built web app folder (`-c webDist=`, default apps/web/dist). */
  webDist: string;
  /** Lambda entry file (`-c lambdaEntry=`, default apps/lambda/src/index.ts). */
  lambdaEntry: string;
  /** Monorepo root: esbuild's project root and the lock file's folder. */
  repoRoot: string;
  /** SIM identity (`-c simAuth=true`); undefined = API keys only, as in the hands-on. */
  simAuth?: SimAuthSettings;
}

/** What `/sim/search` verifies SIMs with. */
export interface SimAuthSettings {
  /** Secrets Manager secret (name) holding the Beam PSK (`-c beamPskSecret=`). */
  beamPskSecret?: string;
  /** Endorse key set as a JWKS (`-c endorseJwksUrl=`). */
  endorseJwksUrl?: string;
  /** Endorse keys as `<url><kid>` PEM files, like SORACOM's key repository (`-c endorseKeyUrl=`). */
  endorseKeyUrl?: string;
  /** `IMSI[:scope+scope],...` (`-c simAllowlist=`), passed to the Lambda as is. */
  allowlist: string;
}

const SIM_ALLOW_ITEM = /^\d{5,15}(:(search|recognize|enroll)(\+(search|recognize|enroll))*)?$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** Reads the SIM settings, or undefined when `simAuth` is off. */
export function readSimAuth(get: (key: string) => unknown): SimAuthSettings | undefined {
  if (!parseBool('simAuth', get('simAuth'), false)) return undefined;
  const text = (key: string) => {
    const v = get(key);
    return v === undefined || v === null || v === '' ? undefined : String(v);
  };
  const beamPskSecret = text('beamPskSecret');
  const endorseJwksUrl = text('endorseJwksUrl');
  const endorseKeyUrl = text('endorseKeyUrl');
  if (beamPskSecret !== undefined && !SECRET_NAME.test(beamPskSecret))
    throw new Error(`context beamPskSecret: not a secret name: "${beamPskSecret}"`);
  for (const [key, url] of [
    ['endorseJwksUrl', endorseJwksUrl],
    ['endorseKeyUrl', endorseKeyUrl],
  ] as const) {
    if (url !== undefined && !/^https:\/\/[^/]/.test(url))
      throw new Error(`context ${key}: an https URL, got "${url}"`);
  }
  if (endorseJwksUrl && endorseKeyUrl)
    throw new Error('context endorseJwksUrl and endorseKeyUrl: give one, not both');
  if (!beamPskSecret && !endorseJwksUrl && !endorseKeyUrl)
    throw new Error(
      'context simAuth: needs beamPskSecret (Beam) and/or endorseJwksUrl / endorseKeyUrl (Endorse)',
    );
  const items = (text('simAllowlist') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0)
    throw new Error('context simAllowlist: list the IMSIs allowed, e.g. 440100000000001:search');
  for (const item of items)
    if (!SIM_ALLOW_ITEM.test(item))
      throw new Error(`context simAllowlist: "${item}" is not IMSI[:scope+scope]`);
  return {
    ...(beamPskSecret ? { beamPskSecret } : {}),
    ...(endorseJwksUrl ? { endorseJwksUrl } : {}),
    ...(endorseKeyUrl ? { endorseKeyUrl } : {}),
    allowlist: items.join(','),
  };
}

/** The monorepo root, two levels above this file (infra/lib/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const COLLECTION_ID = /^[a-zA-Z0-9_.-]{1,255}$/;
const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d{1,2}))?$/;

/**
 * Reads and validates the stack's settings from the app's context.
 * @throws Error naming the bad context key, so `cdk synth` stops before anything is built.
 */
export function readConfig(node: Node): FacegateConfig {
  const get = (key: string): unknown => node.tryGetContext(key);
  const str = (key: string, fallback: string): string => {
    const v = get(key);
    return v === undefined || v === null || v === '' ? fallback : String(v);
  };
  const stackName = str('stackName', 'Facegate');
  if (!STACK_NAME.test(stackName))
    throw new Error(`context stackName: invalid stack name "${stackName}"`);
  const collectionId = str('collectionId', 'facegate');
  if (!COLLECTION_ID.test(collectionId)) {
    throw new Error(
      `context collectionId: must match [a-zA-Z0-9_.-]{1,255}, got "${collectionId}"`,
    );
  }
  const quotaPeriod = str('quotaPeriod', 'DAY').toUpperCase();
  if (quotaPeriod !== 'DAY' && quotaPeriod !== 'WEEK' && quotaPeriod !== 'MONTH') {
    throw new Error(`context quotaPeriod: DAY, WEEK or MONTH, got "${quotaPeriod}"`);
  }
  return {
    stackName,
    collectionId,
    rateLimit: positiveNumber('rateLimit', str('rateLimit', '10')),
    burstLimit: positiveInteger('burstLimit', str('burstLimit', '20')),
    quotaLimit: positiveInteger('quotaLimit', str('quotaLimit', '1000')),
    quotaPeriod,
    allowSources: parseCidrs(get('allowSources')),
    website: parseBool('website', get('website'), true),
    webDist: path.resolve(REPO_ROOT, str('webDist', 'apps/web/dist')),
    lambdaEntry: path.resolve(REPO_ROOT, str('lambdaEntry', 'apps/lambda/src/index.ts')),
    repoRoot: REPO_ROOT,
    ...(() => {
      const simAuth = readSimAuth(get);
      return simAuth ? { simAuth } : {};
    })(),
  };
}

/** Parses `1.2.3.4/32,5.6.7.8/32` (or a JSON array from cdk.json); a bare address means /32. */
export function parseCidrs(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return items
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((cidr) => {
      const m = IPV4_CIDR.exec(cidr);
      const octetsOk = m !== null && [m[1], m[2], m[3], m[4]].every((o) => Number(o) <= 255);
      const bits = m?.[6] === undefined ? 32 : Number(m[6]);
      if (!m || !octetsOk || bits > 32)
        throw new Error(`context allowSources: "${cidr}" is not an IPv4 CIDR`);
      return `${m[1]}.${m[2]}.${m[3]}.${m[4]}/${bits}`;
    });
}

function parseBool(key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  const s = String(value).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(s)) return true;
  if (['false', '0', 'no', 'off'].includes(s)) return false;
  throw new Error(`context ${key}: expected true or false, got "${String(value)}"`);
}

function positiveNumber(key: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`context ${key}: expected a positive number, got "${value}"`);
  return n;
}

function positiveInteger(key: string, value: string): number {
  const n = positiveNumber(key, value);
  if (!Number.isInteger(n))
    throw new Error(`context ${key}: expected a whole number, got "${value}"`);
  return n;
}
