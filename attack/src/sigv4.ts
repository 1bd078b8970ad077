/**
 * A small AWS Signature V4 signer for raw requests, so the suite can sign exactly what it wants
 * and then tamper: sign only some headers, claim UNSIGNED-PAYLOAD, shift the date, swap the body.
 * @module
 */
import { createHash, createHmac } from 'node:crypto';

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SignOptions {
  region?: string;
  service?: string;
  date?: Date;
  /** Header names to sign (default: all given plus host, x-amz-date, x-amz-content-sha256). */
  signed?: string[];
  /** x-amz-content-sha256 as sent (default: the body's hash). */
  payloadHash?: string;
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const hmac = (k: Buffer | string, s: string) => createHmac('sha256', k).update(s).digest();

/** Returns the headers with x-amz-date, x-amz-content-sha256, host and authorization set. */
export function signV4(
  base: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
  keys: Keys,
  options: SignOptions = {},
): Record<string, string> {
  const url = new URL(path, base);
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) h[k.toLowerCase()] = v;
  const amzDate = (options.date ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const region = options.region ?? 'us-east-1';
  const service = options.service ?? 'rekognition';
  h.host = url.host;
  h['x-amz-date'] = amzDate;
  const payloadHash = options.payloadHash ?? sha256(body);
  h['x-amz-content-sha256'] = payloadHash;
  const names = (options.signed ?? Object.keys(h)).map((n) => n.toLowerCase()).sort();
  const canonicalHeaders = names
    .map((n) => `${n}:${(h[n] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonical = [
    'POST',
    url.pathname,
    url.search.slice(1),
    canonicalHeaders,
    names.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const kSigning = hmac(
    hmac(hmac(hmac(`AWS4${keys.secretAccessKey}`, day), region), service),
    'aws4_request',
  );
  const signature = createHmac('sha256', kSigning).update(toSign).digest('hex');
  h.authorization = `AWS4-HMAC-SHA256 Credential=${keys.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return h;
}

/** A Rekognition call as the SDK sends it: JSON 1.1, X-Amz-Target, signed with `keys`. */
export function rekognitionRequest(
  base: string,
  target: string,
  body: Buffer | string,
  keys: Keys,
  options: SignOptions = {},
): { path: string; headers: Record<string, string>; body: Buffer } {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const headers = signV4(
    base,
    '/',
    {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `RekognitionService.${target}`,
    },
    bytes,
    keys,
    options,
  );
  return { path: '/', headers, body: bytes };
}
