/**
 * API Gateway REST proxy events in, Fetch Requests out, and back. Written for the events
 * the hands-on produces as well as real ones: its Lambda console test event is just
 * `{"body": {...}}` (no method, no path, body an object), while API Gateway sends a string
 * body, base64-encoded when binary.
 * @module
 */
import { Buffer } from 'node:buffer';

/** API Gateway REST proxy event (v1), as far as the handler reads it. Every field is optional. */
export interface ProxyEvent {
  body?: unknown;
  isBase64Encoded?: boolean;
  headers?: Record<string, string | undefined> | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  httpMethod?: string;
  /** The resource path without the stage, e.g. `/search`. */
  path?: string;
  requestContext?: { stage?: string; path?: string; identity?: { sourceIp?: string } } | null;
}

/** What Lambda proxy integration expects back. */
export interface ProxyResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/**
 * The Request for an event, under `/{stage}` so the same routes as in `facegate serve` match.
 * Without a path, the event is taken as the hands-on's test event for POST /search.
 */
export function toRequest(event: ProxyEvent, stage: string): Request {
  const method = (event.httpMethod ?? 'POST').toUpperCase();
  let path = event.path ?? '/search';
  if (!path.startsWith('/')) path = `/${path}`;
  if (!path.startsWith(`/${stage}/`)) path = `/${stage}${path}`;
  const url = new URL(path, 'https://lambda.invalid');
  const multiQuery = event.multiValueQueryStringParameters ?? {};
  for (const [k, vs] of Object.entries(multiQuery))
    for (const v of vs ?? []) url.searchParams.append(k, v);
  if (!event.multiValueQueryStringParameters) {
    for (const [k, v] of Object.entries(event.queryStringParameters ?? {}))
      if (v !== undefined) url.searchParams.append(k, v);
  }
  const headers = new Headers();
  for (const [k, vs] of Object.entries(event.multiValueHeaders ?? {}))
    for (const v of vs ?? []) headers.append(k, v);
  if (!event.multiValueHeaders)
    for (const [k, v] of Object.entries(event.headers ?? {}))
      if (v !== undefined) headers.set(k, v);
  // The body is whole already: its length is the real one, whatever a header claimed.
  headers.delete('content-length');

  let body: Uint8Array | undefined;
  if (typeof event.body === 'string')
    body = event.isBase64Encoded
      ? Buffer.from(event.body, 'base64')
      : Buffer.from(event.body, 'utf8');
  else if (event.body !== null && event.body !== undefined)
    body = Buffer.from(JSON.stringify(event.body), 'utf8');
  const hasBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
  return new Request(url, { method, headers, ...(hasBody ? { body } : {}) });
}

const TEXT = /^(application\/(json|.*\+json|javascript|xml)|text\/)/i;

/** The proxy result for a Response; binary bodies are base64-encoded. */
export async function toProxyResult(res: Response): Promise<ProxyResult> {
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    headers[k] = v;
  });
  const type = res.headers.get('content-type') ?? 'application/json';
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.length === 0 || TEXT.test(type);
  return {
    statusCode: res.status,
    headers,
    body: text ? bytes.toString('utf8') : bytes.toString('base64'),
    isBase64Encoded: !text,
  };
}
