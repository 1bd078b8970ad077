/**
 * The SORACOM shapes facegate speaks (contract D and C of the spec), named as SORACOM's API
 * reference names them, so the client, the emulator and the tests share one vocabulary.
 * @module
 */

/** The speed classes of SORACOM Air for Cellular (plan01s / plan-D / plan-K families). */
export const SPEED_CLASSES = [
  's1.minimum',
  's1.slow',
  's1.standard',
  's1.fast',
  's1.4xfast',
  's1.8xfast',
  'u1.standard',
  'u1.slow',
  't1.standard',
] as const;
export type SpeedClass = (typeof SPEED_CLASSES)[number];

/** The Air metadata service settings of a group (`SoracomAir` namespace, key `metadata`). */
export interface MetadataConfig {
  enabled: boolean;
  readonly: boolean;
  /** Sent back as `Access-Control-Allow-Origin`; absent means no CORS header. */
  allowOrigin?: string;
}

/** The Beam HTTP entry point the phone reaches (`SoracomBeam` key for plain HTTP on port 8888). */
export const BEAM_HTTP_ENTRY_POINT = 'http://beam.soracom.io:8888/';

/**
 * One SORACOM Beam entry point's settings (`SoracomBeam` namespace; the key is the entry
 * point, e.g. `http://beam.soracom.io:8888/`, or with a path, `http://beam.soracom.io:8888/api`). The header flags choose which identity headers
 * Beam adds and signs: IMSI (`addSubscriberHeader`), IMEI (`addEquipmentHeader`), MSISDN
 * (`addMsisdnHeader`), SIM ID (`addSimIdHeader`).
 */
export interface BeamHttpConfig {
  name?: string;
  /** Where requests are forwarded: the request's path and query are appended. */
  destination: string;
  enabled: boolean;
  addSubscriberHeader?: boolean;
  addEquipmentHeader?: boolean;
  addMsisdnHeader?: boolean;
  addSimIdHeader?: boolean;
  addSignature?: boolean;
  /**
   * The pre-shared key the signature is made with (also registered with the API server): in
   * clear, or a reference to SORACOM's credentials store (which the emulator cannot read).
   */
  psk?: string | { $credentialsId: string };
  customHeaders?: Record<string, { action: string; headerKey: string; headerValue: string }>;
}

/** SORACOM Endorse settings of a group (`SoracomEndorse` namespace, one key per field). */
export interface EndorseConfig {
  enabled: boolean;
  includeImsi?: boolean;
  includeImei?: boolean;
  includeMsisdn?: boolean;
  includeSimId?: boolean;
  /** Token lifetime (the emulator's default 600 s, as SORACOM's tokens carry). */
  tokenTimeoutSeconds?: number;
}

/** One item of `PUT /groups/{id}/configuration/SoracomAir`. */
export interface ConfigurationParameter {
  key: string;
  value: unknown;
}

/** A SIM group, as `GET /groups/{id}` returns it. Times are Unix milliseconds. */
export interface Group {
  groupId: string;
  operatorId: string;
  tags: Record<string, string>;
  /** Namespace (e.g. `SoracomAir`) → key → value. */
  configuration: Record<string, Record<string, unknown>>;
  createdTime: number;
  lastModifiedTime: number;
  createdAt: number;
  lastModifiedAt: number;
}

/** A subscriber (SIM), as `GET /subscribers/{imsi}` and the metadata `/v1/subscriber` return it. */
export interface Subscriber {
  imsi: string;
  msisdn: string;
  operatorId: string;
  ipAddress: string;
  apn: string;
  speedClass: string;
  groupId: string | null;
  tags: Record<string, string>;
  status: string;
  type: string;
  moduleType: string;
  plan: number;
  imeiLock: null;
  expiryTime: null;
  terminationEnabled: boolean;
  sessionStatus: {
    online: boolean;
    lastUpdatedAt: number;
    imei: string | null;
    dnsServers: string[] | null;
  };
  createdAt: number;
  lastModifiedAt: number;
  createdTime: number;
  lastModifiedTime: number;
}

/** `POST /auth` response. */
export interface AuthResponse {
  apiKey: string;
  token: string;
  operatorId: string;
}

/** SORACOM's error body: `{"code":"AUM0001","message":"..."}`. */
export interface SoracomErrorBody {
  code: string;
  message: string;
}
