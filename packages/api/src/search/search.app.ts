/**
 * The Search API as one Hono app, runtime-neutral: `facegate serve` mounts it with the
 * embedded engine and SQLite keys; the Lambda entry feeds it API Gateway events with the AWS
 * SDK behind it. Every route goes through the same gate, in API Gateway's order: source
 * allowlist (resource policy), API key, scope, usage plan (rate, then quota); then the body
 * is read with its size limit, then parsed.
 * @module
 */
import { systemClock } from '@facegate/core';
import { Hono, type Context } from 'hono';
import { DEFAULT_MAX_BODY_BYTES, readBodyLimited } from './body.reader.js';
import { facesRoute } from './faces.route.js';
import { openApiDocument } from './openapi.document.js';
import { deletePerson, deletePersonFace, getPerson, listPeople, readLog } from './people.routes.js';
import { recognizeRoute } from './recognize.route.js';
import { logEntriesFor } from './recognition.logging.js';
import type { RouteEnv } from './route.env.js';
import type { ApiKeyPrincipal, Scope, SearchAppDeps } from './search.ports.js';
import {
  errorResponse,
  forbidden,
  formatTimestamp,
  limitExceeded,
  tooManyRequests,
  WireError,
  type WireResponse,
} from './search.responses.js';
import { searchRoute } from './search.route.js';

type Route = (
  env: RouteEnv,
  body: Uint8Array,
  contentType: string,
  query: Record<string, string>,
) => Promise<WireResponse>;

/** The hands-on's Lambda searches at most this many matches. */
export const DEFAULT_SEARCH_MAX_FACES = 10;

/**
 * Builds the Search API. Routes: `POST /{stage}/search` (contract A), `POST /{stage}/recognize`,
 * `POST /{stage}/faces`, the console's `GET /{stage}/session`, `GET|DELETE /{stage}/people...`
 * and `GET /{stage}/log`, `OPTIONS /{stage}/*`, `GET /openapi.json`. Middleware is scoped to
 * these paths, so the app can be mounted at `/` beside other apps.
 *
 * @example
 * const app = createSearchApp({ faces, collectionId: 'default', authorizer });
 * const res = await app.request('/prod/search', { method: 'POST', headers: { 'x-api-key': key }, body });
 */
export function createSearchApp(deps: SearchAppDeps): Hono {
  const stage = deps.stage ?? 'prod';
  const clock = deps.clock ?? systemClock;
  const origin = deps.allowOrigin ?? '*';
  const maxBody = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const env: RouteEnv = {
    faces: deps.faces,
    collectionId: deps.collectionId,
    maxFaces: deps.maxFaces ?? DEFAULT_SEARCH_MAX_FACES,
    ...(deps.cropper ? { cropper: deps.cropper } : {}),
    ...(deps.people ? { people: deps.people } : {}),
    timestamp: () => formatTimestamp(clock.now(), deps.timeZone),
  };

  const send = (c: Context, r: WireResponse): Response => {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Access-Control-Allow-Origin': origin,
      ...r.headers,
    };
    return c.newResponse(JSON.stringify(r.body), r.status as 200, headers);
  };

  const allowed = async (c: Context) => (deps.allowSource ? await deps.allowSource(c) : true);

  /** Source allowlist, key, scope (none: any valid key), usage plan; undefined when refused. */
  const admit = async (
    c: Context,
    scope: Scope | undefined,
  ): Promise<ApiKeyPrincipal | WireResponse> => {
    if (!(await allowed(c))) return forbidden();
    const principal = await deps.authorizer.verify(c.req.header('x-api-key') || undefined);
    if (!principal || (scope && !principal.scopes.includes(scope))) return forbidden();
    const verdict = await deps.authorizer.recordUsage(principal);
    if (verdict === 'rate') return tooManyRequests();
    if (verdict === 'quota') return limitExceeded();
    return principal;
  };
  const refused = (x: ApiKeyPrincipal | WireResponse): x is WireResponse => 'status' in x;

  /** Writes the log entries of one answer; a failing log never fails the answer. */
  const logAnswer = (
    c: Context,
    route: 'search' | 'recognize',
    principal: ApiKeyPrincipal,
    started: number,
    response: WireResponse,
  ) => {
    if (!deps.recognitionLog) return;
    try {
      const source = deps.sourceOf?.(c);
      const imsi = deps.imsiOf?.(c);
      deps.recognitionLog.record(
        logEntriesFor(
          {
            at: clock.now(),
            collectionId: deps.collectionId,
            route,
            ...(principal.name !== undefined ? { keyName: principal.name } : {}),
            ...(source ? { source } : {}),
            ...(imsi ? { imsi } : {}),
            latencyMs: Math.round((performance.now() - started) * 100) / 100,
          },
          response,
        ),
      );
    } catch (err) {
      deps.log?.(`search api: could not write the recognition log: ${String(err)}`);
    }
  };

  const gate =
    (scope: Scope, route: Route, logAs?: 'search' | 'recognize') => async (c: Context) => {
      const started = performance.now();
      let principal: ApiKeyPrincipal | undefined;
      let response: WireResponse;
      try {
        const admitted = await admit(c, scope);
        if (refused(admitted)) return send(c, admitted);
        principal = admitted;
        const body = await readBodyLimited(c.req.raw, maxBody);
        response = await route(env, body, c.req.header('content-type') ?? '', c.req.query());
      } catch (err) {
        response = errorResponse(err, deps.log);
      }
      if (logAs && principal) logAnswer(c, logAs, principal, started, response);
      return send(c, response);
    };

  /** The console's routes: no body, answers from the handler. */
  const consoleGate =
    (scope: Scope | undefined, handler: (c: Context, p: ApiKeyPrincipal) => unknown) =>
    async (c: Context) => {
      try {
        const admitted = await admit(c, scope);
        if (refused(admitted)) return send(c, admitted);
        return send(c, (await handler(c, admitted)) as WireResponse);
      } catch (err) {
        return send(c, errorResponse(err, deps.log));
      }
    };

  const app = new Hono();
  app.options(`/${stage}/*`, async (c) => {
    if (!(await allowed(c).catch(() => false))) return send(c, forbidden());
    return c.body(null, 204, {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'OPTIONS,GET,POST,DELETE',
      'Access-Control-Allow-Headers':
        'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token',
      'Access-Control-Max-Age': '600',
    });
  });
  app.post(
    `/${stage}/search`,
    gate('search', (e, body) => searchRoute(e, body), 'search'),
  );
  app.post(`/${stage}/recognize`, gate('recognize', recognizeRoute, 'recognize'));
  app.post(`/${stage}/faces`, gate('enroll', facesRoute));
  // Which scopes a key has, so the console can say at sign-in that `enroll` is missing.
  app.get(
    `/${stage}/session`,
    consoleGate(undefined, (_c, p) => ({
      status: 200,
      body: { KeyName: p.name ?? null, Scopes: [...p.scopes] },
    })),
  );
  app.get(
    `/${stage}/people`,
    consoleGate('enroll', (c) => listPeople(env, c.req.query())),
  );
  app.get(
    `/${stage}/people/:id`,
    consoleGate('enroll', (c) => getPerson(env, param(c, 'id'))),
  );
  app.delete(
    `/${stage}/people/:id`,
    consoleGate('enroll', (c) => deletePerson(env, param(c, 'id'))),
  );
  app.delete(
    `/${stage}/people/:id/faces/:faceId`,
    consoleGate('enroll', (c) => deletePersonFace(env, param(c, 'id'), param(c, 'faceId'))),
  );
  app.get(
    `/${stage}/log`,
    consoleGate('enroll', (c) => readLog(deps.recognitionLog, c.req.query())),
  );
  // Anything else under the stage is what API Gateway answers for an unknown resource or method.
  app.all(`/${stage}/*`, (c) =>
    send(c, {
      status: 403,
      body: { message: 'Missing Authentication Token' },
      headers: { 'x-amzn-ErrorType': 'MissingAuthenticationTokenException' },
    }),
  );
  app.get('/openapi.json', (c) =>
    c.json(openApiDocument(stage), 200, { 'Access-Control-Allow-Origin': origin }),
  );
  return app;
}

export { WireError };

/** A path parameter (Hono decodes it); empty when absent, which no person or face matches. */
const param = (c: Context, name: string): string => c.req.param(name) ?? '';
