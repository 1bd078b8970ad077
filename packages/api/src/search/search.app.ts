/**
 * The Search API as one Hono app, runtime-neutral: `facegate serve` mounts it with the
 * embedded engine and SQLite keys; the Lambda entry feeds it API Gateway events with the AWS
 * SDK behind it. Every route goes through the same gate, in API Gateway's order: source
 * allowlist (resource policy), caller (a SIM vouched for by Beam or Endorse, else the API
 * key), scope, usage plan (rate, then quota); then the body is read with its size limit, then
 * parsed. A SIM's IMSI is set on the context (`c.get('imsi')`) and named in the log line.
 * @module
 */
import { systemClock } from '@facegate/core';
import { Hono, type Context } from 'hono';
import { DEFAULT_MAX_BODY_BYTES, readBodyLimited } from './body.reader.js';
import { facesRoute } from './faces.route.js';
import { openApiDocument } from './openapi.document.js';
import { recognizeRoute } from './recognize.route.js';
import type { RouteEnv } from './route.env.js';
import { createIdentify } from './identify.js';
import type { SearchEnv } from './search.env.js';
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
 * `POST /{stage}/faces`, `OPTIONS /{stage}/*`, `GET /openapi.json`. Middleware is scoped to
 * these paths, so the app can be mounted at `/` beside other apps.
 *
 * @example
 * const app = createSearchApp({ faces, collectionId: 'default', authorizer });
 * const res = await app.request('/prod/search', { method: 'POST', headers: { 'x-api-key': key }, body });
 */
export function createSearchApp(deps: SearchAppDeps): Hono<SearchEnv> {
  const stage = deps.stage ?? 'prod';
  const clock = deps.clock ?? systemClock;
  const origin = deps.allowOrigin ?? '*';
  const maxBody = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const env: RouteEnv = {
    faces: deps.faces,
    collectionId: deps.collectionId,
    maxFaces: deps.maxFaces ?? DEFAULT_SEARCH_MAX_FACES,
    ...(deps.cropper ? { cropper: deps.cropper } : {}),
    timestamp: () => formatTimestamp(clock.now(), deps.timeZone),
    now: () => clock.now(),
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

  const log = deps.log ?? (() => {});
  const identify = createIdentify(deps);

  /** `operation`: the Rekognition call the route stands for, named in its 500 answers. */
  const gate =
    (scope: Scope, route: Route, operation?: string) => async (c: Context<SearchEnv>) => {
      let sim: string | undefined;
      const simLog = (outcome: string) => {
        if (sim) log(`search ${c.req.method} ${c.req.path} ${sim} ${outcome}`);
      };
      try {
        if (!(await allowed(c))) return send(c, forbidden());
        const who = await identify((name) => c.req.header(name) || undefined);
        if (who.sim) {
          sim = `imsi=${who.sim.imsi} via=${who.sim.via}`;
          // Set before anything else runs, so whatever follows (the recognition log) can read it.
          c.set('imsi', who.sim.imsi);
        } else if (who.refusedSim) sim = `sim=? via=${who.refusedSim}`;
        if (who.refusal) {
          simLog(`refused (${who.refusal})`);
          return send(c, forbidden());
        }
        const principal = who.principal;
        if (!principal || !principal.scopes.includes(scope)) {
          simLog(principal ? `refused (no ${scope} scope)` : 'refused');
          return send(c, forbidden());
        }
        c.set('principal', principal);
        const verdict = await deps.authorizer.recordUsage(principal);
        if (verdict === 'rate') {
          simLog('throttled (rate)');
          return send(c, tooManyRequests());
        }
        if (verdict === 'quota') {
          simLog('throttled (quota)');
          return send(c, limitExceeded());
        }
        const body = await readBodyLimited(c.req.raw, maxBody);
        const routeEnv = deps.facesFor
          ? { ...env, faces: deps.facesFor(`key:${principal.keyId}`, workCharger(deps, principal)) }
          : env;
        const res = await route(routeEnv, body, c.req.header('content-type') ?? '', c.req.query());
        simLog(String(res.status));
        return send(c, res);
      } catch (err) {
        const res = errorResponse(err, deps.log, operation);
        simLog(String(res.status));
        return send(c, res);
      }
    };

  const app = new Hono<SearchEnv>();
  app.options(`/${stage}/*`, async (c) => {
    if (!(await allowed(c).catch(() => false))) return send(c, forbidden());
    return c.body(null, 204, {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'OPTIONS,POST',
      'Access-Control-Allow-Headers':
        'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Soracom-Endorse-Token',
      'Access-Control-Max-Age': '600',
    });
  });
  app.post(
    `/${stage}/search`,
    gate('search', (e, body) => searchRoute(e, body)),
  );
  app.post(`/${stage}/recognize`, gate('recognize', recognizeRoute));
  app.post(`/${stage}/faces`, gate('enroll', facesRoute, 'IndexFaces'));
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

/**
 * Charges a request's work to its key's plan as it is done: the first unit was the request
 * itself (recordUsage), every further one is charged (docs/design/fairness.md).
 */
function workCharger(deps: SearchAppDeps, principal: ApiKeyPrincipal): (units: number) => void {
  let done = 0;
  return (units) => {
    const extra = Math.max(0, done + units - 1) - Math.max(0, done - 1);
    done += units;
    if (extra > 0 && deps.authorizer.recordWork)
      void Promise.resolve(deps.authorizer.recordWork(principal, extra)).catch((err: unknown) =>
        deps.log?.(`search api: could not charge work: ${String(err)}`),
      );
  };
}

export { WireError };
