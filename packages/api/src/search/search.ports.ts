/**
 * What the Search API needs from the outside world. The same app runs in `facegate serve`
 * (embedded engine, SQLite keys, TCP peer allowlist) and as a Lambda (AWS SDK, API Gateway
 * checking the key), so each of these is a port with one implementation per runtime.
 * @module
 */
import type {
  Clock,
  FaceSearchApi,
  PersonFace,
  PersonSummary,
  RecognitionLogEntry,
} from '@facegate/core';
import type { Context } from 'hono';
import type { SimIdentity, SimVerdict } from './sim/sim.identity.js';

/**
 * What a key may do: `search` (POST /search), `recognize` (POST /recognize), `enroll` (POST /faces
 * and the operator console's /people and /log).
 */
export type Scope = 'search' | 'recognize' | 'enroll';
export const ALL_SCOPES: readonly Scope[] = ['search', 'recognize', 'enroll'];

export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH';

/** A usage plan as API Gateway has one: steady rate (req/s), burst (bucket size), quota per period. */
export interface UsagePlanLimits {
  id: string;
  name: string;
  /** Requests per second refilled into the bucket; undefined = unthrottled. */
  rate?: number;
  /** Bucket capacity; defaults to max(1, ceil(rate)). */
  burst?: number;
  /** Requests allowed per period; undefined = no quota. */
  quota?: { limit: number; period: QuotaPeriod };
}

/** Who is calling, once a key has been verified. Never holds the key itself. */
export interface ApiKeyPrincipal {
  keyId: string;
  name?: string;
  scopes: readonly Scope[];
  /** Undefined: the key belongs to no plan and is not throttled. */
  plan?: UsagePlanLimits;
  /** The SIM asking, when SORACOM vouched for it (Beam or Endorse) rather than an API key. */
  imsi?: string;
  /** How the caller was recognised (undefined: an API key). */
  via?: 'beam' | 'endorse';
}

/** `rate`: the plan's rate/burst is exhausted; `quota`: its quota for this period is used up. */
export type UsageVerdict = 'ok' | 'rate' | 'quota';

/** Verifies API keys and meters their use (a SQLite store locally; a pass-through on AWS). */
export interface ApiKeyAuthorizer {
  /** The principal for a presented key, or undefined when it is missing, unknown or revoked. */
  verify(
    key: string | undefined,
  ): ApiKeyPrincipal | undefined | Promise<ApiKeyPrincipal | undefined>;
  /** Counts one request against the principal's plan; says whether it may go ahead. */
  recordUsage(principal: ApiKeyPrincipal): UsageVerdict | Promise<UsageVerdict>;
  /**
   * Charges work done beyond the request's first unit to the plan's rate bucket and quota (both
   * may go into debt, refusing the key's next requests until repaid); see docs/design/fairness.md.
   */
  recordWork?(principal: ApiKeyPrincipal, units: number): void | Promise<void>;
  /**
   * The principal for a SIM that Beam or Endorse vouched for, or undefined when the SIM is
   * not on the allowlist. Absent: no SIM is ever served.
   */
  verifySim?(
    identity: SimIdentity,
  ): ApiKeyPrincipal | undefined | Promise<ApiKeyPrincipal | undefined>;
}

/**
 * How SIMs may prove who they are, per deployment: Beam's signed headers, Endorse tokens, or
 * both. Whatever is configured here is tried before the API key.
 */
export interface SimVerifiers {
  beam?: { verify(get: (name: string) => string | undefined): SimVerdict };
  endorse?: { verify(token: string | undefined): Promise<SimVerdict> };
}

/** Whether the request's source may use the API (the SIM gateway allowlist). */
export type SourceCheck = (c: Context) => boolean | Promise<boolean>;

/** Cuts faces out of a photo so /recognize can search each one (SearchFacesByImage only searches the largest). */
export interface FaceCropper {
  /** One JPEG or PNG per box (boxes as ratios, Rekognition's BoundingBox), with some margin around the face. */
  crop(
    image: Uint8Array,
    boxes: ReadonlyArray<{ Width: number; Height: number; Left: number; Top: number }>,
  ): Promise<Uint8Array[]>;
  /** A small square JPEG of one face, for the operator console (optional). */
  thumbnail?(
    image: Uint8Array,
    box: { Width: number; Height: number; Left: number; Top: number },
  ): Promise<Uint8Array>;
}

export type { PersonFace, PersonSummary, RecognitionLogEntry } from '@facegate/core';

/** Display names behind ExternalImageIds, thumbnails, and forgetting a person. */
export interface PeoplePort {
  /** Stores a display name (any script) and returns the Rekognition-valid id to index under. */
  remember(collectionId: string, displayName: string): string;
  displayNames(collectionId: string, ids: readonly string[]): Map<string, string>;
  list(
    collectionId: string,
    options?: { query?: string; limit?: number; thumbnails?: boolean },
  ): PersonSummary[];
  get(collectionId: string, id: string): PersonSummary | undefined;
  faces(collectionId: string, id: string): PersonFace[];
  setThumbnail(collectionId: string, faceId: string, jpeg: Uint8Array): void;
  /** Removes the name and the person's id and name from the log (faces are deleted before). */
  forget(collectionId: string, id: string): boolean;
  /** Leaves no copy of deleted rows outside the main file (WAL checkpoint), after a face delete. */
  scrub?(): void;
}

export interface RecognitionLogPort {
  record(entries: readonly RecognitionLogEntry[]): void;
  read(options?: { limit?: number; before?: number }): Array<RecognitionLogEntry & { id: number }>;
}

export interface SearchAppDeps {
  faces: FaceSearchApi;
  /**
   * The api to serve one key's request with, its engine work attributed to `client`
   * (`key:<key id>`) and reported to `onWork` in work units as it is done; default `faces`.
   */
  facesFor?: (client: string, onWork: (units: number) => void) => FaceSearchApi;
  /** The collection searched and enrolled into. */
  collectionId: string;
  authorizer: ApiKeyAuthorizer;
  /** Path prefix, as API Gateway's stage (default `prod`). */
  stage?: string;
  clock?: Clock;
  /** Undefined: any source. */
  allowSource?: SourceCheck;
  /** Needed by /recognize when the photo has more than one face. */
  cropper?: FaceCropper;
  /** MaxFaces passed to SearchFacesByImage (the hands-on's Lambda uses 10). */
  maxFaces?: number;
  /** Largest accepted request body in bytes (default: what a 5 MB image needs in base64, plus slack). */
  maxBodyBytes?: number;
  /** Access-Control-Allow-Origin (default `*`, as the hands-on's Lambda sends). */
  allowOrigin?: string;
  /** Time zone of `payloads.timestamp` (IANA name); default the process's local time, like Python's datetime.now(). */
  timeZone?: string;
  /** SIM identity (Beam, Endorse); undefined: API keys only, as in the hands-on. */
  sim?: SimVerifiers;
  /** Whether `x-api-key` is accepted (default true); false serves SIMs only. */
  apiKeys?: boolean;
  /** Display names and the console's people routes; without it names must be Rekognition ids. */
  people?: PeoplePort;
  /** Where /search and /recognize answers are logged; without it nothing is logged. */
  recognitionLog?: RecognitionLogPort;
  /** The request's source address for the log (the TCP peer, or API Gateway's sourceIp). */
  sourceOf?: (c: Context) => string | undefined;
  /**
   * The SIM's IMSI for the log when something other than this app's Beam/Endorse check knows it
   * (default: the IMSI that check put on the request).
   */
  imsiOf?: (c: Context) => string | undefined;
  /** Where unexpected errors are described (never sent to the client), and one line per SIM request. */
  log?: (line: string) => void;
}
