/**
 * The emulated SORACOM Beam HTTP entry point (`http://beam.soracom.io:8888/`): a request from
 * a SIM is forwarded to the destination of its group's entry point (request path and query
 * appended), with the identity headers the group's settings ask for, `X-Soracom-Timestamp`
 * and, when `addSignature` is on, `X-Soracom-Signature-Version: 20151001` and
 * `X-Soracom-Signature` made with the PSK. Any `X-Soracom-*` header the device sent is dropped
 * first: only Beam speaks for the SIM. Like metadata, a listener is made for one SIM.
 * @module
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import {
  BEAM_HTTP_ENTRY_POINT,
  type BeamHttpConfig,
  type Group,
  type Subscriber,
} from '../types.js';
import { readBodyBytes } from './http.util.js';
import type { EmulatorStore } from './state.store.js';

export const BEAM_NOT_CONFIGURED = 'SORACOM Beam is not configured for this SIM group.';
/** The Search API takes photos up to 5 MB in base64; Beam here forwards up to this much. */
export const MAX_BEAM_BODY_BYTES = 12 * 1024 * 1024;
const FORWARD_TIMEOUT_MS = 120_000;

const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'content-length',
]);

/**
 * The enabled HTTP entry point whose path is the longest prefix of the request's (the key
 * `http://beam.soracom.io:8888/` matches every path), and what is left of the path after it.
 */
export function beamEntryFor(
  group: Group | null,
  requestPath: string,
): { config: BeamHttpConfig; rest: string } | null {
  const entries = Object.entries(group?.configuration['SoracomBeam'] ?? {});
  let best: { config: BeamHttpConfig; rest: string; length: number } | null = null;
  for (const [key, value] of entries) {
    if (!key.startsWith(BEAM_HTTP_ENTRY_POINT)) continue;
    const c = value as BeamHttpConfig;
    if (c?.enabled !== true || typeof c.destination !== 'string') continue;
    const prefix = `/${key.slice(BEAM_HTTP_ENTRY_POINT.length)}`.replace(/\/+$/, '');
    const matches = prefix === '' || requestPath === prefix || requestPath.startsWith(`${prefix}/`);
    if (matches && (!best || prefix.length > best.length))
      best = { config: c, rest: requestPath.slice(prefix.length) || '/', length: prefix.length };
  }
  return best && { config: best.config, rest: best.rest };
}

/** The headers Beam adds for `sim` under `config`, signature included (SORACOM's 20151001 scheme). */
export function beamIdentityHeaders(
  config: BeamHttpConfig,
  sim: Subscriber,
  now: number,
): Record<string, string> {
  // In the order they are signed: imei, imsi, msisdn, sim-id, timestamp.
  const h: Array<[string, string]> = [];
  if (config.addEquipmentHeader && sim.sessionStatus.imei)
    h.push(['x-soracom-imei', sim.sessionStatus.imei]);
  if (config.addSubscriberHeader) h.push(['x-soracom-imsi', sim.imsi]);
  if (config.addMsisdnHeader) h.push(['x-soracom-msisdn', sim.msisdn]);
  if (config.addSimIdHeader) h.push(['x-soracom-sim-id', sim.imsi]);
  h.push(['x-soracom-timestamp', String(now)]);
  const out = Object.fromEntries(h);
  if (config.addSignature && typeof config.psk === 'string' && config.psk) {
    const text = config.psk + h.map(([k, v]) => `${k}=${v}`).join('');
    out['x-soracom-signature-version'] = '20151001';
    out['x-soracom-signature'] = createHash('sha256').update(text, 'utf8').digest('hex');
  }
  for (const c of Object.values(config.customHeaders ?? {})) {
    if (c.action === 'append' && !c.headerKey.toLowerCase().startsWith('x-soracom-'))
      out[c.headerKey.toLowerCase()] = c.headerValue;
  }
  return out;
}

export function createBeamHandler(
  store: EmulatorStore,
  options: { imsi: string; log?: (line: string) => void; clock?: () => number },
) {
  const log = options.log ?? (() => {});
  const clock = options.clock ?? Date.now;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    const imsi = options.imsi;
    res.on('finish', () => log(`beam ${imsi} ${method} ${req.url ?? ''} ${res.statusCode}`));
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://beam.invalid');
      const entry = beamEntryFor(store.groupOf(imsi), url.pathname);
      if (!entry) {
        res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(BEAM_NOT_CONFIGURED);
        return;
      }
      const { config, rest } = entry;
      if (config.addSignature && typeof config.psk !== 'string')
        log(
          `beam ${imsi}: the PSK is a credentials reference the emulator cannot read; not signed`,
        );
      const body =
        method === 'GET' || method === 'HEAD'
          ? undefined
          : await readBodyBytes(req, MAX_BEAM_BODY_BYTES);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (v === undefined || HOP_BY_HOP.has(k) || k.startsWith('x-soracom-')) continue;
        headers[k] = Array.isArray(v) ? v.join(', ') : v;
      }
      Object.assign(headers, beamIdentityHeaders(config, store.getSubscriber(null, imsi), clock()));
      const target = config.destination.replace(/\/+$/, '') + rest + url.search;
      const upstream = await fetch(target, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        redirect: 'manual',
        signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      });
      const out: Record<string, string> = {};
      upstream.headers.forEach((v, k) => {
        // fetch has already decoded the body, so its encoding and length no longer apply.
        if (!HOP_BY_HOP.has(k) && k !== 'content-encoding') out[k] = v;
      });
      res.writeHead(upstream.status, out);
      if (upstream.body) Readable.fromWeb(upstream.body as never).pipe(res);
      else res.end();
    })().catch((e: unknown) => {
      const tooBig = (e as { status?: number }).status === 413;
      log(`beam ${imsi} forward failed: ${(e as Error).message}`);
      if (res.headersSent) return void res.destroy();
      res.writeHead(tooBig ? 413 : 502, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(tooBig ? 'Request body too large.' : 'Bad Gateway');
    });
  };
}
