/**
 * SORACOM Beam's request signature (version 20151001): Beam adds the SIM's identity headers
 * and `X-Soracom-Signature` = SHA-256 hex of the pre-shared key followed by
 * `x-soracom-<name>=<value>` for each identity header it added, always in the order imei,
 * imsi, msisdn, sim-id, timestamp. Whoever holds the PSK (Beam and this server) can make it;
 * nobody else can, so a request carrying a valid one came through Beam.
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const BEAM_SIGNATURE_VERSION = '20151001';

/** The signed headers, in the order they are signed. */
export const BEAM_SIGNED_HEADERS = [
  'x-soracom-imei',
  'x-soracom-imsi',
  'x-soracom-msisdn',
  'x-soracom-sim-id',
  'x-soracom-timestamp',
] as const;

export type BeamHeaderName = (typeof BEAM_SIGNED_HEADERS)[number];
export type BeamHeaders = Partial<Record<BeamHeaderName, string>>;

/** The string Beam hashes: PSK, then each present header as `name=value`, in the fixed order. */
export function beamStringToSign(psk: string, headers: BeamHeaders): string {
  let s = psk;
  for (const name of BEAM_SIGNED_HEADERS) {
    const v = headers[name];
    if (v !== undefined) s += `${name}=${v}`;
  }
  return s;
}

/** `X-Soracom-Signature` for these headers under `psk` (lower-case hex). */
export function beamSignature(psk: string, headers: BeamHeaders): string {
  return createHash('sha256').update(beamStringToSign(psk, headers), 'utf8').digest('hex');
}

/** Constant-time comparison of two hex signatures (false for any length or format mismatch). */
export function signaturesEqual(a: string, b: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(a) || !/^[0-9a-f]{64}$/i.test(b)) return false;
  return timingSafeEqual(Buffer.from(a.toLowerCase(), 'hex'), Buffer.from(b.toLowerCase(), 'hex'));
}
