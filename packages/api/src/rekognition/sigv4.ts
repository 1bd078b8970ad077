/**
 * AWS Signature Version 4 verification for the Rekognition endpoint (Authorization header
 * form), with the exception names AWS itself answers so SDKs report the same errors.
 * @module
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Errors, FacegateError } from '@facegate/core';

/** The parts of an HTTP request a signature covers. */
export interface SignedRequest {
  method: string;
  /** Path as sent, still percent-encoded, e.g. `/`. */
  path: string;
  /** Query string as sent, without `?`. */
  query: string;
  headers: Headers;
  body: Uint8Array;
}

export interface SigV4Options {
  /** Scope service name the credential must carry (`rekognition`). */
  service: string;
  /** The secret for an access key id, or undefined when the key is unknown. */
  credentials: (accessKeyId: string) => string | undefined;
  now?: () => number;
  /** How far x-amz-date may be from now (AWS allows 15 minutes). */
  maxSkewMs?: number;
}

export interface VerifiedCaller {
  accessKeyId: string;
  region: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const incomplete = (message: string) =>
  new FacegateError('IncompleteSignatureException', message, 'client', 403);

const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%20'));
  } catch {
    return s;
  }
};

function canonicalQuery(query: string): string {
  if (!query) return '';
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const k = eq < 0 ? pair : pair.slice(0, eq);
      const v = eq < 0 ? '' : pair.slice(eq + 1);
      return [rfc3986(safeDecode(k)), rfc3986(safeDecode(v))] as const;
    })
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Non-S3 services encode each path segment once more on top of the wire encoding. */
const canonicalPath = (path: string) => (path || '/').split('/').map(rfc3986).join('/');

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string): ParsedAuthorization {
  if (!header.startsWith(`${ALGORITHM} `))
    throw incomplete(`Authorization header must use ${ALGORITHM}.`);
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    throw incomplete('Authorization header requires Credential, SignedHeaders and Signature.');
  }
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') {
    throw incomplete('Credential must be ACCESS_KEY/DATE/REGION/SERVICE/aws4_request.');
  }
  const [accessKeyId, date, region, service] = scope as [string, string, string, string];
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** `20261126T150000Z` to milliseconds since the epoch. */
function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) throw incomplete(`x-amz-date '${value}' is not in the form YYYYMMDDTHHMMSSZ.`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

/**
 * Headers a signature must cover when they are present: every `x-amz-*` header (above all
 * X-Amz-Target, which names the operation: a DescribeCollection signed without it could be
 * replayed as DeleteCollection) and the content type. `x-amzn-*` (trace ids) are not `x-amz-`.
 */
function checkHeadersSigned(headers: Headers, signed: readonly string[]): void {
  const covered = new Set(signed.map((h) => h.toLowerCase()));
  const missing: string[] = [];
  headers.forEach((_value, name) => {
    const lower = name.toLowerCase();
    if ((lower.startsWith('x-amz-') || lower === 'content-type') && !covered.has(lower))
      missing.push(lower);
  });
  const first = missing.sort()[0];
  if (first !== undefined) {
    // AWS's wording for a header that has to be signed ('Host' must be a 'SignedHeader' ...).
    throw incomplete(
      `'${canonicalName(first)}' must be a 'SignedHeader' in the AWS Authorization.`,
    );
  }
}

/** `x-amz-target` → `X-Amz-Target`, as AWS spells header names in its messages. */
const canonicalName = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());

/**
 * Checks a request's SigV4 signature. Throws MissingAuthenticationTokenException when it is
 * unsigned, UnrecognizedClientException for an unknown key, IncompleteSignatureException when
 * an `x-amz-*` header or the content type is not signed, InvalidSignatureException when the
 * signature, scope or date do not hold or the payload is declared UNSIGNED-PAYLOAD.
 */
export function verifySigV4(req: SignedRequest, options: SigV4Options): VerifiedCaller {
  const header = req.headers.get('authorization');
  if (!header) throw Errors.missingAuthenticationToken('Missing Authentication Token');
  const auth = parseAuthorization(header);

  const secret = options.credentials(auth.accessKeyId);
  if (secret === undefined)
    throw Errors.unrecognizedClient('The security token included in the request is invalid.');

  const amzDate = req.headers.get('x-amz-date');
  if (!amzDate) throw incomplete('Authorization header requires the x-amz-date header.');
  const signedAt = parseAmzDate(amzDate);
  const now = (options.now ?? Date.now)();
  const skew = options.maxSkewMs ?? 15 * 60_000;
  if (Math.abs(now - signedAt) > skew) {
    throw Errors.invalidSignature(
      `Signature expired: ${amzDate} is outside the allowed window of ${skew / 60_000} minutes around the server time.`,
    );
  }
  if (auth.date !== amzDate.slice(0, 8))
    throw Errors.invalidSignature('Credential date does not match x-amz-date.');
  if (auth.service !== options.service) {
    throw Errors.invalidSignature(
      `Credential should be scoped to correct service: '${options.service}'.`,
    );
  }
  if (!auth.signedHeaders.includes('host'))
    throw Errors.invalidSignature('The host header must be signed.');
  checkHeadersSigned(req.headers, auth.signedHeaders);

  const payloadHash = sha256Hex(req.body);
  const claimed = req.headers.get('x-amz-content-sha256');
  // Only S3 lets a signature leave the payload out; every other service hashes the body it got,
  // so an UNSIGNED-PAYLOAD signature cannot match there, and must not here.
  if (claimed === 'UNSIGNED-PAYLOAD') {
    throw Errors.invalidSignature(
      'UNSIGNED-PAYLOAD is not accepted: the request signature must cover the payload.',
    );
  }
  if (claimed && claimed !== payloadHash) {
    throw Errors.invalidSignature(
      'The provided x-amz-content-sha256 header does not match what was computed.',
    );
  }
  const canonicalHeaders = auth.signedHeaders
    .map((name) => `${name}:${(req.headers.get(name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalPath(req.path),
    canonicalQuery(req.query),
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${secret}`, auth.date), auth.region), auth.service),
    'aws4_request',
  );
  const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
  const given = Buffer.from(auth.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw Errors.invalidSignature(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  return { accessKeyId: auth.accessKeyId, region: auth.region };
}
