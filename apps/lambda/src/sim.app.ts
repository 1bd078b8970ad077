/**
 * SIM identity on AWS: the Search API under `/sim/...` (a resource API Gateway does not ask
 * a key for) admits only SIMs that SORACOM vouched for, Beam-signed or with an Endorse token,
 * and listed in FACEGATE_SIM_ALLOWLIST. The Beam PSK is read from Secrets Manager through the
 * AWS Parameters and Secrets Lambda Extension (plain HTTP on localhost, no SDK to bundle) once
 * per container.
 *
 * Environment: FACEGATE_SIM_AUTH=on; FACEGATE_BEAM_PSK_SECRET (secret id); one of
 * FACEGATE_ENDORSE_JWKS_URL / FACEGATE_ENDORSE_KEY_URL; FACEGATE_SIM_ALLOWLIST
 * (`IMSI[:scope+scope],...`, scopes default to search).
 * @module
 */
import {
  createBeamVerifier,
  createEndorseVerifier,
  ALL_SCOPES,
  type ApiKeyAuthorizer,
  type BeamPsk,
  type Scope,
  type SimVerifiers,
} from '@facegate/api/search/index';

export interface LambdaSimConfig {
  beamPskSecret?: string;
  endorseJwksUrl?: string;
  endorseKeyUrl?: string;
  allowlist: Map<string, Scope[]>;
}

/** `440100000000001:search+recognize,440100000000002` → IMSI → scopes. Throws on anything else. */
export function parseSimAllowlist(text: string): Map<string, Scope[]> {
  const out = new Map<string, Scope[]>();
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [imsi, scopes] = item.split(':') as [string, string | undefined];
    if (!/^\d{5,15}$/.test(imsi)) throw new Error(`FACEGATE_SIM_ALLOWLIST: not an IMSI: ${imsi}`);
    const list = (scopes ?? 'search').split('+').map((s) => s.trim());
    for (const s of list)
      if (!(ALL_SCOPES as readonly string[]).includes(s))
        throw new Error(`FACEGATE_SIM_ALLOWLIST: unknown scope ${s}`);
    out.set(imsi, list as Scope[]);
  }
  return out;
}

/** The SIM settings from the environment, or undefined when SIM identity is off. */
export function simConfigFromEnv(env: NodeJS.ProcessEnv): LambdaSimConfig | undefined {
  if (!/^(on|true|1)$/i.test(env.FACEGATE_SIM_AUTH ?? '')) return undefined;
  return {
    ...(env.FACEGATE_BEAM_PSK_SECRET ? { beamPskSecret: env.FACEGATE_BEAM_PSK_SECRET } : {}),
    ...(env.FACEGATE_ENDORSE_JWKS_URL ? { endorseJwksUrl: env.FACEGATE_ENDORSE_JWKS_URL } : {}),
    ...(env.FACEGATE_ENDORSE_KEY_URL ? { endorseKeyUrl: env.FACEGATE_ENDORSE_KEY_URL } : {}),
    allowlist: parseSimAllowlist(env.FACEGATE_SIM_ALLOWLIST ?? ''),
  };
}

/**
 * A secret's value through the Parameters and Secrets extension
 * (`GET localhost:2773/secretsmanager/get?secretId=...`, authenticated with the function's
 * session token). The value is never logged.
 */
export async function readSecret(
  secretId: string,
  env: NodeJS.ProcessEnv = process.env,
  fetchImpl: typeof fetch = fetch,
): Promise<string> {
  const port = env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT || '2773';
  const url = `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`;
  const res = await fetchImpl(url, {
    headers: { 'X-Aws-Parameters-Secrets-Token': env.AWS_SESSION_TOKEN ?? '' },
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`secret ${secretId}: the extension answered ${res.status}`);
  const body = (await res.json()) as { SecretString?: unknown };
  if (typeof body.SecretString !== 'string' || !body.SecretString)
    throw new Error(`secret ${secretId} has no SecretString`);
  return body.SecretString;
}

/** A secret holding one PSK as text, or a JSON list `[{"psk","group"?}]`. */
export function parsePsks(secret: string): BeamPsk[] {
  const text = secret.trim();
  if (!text.startsWith('[')) return [{ psk: text }];
  const list = JSON.parse(text) as Array<{ psk?: unknown; group?: unknown }>;
  return list.map((e) => {
    if (typeof e.psk !== 'string' || !e.psk) throw new Error('a PSK entry has no "psk"');
    return { psk: e.psk, ...(typeof e.group === 'string' ? { group: e.group } : {}) };
  });
}

/** The verifiers the configuration asks for (the PSK fetched now). */
export async function simVerifiersFor(
  config: LambdaSimConfig,
  readPsk: (id: string) => Promise<string> = (id) => readSecret(id),
): Promise<SimVerifiers> {
  const endorse = config.endorseJwksUrl
    ? createEndorseVerifier({ jwksUrl: config.endorseJwksUrl })
    : config.endorseKeyUrl
      ? createEndorseVerifier({ keyBaseUrl: config.endorseKeyUrl })
      : undefined;
  const beam = config.beamPskSecret
    ? createBeamVerifier({ psks: parsePsks(await readPsk(config.beamPskSecret)) })
    : undefined;
  if (!beam && !endorse)
    throw new Error('FACEGATE_SIM_AUTH is on but neither Beam nor Endorse is set');
  return { ...(beam ? { beam } : {}), ...(endorse ? { endorse } : {}) };
}

/**
 * Admits only SIMs on the allowlist, never a key. Rate limits per SIM are API Gateway's
 * method throttling on `/sim/*` (a container's memory is no place for a quota).
 */
export function allowlistAuthorizer(allowlist: Map<string, Scope[]>): ApiKeyAuthorizer {
  return {
    verify: () => undefined,
    verifySim: (sim) => {
      const scopes = allowlist.get(sim.imsi);
      return scopes
        ? { keyId: `sim:${sim.imsi}`, imsi: sim.imsi, via: sim.via, scopes }
        : undefined;
    },
    recordUsage: () => 'ok',
  };
}
