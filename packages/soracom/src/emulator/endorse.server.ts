/**
 * The emulated SORACOM Endorse (`https://endorse.soracom.io`): a GET from a SIM answers
 * `{"token": JWT}` signed RS256 with the emulator's key, with SORACOM's claims (`aud`
 * soracom-endorse-audience, `sub` soracom-endorse, `iss` https://soracom.io, `jti`, `iat`,
 * `nbf` 60 s back, `exp`), and the SIM under `soracom-endorse-claim` (`imsi`, `imei`,
 * `msisdn`, `simId` as the group's SoracomEndorse settings include them; `requestParameters`
 * when the device passed query parameters). Like metadata, a listener is made for one SIM.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndorseConfig, Group, MetadataConfig } from '../types.js';
import { answerError } from './answer-error.js';
import { DEFAULT_ENDORSE_TTL_SECONDS, ENDORSE_AUDIENCE, ENDORSE_ISSUER } from './endorse.key.js';
import { sendEmpty, sendJson, sendText } from './http.util.js';
import type { EmulatorStore } from './state.store.js';

export const ENDORSE_NOT_ENABLED = 'SORACOM Endorse is not enabled for this SIM group.';

function endorseOf(group: Group | null): EndorseConfig | null {
  const c = group?.configuration['SoracomEndorse'] as Partial<EndorseConfig> | undefined;
  return c && c.enabled === true ? (c as EndorseConfig) : null;
}

/**
 * Whether the real service sends CORS headers is not documented; the emulator lets the origin
 * the group's metadata allows read the token too, so the web app can use it from a browser.
 */
function corsOf(group: Group | null): Record<string, string> {
  const m = group?.configuration['SoracomAir']?.['metadata'] as MetadataConfig | undefined;
  return m?.allowOrigin ? { 'Access-Control-Allow-Origin': m.allowOrigin, Vary: 'Origin' } : {};
}

export function createEndorseHandler(
  store: EmulatorStore,
  options: { imsi: string; log?: (line: string) => void; clock?: () => number },
) {
  const log = options.log ?? (() => {});
  const clock = options.clock ?? Date.now;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    const imsi = options.imsi;
    res.on('finish', () => log(`endorse ${imsi} ${method} ${res.statusCode}`));
    try {
      const group = store.groupOf(imsi);
      const cors = corsOf(group);
      if (method === 'OPTIONS') {
        return sendEmpty(res, 204, {
          ...cors,
          'Access-Control-Allow-Methods': 'GET, OPTIONS',
          'Access-Control-Max-Age': '600',
        });
      }
      if (method !== 'GET') return sendText(res, 405, 'Method Not Allowed', cors);
      const config = endorseOf(group);
      if (!config) return sendText(res, 403, ENDORSE_NOT_ENABLED, cors);
      const sim = store.getSubscriber(null, imsi);
      const url = new URL(req.url ?? '/', 'http://endorse.invalid');
      const params = Object.fromEntries([...url.searchParams.entries()].slice(0, 32));
      const claim: Record<string, unknown> = {};
      if (config.includeImsi !== false) claim['imsi'] = sim.imsi;
      if (config.includeImei && sim.sessionStatus.imei) claim['imei'] = sim.sessionStatus.imei;
      if (config.includeMsisdn) claim['msisdn'] = sim.msisdn;
      if (config.includeSimId) claim['simId'] = sim.imsi;
      if (Object.keys(params).length > 0) claim['requestParameters'] = params;
      const iat = Math.floor(clock() / 1000);
      const token = store.endorseKey().sign({
        aud: ENDORSE_AUDIENCE,
        iss: ENDORSE_ISSUER,
        sub: 'soracom-endorse',
        jti: randomBytes(16).toString('base64url'),
        iat,
        nbf: iat - 60,
        exp: iat + (config.tokenTimeoutSeconds ?? DEFAULT_ENDORSE_TTL_SECONDS),
        'soracom-endorse-claim': claim,
      });
      sendJson(res, 200, { token }, { ...cors, 'Cache-Control': 'no-store' });
    } catch (e) {
      answerError(res, e, log);
    }
  };
}
