/**
 * The Rekognition-compatible endpoint: AWS JSON 1.1 on `POST /`, SigV4-verified, dispatched by
 * `X-Amz-Target: RekognitionService.<Operation>` to a RekognitionApi.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { Errors, FacegateError, retryAfterOf, validationError } from '@facegate/core';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { BodyTooLargeError, readBodyWithin } from '../http/body-limit.js';
import type { EndpointApi } from './operation.js';
import { operations } from './operations/index.js';
import { verifySigV4 } from './sigv4.js';
import { toWireError } from './wire-error.js';

export interface RekognitionAppOptions {
  api: EndpointApi;
  /**
   * The api to serve one verified caller with (its engine work attributed to `client`,
   * `sigv4:<access key id>`, for fair scheduling); default `api` for everyone.
   */
  apiFor?: (client: string) => EndpointApi;
  /** The secret of an access key id, or undefined when the key is unknown. */
  credentials: (accessKeyId: string) => string | undefined;
  /** Region this endpoint says it is in; requests signed for any region are accepted. */
  region?: string;
  /** Largest request body accepted (default REKOGNITION_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  now?: () => number;
  /** Where unexpected errors are reported; never sent to the client. */
  log?: (line: string) => void;
}

const TARGET_PREFIX = 'RekognitionService.';
const JSON_TYPE = 'application/x-amz-json-1.1';

/** Rekognition's limit on Image.Bytes, before base64. */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/**
 * Largest JSON body: CompareFaces carries two images of up to 5 MB each, base64 in JSON
 * (4/3 larger), plus 64 KiB for the other fields: 14,046,480 bytes. Anything larger cannot be a
 * request Rekognition would serve, so it is cut off while it streams in, before the signature
 * is checked: an unsigned request costs at most this much memory.
 */
export const REKOGNITION_MAX_BODY_BYTES = 2 * Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 64 * 1024;

/**
 * Builds the Hono app serving Rekognition on `POST /`.
 *
 * @example
 * const app = createRekognitionApp({ api: new FaceService(deps), credentials: (id) => keys.get(id) });
 * serve({ fetch: app.fetch, port: 8080 });
 */
export function createRekognitionApp(options: RekognitionAppOptions): Hono {
  const app = new Hono();
  const maxBody = options.maxBodyBytes ?? REKOGNITION_MAX_BODY_BYTES;
  const log = options.log ?? ((line: string) => console.error(line));

  app.post('/', async (c) => {
    const requestId = randomUUID();
    try {
      const body = await readBody(c, maxBody);
      const url = new URL(c.req.url);
      const caller = verifySigV4(
        {
          method: c.req.method,
          path: url.pathname,
          query: url.search.slice(1),
          headers: c.req.raw.headers,
          body,
        },
        { service: 'rekognition', credentials: options.credentials, now: options.now },
      );
      const operation = operations.get(targetOperation(c.req.header('x-amz-target')));
      if (!operation)
        throw Errors.unknownOperation(
          `Operation ${c.req.header('x-amz-target') ?? ''} is not supported.`,
        );
      const input = parseInput(operation.input, body);
      const api = options.apiFor?.(`sigv4:${caller.accessKeyId}`) ?? options.api;
      const output = await operation.run(api, input, {
        region: caller.region,
        headers: c.req.raw.headers,
      });
      return reply(c, 200, requestId, output ?? {});
    } catch (err) {
      const wire = toWireError(err);
      if (wire.status >= 500)
        log(
          `rekognition ${requestId}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      c.header('x-amzn-ErrorType', wire.type);
      const retryAfter = retryAfterOf(err);
      if (retryAfter !== undefined) c.header('Retry-After', String(retryAfter));
      return reply(c, wire.status, requestId, wire.body);
    }
  });
  // GET / is the web app's; any other method on `/` is an operation Rekognition does not have.
  app.on(['PUT', 'DELETE', 'PATCH', 'OPTIONS'], '/', (c) => {
    c.header('x-amzn-ErrorType', 'UnknownOperationException');
    return reply(c, 404, randomUUID(), {
      __type: 'UnknownOperationException',
      message: `${c.req.method} is not supported: Rekognition operations are POST / with X-Amz-Target.`,
    });
  });
  return app;
}

function targetOperation(target: string | undefined): string {
  return target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
}

/** The body, cut off with a 413 ImageTooLargeException as soon as it passes `max`. */
async function readBody(c: Context, max: number): Promise<Uint8Array> {
  try {
    return await readBodyWithin(c.req.raw, max);
  } catch (err) {
    // The name Rekognition uses for size; 413 says it is the request, not the image, and the
    // SDKs do not retry it.
    if (err instanceof BodyTooLargeError)
      throw new FacegateError(
        'ImageTooLargeException',
        `Request body is larger than ${max} bytes.`,
        'client',
        413,
      );
    throw err;
  }
}

function parseInput<S extends z.ZodType>(schema: S, body: Uint8Array): z.output<S> {
  let json: unknown;
  try {
    json = body.length === 0 ? {} : JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw Errors.serialization('The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'request';
    // A required member left out: AWS's validation layer answers before the service runs.
    if (
      issue?.code === 'invalid_type' &&
      issue.path.length &&
      valueAt(json, issue.path) === undefined
    )
      throw validationError(where.split('.').map(lowerFirst).join('.'), undefined, ['not be null']);
    throw Errors.invalidParameter(`Invalid value at '${where}': ${issue?.message ?? 'invalid'}.`);
  }
  return parsed.data;
}

function reply(c: Context, status: number, requestId: string, payload: unknown): Response {
  c.header('x-amzn-RequestId', requestId);
  return c.body(JSON.stringify(payload), status as 200, { 'Content-Type': JSON_TYPE });
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = json;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
