/**
 * Verifies a request that came through SORACOM Beam: signature version, the signature against
 * each configured PSK, the timestamp inside the window, and first use of that signature.
 * The result names the SIM (IMSI, and IMEI/MSISDN/SIM ID when Beam added them).
 * @module
 */
import { systemClock, type Clock } from '@facegate/core';
import {
  BEAM_SIGNATURE_VERSION,
  BEAM_SIGNED_HEADERS,
  beamSignature,
  signaturesEqual,
  type BeamHeaders,
} from './beam.signature.js';
import { ReplayCache } from './replay.cache.js';
import type { SimVerdict } from './sim.identity.js';

/** A PSK registered with SORACOM for one SIM group's Beam entry point. */
export interface BeamPsk {
  psk: string;
  /** The SIM group whose Beam configuration holds this PSK: lets the allowlist name groups. */
  group?: string;
}

export interface BeamVerifierOptions {
  psks: readonly BeamPsk[];
  /** How old a timestamp may be (default 5 minutes). */
  windowMs?: number;
  /** How far ahead of this server's clock a timestamp may be (default 1 minute). */
  futureSkewMs?: number;
  clock?: Clock;
  replay?: ReplayCache;
}

export const DEFAULT_BEAM_WINDOW_MS = 5 * 60_000;
export const DEFAULT_BEAM_FUTURE_SKEW_MS = 60_000;
/** No real identity header is this long; longer values are refused before hashing. */
const MAX_HEADER_LENGTH = 128;

/** True when the request carries Beam's signature headers (so it must be judged as Beam). */
export function hasBeamHeaders(get: (name: string) => string | undefined): boolean {
  return get('x-soracom-signature') !== undefined;
}

export function createBeamVerifier(options: BeamVerifierOptions) {
  const psks = options.psks.filter((p) => p.psk.length > 0);
  if (psks.length === 0) throw new Error('Beam verification needs at least one PSK');
  const windowMs = options.windowMs ?? DEFAULT_BEAM_WINDOW_MS;
  const skewMs = options.futureSkewMs ?? DEFAULT_BEAM_FUTURE_SKEW_MS;
  const clock = options.clock ?? systemClock;
  const replay = options.replay ?? new ReplayCache();

  return {
    verify(get: (name: string) => string | undefined): SimVerdict {
      const version = get('x-soracom-signature-version');
      const signature = get('x-soracom-signature');
      if (version !== BEAM_SIGNATURE_VERSION)
        return { ok: false, reason: 'unsupported Beam signature version' };
      if (!signature) return { ok: false, reason: 'no Beam signature' };
      const headers: BeamHeaders = {};
      for (const name of BEAM_SIGNED_HEADERS) {
        const v = get(name);
        if (v === undefined) continue;
        if (v.length > MAX_HEADER_LENGTH) return { ok: false, reason: `${name} too long` };
        headers[name] = v;
      }
      const imsi = headers['x-soracom-imsi'];
      const ts = headers['x-soracom-timestamp'];
      if (!imsi)
        return { ok: false, reason: 'no X-Soracom-IMSI (turn on the IMSI header in Beam)' };
      if (!ts || !/^\d{1,16}$/.test(ts)) return { ok: false, reason: 'no Beam timestamp' };
      const matched = psks.find((p) => signaturesEqual(beamSignature(p.psk, headers), signature));
      if (!matched) return { ok: false, reason: 'Beam signature does not match' };
      // Only a genuine signature reaches the clock and replay checks, so forgeries cannot fill the cache.
      const now = clock.now();
      const at = Number(ts);
      if (at < now - windowMs) return { ok: false, reason: 'Beam timestamp too old' };
      if (at > now + skewMs) return { ok: false, reason: 'Beam timestamp in the future' };
      const used = replay.use(signature.toLowerCase(), at + windowMs, now);
      if (used === 'replay') return { ok: false, reason: 'Beam signature replayed' };
      if (used === 'full') return { ok: false, reason: 'Beam replay cache full' };
      return {
        ok: true,
        identity: {
          via: 'beam',
          imsi,
          ...(headers['x-soracom-imei'] ? { imei: headers['x-soracom-imei'] } : {}),
          ...(headers['x-soracom-msisdn'] ? { msisdn: headers['x-soracom-msisdn'] } : {}),
          ...(headers['x-soracom-sim-id'] ? { simId: headers['x-soracom-sim-id'] } : {}),
          ...(matched.group ? { group: matched.group } : {}),
        },
      };
    },
  };
}

export type BeamVerifier = ReturnType<typeof createBeamVerifier>;
