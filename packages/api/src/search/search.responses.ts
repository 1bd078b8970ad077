/**
 * The Search API's wire bodies (contract A) and the one place that maps errors onto them.
 * Statuses and messages are the hands-on Lambda's, byte for byte where it defines them, and
 * API Gateway's own bodies for what API Gateway answers (403, 429).
 * @module
 */
import { randomUUID } from 'node:crypto';
import { isFacegateError, retryAfterOf } from '@facegate/core';

export const Messages = {
  succeeded: '[SUCCEEDED]Rekognition done',
  dataRequired: '[FAILED]Data required',
  jsonDecode: '[FAILED]json decode error',
  invalidBodyType: '[FAILED]Invalid body type',
  noFace: '画像内に人物の顔を認識出来ませんでした',
  tooLarge: '画像のサイズが大きすぎます（制限:15MB）',
  badFormat: '画像のフォーマットが異なります（制限:PNGあるいはJPEG形式）',
} as const;

/** A response before CORS and JSON encoding are applied. */
export interface WireResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const forbidden = (): WireResponse => ({
  status: 403,
  body: { message: 'Forbidden' },
  headers: { 'x-amzn-ErrorType': 'ForbiddenException' },
});

export const tooManyRequests = (): WireResponse => ({
  status: 429,
  body: { message: 'Too Many Requests' },
  headers: { 'x-amzn-ErrorType': 'TooManyRequestsException' },
});

export const limitExceeded = (): WireResponse => ({
  status: 429,
  body: { message: 'Limit Exceeded' },
  headers: { 'x-amzn-ErrorType': 'LimitExceededException' },
});

export const failed = (status: number, msg: string): WireResponse => ({ status, body: { msg } });

/** Thrown inside the Search API to answer with a given wire response. */
export class WireError extends Error {
  constructor(readonly response: WireResponse) {
    super(`Search API answer ${response.status}`);
    this.name = 'WireError';
  }
}

/** `YYYY-MM-DD HH:MM:SS`, as the hands-on's `datetime.now().strftime('%Y-%m-%d %H:%M:%S')`. */
export function formatTimestamp(ms: number, timeZone?: string): string {
  const d = new Date(ms);
  if (!timeZone) {
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }
  // sv-SE formats as `YYYY-MM-DD HH:MM:SS`.
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}

/** Drops the AWS SDK's `$metadata` so both runtimes send the same payload. */
export function withoutSdkMetadata<T extends object>(response: T): Omit<T, '$metadata'> {
  const { $metadata: _ignored, ...rest } = response as T & { $metadata?: unknown };
  return rest;
}

/** boto3's `ResponseMetadata`, which the hands-on's Lambda copies into `payloads`. */
export interface ResponseMetadata {
  RequestId: string;
  HTTPStatusCode: number;
  HTTPHeaders: Record<string, string>;
  RetryAttempts: number;
}

interface SdkMetadata {
  requestId?: string;
  httpStatusCode?: number;
  attempts?: number;
}

/**
 * The ResponseMetadata boto3 would give for a SearchFacesByImage answer: from the AWS SDK's
 * `$metadata` when the answer came over the wire (on Lambda), else for the in-process engine a
 * fresh request id and the headers facegate's Rekognition endpoint would have sent (the same
 * four Rekognition sends, plus `connection`, as in the hands-on's documented output).
 */
export function responseMetadata(result: object, nowMs: number): ResponseMetadata {
  const sdk = (result as { $metadata?: SdkMetadata }).$metadata ?? {};
  const requestId = sdk.requestId ?? randomUUID();
  const body = JSON.stringify(withoutSdkMetadata(result));
  return {
    RequestId: requestId,
    HTTPStatusCode: sdk.httpStatusCode ?? 200,
    HTTPHeaders: {
      'content-type': 'application/x-amz-json-1.1',
      date: new Date(nowMs).toUTCString(),
      'x-amzn-requestid': requestId,
      'content-length': String(Buffer.byteLength(body)),
      connection: 'keep-alive',
    },
    RetryAttempts: Math.max(0, (sdk.attempts ?? 1) - 1),
  };
}

export const succeeded = (
  timestamp: string,
  result: object,
  msg: string = Messages.succeeded,
): WireResponse => ({
  status: 200,
  body: { msg, payloads: { timestamp, ...withoutSdkMetadata(result) } },
});

/** Error names from facegate's engine and from the AWS SDK that mean "try again later". */
const BUSY = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'LimitExceededException',
]);

/**
 * Maps anything thrown while serving a request onto contract A. Named errors (facegate's own
 * or the AWS SDK's, which share Rekognition's names) map as the hands-on's Lambda maps
 * boto3's error codes; anything else is a 500 whose details go to `log`, never to the client.
 */
export function errorResponse(
  err: unknown,
  log?: (line: string) => void,
  operation = 'SearchFacesByImage',
): WireResponse {
  if (err instanceof WireError) return err.response;
  const name = err instanceof Error ? err.name : '';
  switch (name) {
    case 'InvalidParameterException':
      return failed(421, Messages.noFace);
    case 'ImageTooLargeException':
      return failed(422, Messages.tooLarge);
    case 'InvalidImageFormatException':
      return failed(423, Messages.badFormat);
  }
  if (BUSY.has(name)) {
    return {
      status: 503,
      body: { msg: `[FAILED]${name}: the face engine is busy, retry later` },
      headers: { 'Retry-After': String(retryAfterOf(err) ?? 1) },
    };
  }
  if (isFacegateError(err) || (err instanceof Error && (err as { $fault?: string }).$fault)) {
    // A named Rekognition error (a ValidationException too: it is not "no face"): its message
    // is meant for callers (no paths, no stack), worded as the hands-on's Lambda prints boto3's
    // ClientError: `[FAILED]An error occurred (Name) when calling the Op operation: message`.
    return failed(
      500,
      `[FAILED]An error occurred (${name}) when calling the ${operation} operation: ${firstLine(err.message)}`,
    );
  }
  log?.(
    `search api: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
  );
  return failed(500, '[FAILED]An error occurred : internal error');
}

const firstLine = (s: string) => (s.split('\n')[0] ?? '').slice(0, 500);
