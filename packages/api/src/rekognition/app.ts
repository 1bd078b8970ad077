/**
 * The Rekognition-compatible endpoint: AWS JSON 1.1 on `POST /`, SigV4-verified, dispatched by
 * `X-Amz-Target: RekognitionService.<Operation>` to a RekognitionApi.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { Errors } from '@facegate/core';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import type { EndpointApi } from './operation.js';
import { operations } from './operations/index.js';
import { verifySigV4 } from './sigv4.js';
import { toWireError } from './wire-error.js';

export interface RekognitionAppOptions {
  api: EndpointApi;
  /** The secret of an access key id, or undefined when the key is unknown. */
  credentials: (accessKeyId: string) => string | undefined;
  /** Region this endpoint says it is in; requests signed for any region are accepted. */
  region?: string;
  /** Largest request body accepted (default 16 MiB: two 5 MB images in base64 fit). */
  maxBodyBytes?: number;
  now?: () => number;
  /** Where unexpected errors are reported; never sent to the client. */
  log?: (line: string) => void;
}

const TARGET_PREFIX = 'RekognitionService.';
const JSON_TYPE = 'application/x-amz-json-1.1';

/**
 * Builds the Hono app serving Rekognition on `POST /`.
 *
 * @example
 * const app = createRekognitionApp({ api: new FaceService(deps), credentials: (id) => keys.get(id) });
 * serve({ fetch: app.fetch, port: 8080 });
 */
export function createRekognitionApp(options: RekognitionAppOptions): Hono {
  const app = new Hono();
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const log = options.log ?? ((line: string) => console.error(line));

  app.post('/', async (c) => {
    const requestId = randomUUID();
    try {
      const body = await readBody(c, maxBody);
      const url = new URL(c.req.url);
      verifySigV4(
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
      const output = await operation.run(options.api, input, { headers: c.req.raw.headers });
      return reply(c, 200, requestId, output ?? {});
    } catch (err) {
      const wire = toWireError(err);
      if (wire.status >= 500)
        log(
          `rekognition ${requestId}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      c.header('x-amzn-ErrorType', wire.type);
      return reply(c, wire.status, requestId, wire.body);
    }
  });
  return app;
}

function targetOperation(target: string | undefined): string {
  return target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
}

async function readBody(c: Context, max: number): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > max)
    throw Errors.imageTooLarge(`Request body of ${declared} bytes is larger than ${max}.`);
  const body = new Uint8Array(await c.req.raw.arrayBuffer());
  if (body.length > max)
    throw Errors.imageTooLarge(`Request body of ${body.length} bytes is larger than ${max}.`);
  return body;
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
    throw Errors.invalidParameter(`Invalid value at '${where}': ${issue?.message ?? 'invalid'}.`);
  }
  return parsed.data;
}

function reply(c: Context, status: number, requestId: string, payload: unknown): Response {
  c.header('x-amzn-RequestId', requestId);
  return c.body(JSON.stringify(payload), status as 200, { 'Content-Type': JSON_TYPE });
}
