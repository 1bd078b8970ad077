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
