/**
 * Who a SIM-authenticated request came from, as SORACOM vouched for it (Beam's signed headers
 * or an Endorse token), and the verdict of a verifier.
 * @module
 */
export interface SimIdentity {
  /** How SORACOM vouched for the SIM. */
  via: 'beam' | 'endorse';
  imsi: string;
  imei?: string;
  msisdn?: string;
  simId?: string;
  /** The SIM group, when the credential tells it (Beam: the group whose PSK signed). */
  group?: string;
}

export type SimVerdict = { ok: true; identity: SimIdentity } | { ok: false; reason: string };
