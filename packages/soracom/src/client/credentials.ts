/**
 * Where the SORACOM client's AuthKey and endpoint come from, as soracom-cli does it:
 * `SORACOM_AUTH_KEY_ID` / `SORACOM_AUTH_KEY` in the environment, or a profile file
 * `~/.soracom/<profile>.json` (`{"authKeyId","authKey","coverageType"}`; the folder can be moved
 * with `SORACOM_PROFILE_DIR`); `--coverage jp|g` picks the API, `--endpoint` overrides it.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type Coverage = 'jp' | 'g';

export const COVERAGE_ENDPOINTS: Record<Coverage, string> = {
  jp: 'https://api.soracom.io/v1',
  g: 'https://g.api.soracom.io/v1',
};

export interface AuthKeyCredentials {
  authKeyId: string;
  authKey: string;
}

export interface ResolvedCredentials extends AuthKeyCredentials {
  /** Where they came from, for messages (never the secret). */
  source: string;
  coverageType?: Coverage;
  endpoint?: string;
}

export interface CredentialOptions {
  /** A profile name; when given, the profile wins over the environment. */
  profile?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

function profileDir(env: NodeJS.ProcessEnv, home: string): string {
  return env['SORACOM_PROFILE_DIR'] || join(home, '.soracom');
}

function readProfile(path: string, name: string): ResolvedCredentials {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`Cannot read SORACOM profile "${name}" (${path}): ${(e as Error).message}`);
  }
  const p = raw as Record<string, unknown>;
  if (typeof p['authKeyId'] !== 'string' || typeof p['authKey'] !== 'string') {
    throw new Error(
      `SORACOM profile "${name}" (${path}) has no authKeyId/authKey (only AuthKey profiles are supported)`,
    );
  }
  const cov = p['coverageType'];
  return {
    authKeyId: p['authKeyId'],
    authKey: p['authKey'],
    source: `profile ${name}`,
    coverageType: cov === 'jp' || cov === 'g' ? cov : undefined,
    endpoint: typeof p['endpoint'] === 'string' ? p['endpoint'] : undefined,
  };
}

/** Finds the AuthKey: explicit profile, else environment, else the `default` profile. */
export function resolveCredentials(options: CredentialOptions = {}): ResolvedCredentials {
  const env = options.env ?? process.env;
  const dir = profileDir(env, options.home ?? homedir());
  if (options.profile) return readProfile(join(dir, `${options.profile}.json`), options.profile);
  const id = env['SORACOM_AUTH_KEY_ID'];
  const key = env['SORACOM_AUTH_KEY'];
  if (id && key) return { authKeyId: id, authKey: key, source: 'environment' };
  if (id || key) throw new Error('Set both SORACOM_AUTH_KEY_ID and SORACOM_AUTH_KEY, or neither');
  const fallback = join(dir, 'default.json');
  if (existsSync(fallback)) return readProfile(fallback, 'default');
  throw new Error(
    'No SORACOM credentials: set SORACOM_AUTH_KEY_ID and SORACOM_AUTH_KEY, or pass --profile NAME (~/.soracom/NAME.json)',
  );
}

/** The API base URL, always ending in `/v1`: `--endpoint`, else the coverage's, else Japan's. */
export function resolveEndpoint(options: {
  endpoint?: string;
  coverage?: string;
  profile?: ResolvedCredentials;
}): string {
  const explicit = options.endpoint ?? options.profile?.endpoint;
  if (explicit) {
    let u: URL;
    try {
      u = new URL(explicit);
    } catch {
      throw new Error(`--endpoint is not a URL: ${explicit}`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new Error(`--endpoint must be http(s): ${explicit}`);
    const base = explicit.replace(/\/+$/, '');
    return base.endsWith('/v1') ? base : `${base}/v1`;
  }
  const coverage = options.coverage ?? options.profile?.coverageType ?? 'jp';
  if (coverage !== 'jp' && coverage !== 'g')
    throw new Error(`--coverage must be jp or g, not ${coverage}`);
  return COVERAGE_ENDPOINTS[coverage];
}
