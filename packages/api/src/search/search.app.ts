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
import { deletePerson, deletePersonFace, getPerson, listPeople, readLog } from './people.routes.js';
import { recognizeRoute } from './recognize.route.js';
import { logEntriesFor } from './recognition.logging.js';
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
 * `POST /{stage}/faces`, the console's `GET /{stage}/session`, `GET|DELETE /{stage}/people...`
 * and `GET /{stage}/log`, `OPTIONS /{stage}/*`, `GET /openapi.json`. Middleware is scoped to
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
    ...(deps.people ? { people: deps.people } : {}),
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

  /** One line per SIM request in the server's output (API-key requests are not logged here). */
  const simLogFor = (c: Context) => {
    const line = {
      sim: undefined as string | undefined,
      write(outcome: string) {
        if (line.sim) log(`search ${c.req.method} ${c.req.path} ${line.sim} ${outcome}`);
      },
    };
    return line;
  };

  /**
   * Source allowlist, who asks (a SIM vouched for by Beam or Endorse, or an API key), scope
   * (none: any valid principal), usage plan. A refusal comes back as the response to send.
   */
  const admit = async (
    c: Context<SearchEnv>,
    scope: Scope | undefined,
    simLog: ReturnType<typeof simLogFor>,
  ): Promise<ApiKeyPrincipal | WireResponse> => {
    if (!(await allowed(c))) return forbidden();
    const who = await identify((name) => c.req.header(name) || undefined);
    if (who.sim) {
      simLog.sim = `imsi=${who.sim.imsi} via=${who.sim.via}`;
      // Set before anything else runs, so whatever follows (the recognition log) can read it.
      c.set('imsi', who.sim.imsi);
    } else if (who.refusedSim) simLog.sim = `sim=? via=${who.refusedSim}`;
    if (who.refusal) {
      simLog.write(`refused (${who.refusal})`);
      return forbidden();
    }
    const principal = who.principal;
    if (!principal || (scope && !principal.scopes.includes(scope))) {
      simLog.write(principal ? `refused (no ${scope} scope)` : 'refused');
      return forbidden();
    }
    c.set('principal', principal);
    const verdict = await deps.authorizer.recordUsage(principal);
    if (verdict === 'rate') {
      simLog.write('throttled (rate)');
      return tooManyRequests();
    }
    if (verdict === 'quota') {
      simLog.write('throttled (quota)');
      return limitExceeded();
    }
    return principal;
  };
  const refused = (x: ApiKeyPrincipal | WireResponse): x is WireResponse => 'status' in x;

  /** Writes the log entries of one answer; a failing log never fails the answer. */
  const logAnswer = (
    c: Context<SearchEnv>,
    route: 'search' | 'recognize',
    principal: ApiKeyPrincipal,
    started: number,
    response: WireResponse,
  ) => {
    if (!deps.recognitionLog) return;
    try {
      const source = deps.sourceOf?.(c);
      const imsi = deps.imsiOf?.(c) ?? c.get('imsi');
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

  /**
   * `operation`: the Rekognition call the route stands for, named in its 500 answers; `logAs`:
   * the recognition log's name for the route (absent: not logged).
   */
  const gate =
    (
      scope: Scope,
      route: Route,
      opts: { operation?: string; logAs?: 'search' | 'recognize' } = {},
    ) =>
    async (c: Context<SearchEnv>) => {
      const started = performance.now();
      const simLog = simLogFor(c);
      let principal: ApiKeyPrincipal | undefined;
      let response: WireResponse;
      try {
        const admitted = await admit(c, scope, simLog);
        if (refused(admitted)) return send(c, admitted);
        principal = admitted;
        const body = await readBodyLimited(c.req.raw, maxBody);
        const routeEnv = deps.facesFor
          ? { ...env, faces: deps.facesFor(`key:${principal.keyId}`, workCharger(deps, principal)) }
          : env;
        response = await route(routeEnv, body, c.req.header('content-type') ?? '', c.req.query());
      } catch (err) {
        response = errorResponse(err, deps.log, opts.operation);
      }
      simLog.write(String(response.status));
      if (opts.logAs && principal) logAnswer(c, opts.logAs, principal, started, response);
      return send(c, response);
    };

  /** The console's routes: no body, answers from the handler. */
  const consoleGate =
    (scope: Scope | undefined, handler: (c: Context, p: ApiKeyPrincipal) => unknown) =>
    async (c: Context<SearchEnv>) => {
      try {
        const admitted = await admit(c, scope, simLogFor(c));
        if (refused(admitted)) return send(c, admitted);
        return send(c, (await handler(c, admitted)) as WireResponse);
      } catch (err) {
        return send(c, errorResponse(err, deps.log));
      }
    };

  const app = new Hono<SearchEnv>();
  app.options(`/${stage}/*`, async (c) => {
    if (!(await allowed(c).catch(() => false))) return send(c, forbidden());
    return c.body(null, 204, {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'OPTIONS,GET,POST,DELETE',
      'Access-Control-Allow-Headers':
        'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Soracom-Endorse-Token',
      'Access-Control-Max-Age': '600',
    });
  });
  app.post(
    `/${stage}/search`,
    gate('search', (e, body) => searchRoute(e, body), { logAs: 'search' }),
  );
  app.post(`/${stage}/recognize`, gate('recognize', recognizeRoute, { logAs: 'recognize' }));
  app.post(`/${stage}/faces`, gate('enroll', facesRoute, { operation: 'IndexFaces' }));
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

/** A path parameter (Hono decodes it); empty when absent, which no person or face matches. */
const param = (c: Context, name: string): string => c.req.param(name) ?? '';
