/** Typed server configuration, read once at the composition root. */
export interface AccessKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface ServerConfig {
  host: string;
  port: number;
  /** Data folder (default `./data`): SQLite file, buckets/, credentials. */
  dataDir: string;
  /** Collection searched by the Search API (`--collection`, FACEGATE_COLLECTION, default `default`). */
  collection: string;
  /** Extra accepted key pairs (FACEGATE_ACCESS_KEY_ID / FACEGATE_SECRET_ACCESS_KEY). */
  accessKeys: AccessKeyPair[];
  /** Search API source allowlist (CIDRs); empty = any source. */
  allowSources: string[];
  /** Search API path prefix, like API Gateway's stage (`/prod/search`); unset = `prod`. */
  stage?: string;
  /** S3-compatible endpoint for Image.S3Object; unset = `<dataDir>/buckets/<Bucket>/<Name>`. */
  s3Endpoint?: string;
  /** Folder of the built web app served at `/`; unset = the bundled apps/web/dist if present. */
  webRoot?: string;
  /** Metadata service URL the web app is told to use (the local emulator under `npm start`). */
  metadataUrl?: string;
  /** Days the recognition log keeps an entry (`--log-retention-days`, FACEGATE_LOG_RETENTION_DAYS); unset = 30. */
  logRetentionDays?: number;
  /** Region reported in ARNs. */
  region: string;
  /** SIM identity for the Search API (Beam signatures, Endorse tokens); unset = API keys only. */
  sim?: SimAuthConfig;
}

/** A PSK registered with a SIM group's Beam entry point (the group name lets the allowlist list groups). */
export interface BeamPskConfig {
  psk: string;
  group?: string;
}

export interface SimAuthConfig {
  /** Beam: the PSKs whose signatures are accepted; none = Beam requests are not recognised. */
  beamPsks?: BeamPskConfig[];
  /** Endorse: where the public keys are (a JWKS URL, or SORACOM's key repository base URL). */
  endorse?: { jwksUrl?: string; keyBaseUrl?: string };
  /** False: x-api-key is no longer accepted, only SIMs (default true). */
  apiKeys?: boolean;
}
