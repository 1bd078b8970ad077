/**
 * The emulated SORACOM API subset (contract D): `POST /v1/auth`, groups and their
 * configuration, subscribers' group and speed class. Every call but auth carries
 * `X-Soracom-API-Key` and `X-Soracom-Token`; errors are SORACOM's `{"code","message"}`.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SoracomErrors } from '../errors.js';
import type { ConfigurationParameter } from '../types.js';
import type { z } from 'zod';
import {
  authRequest,
  beamHttpValue,
  configurationRequest,
  createGroupRequest,
  isBeamHttpEntry,
  setGroupRequest,
  soracomAirValues,
  soracomEndorseValues,
  speedClassRequest,
  tagsRequest,
  validate,
} from './api.schema.js';
import { ENDORSE_KEYS_PATH } from './endorse.key.js';
import {
  matchRoute,
  readBody,
  readJson,
  sendEmpty,
  sendJson,
  sendText,
  type Route,
} from './http.util.js';
import type { EmulatorStore, GroupFilter } from './state.store.js';
import { answerError } from './answer-error.js';

interface ApiCtx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  store: EmulatorStore;
  /** Resolved lazily: auth itself needs no token. */
  operator: () => string;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Checks the known keys: SoracomAir metadata/userdata, SoracomBeam HTTP entry points, SoracomEndorse fields. */
function checkConfiguration(
  namespace: string,
  params: ConfigurationParameter[],
): ConfigurationParameter[] {
  const schemaFor = (key: string): z.ZodType | undefined => {
    if (namespace === 'SoracomAir') return soracomAirValues[key];
    if (namespace === 'SoracomBeam') return isBeamHttpEntry(key) ? beamHttpValue : undefined;
    if (namespace === 'SoracomEndorse') return soracomEndorseValues[key];
    return undefined;
  };
  return params.map((p) => {
    const schema = schemaFor(p.key);
    return schema ? { key: p.key, value: validate(schema, p.value) } : p;
  });
}

const IMSI = '([^/]+)';
const ID = '([^/]+)';

const routes: Array<Route<ApiCtx>> = [
  {
    method: 'POST',
    pattern: /^\/v1\/auth$/,
    async handle({ req, res, store }) {
      const body = validate(authRequest, await readJson(req));
      sendJson(res, 200, store.authenticate(body.authKeyId, body.authKey));
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/groups$/,
    handle({ res, url, store, operator }) {
      const mode = url.searchParams.get('tag_value_match_mode');
      const filter: GroupFilter = {
        tagName: url.searchParams.get('tag_name') ?? undefined,
        tagValue: url.searchParams.get('tag_value') ?? undefined,
        matchMode: mode === 'prefix' ? 'prefix' : 'exact',
      };
      sendJson(res, 200, store.listGroups(operator(), filter));
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/groups$/,
    async handle({ req, res, store, operator }) {
      const op = operator();
      const text = await readBody(req);
      // SORACOM accepts a group with no tags; an empty body means just that.
      const raw = text.trim() === '' ? {} : parseJsonText(text);
      const body = validate(createGroupRequest, raw);
      sendJson(res, 201, store.createGroup(op, body.tags));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/groups/${ID}$`),
    handle({ res, store, operator }, [id]) {
      sendJson(res, 200, store.getGroup(operator(), id!));
    },
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/v1/groups/${ID}$`),
    handle({ res, store, operator }, [id]) {
      store.deleteGroup(operator(), id!);
      sendEmpty(res, 204);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/groups/${ID}/subscribers$`),
    handle({ res, store, operator }, [id]) {
      const op = operator();
      store.getGroup(op, id!);
      sendJson(
        res,
        200,
        store.listSubscribers(op).filter((s) => s.groupId === id),
      );
    },
  },
  {
    method: 'PUT',
    pattern: new RegExp(`^/v1/groups/${ID}/configuration/${ID}$`),
    async handle({ req, res, store, operator }, [id, ns]) {
      const op = operator();
      store.getGroup(op, id!); // 404 before 400: the group is checked first, as SORACOM does
      const params = checkConfiguration(
        ns!,
        validate(configurationRequest, await readJson(req)) as ConfigurationParameter[],
      );
      sendJson(res, 200, store.putConfiguration(op, id!, ns!, params));
    },
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/v1/groups/${ID}/configuration/${ID}/${ID}$`),
    handle({ res, store, operator }, [id, ns, key]) {
      store.deleteConfigurationKey(operator(), id!, ns!, key!);
      sendEmpty(res, 204);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/subscribers$/,
    handle({ res, store, operator }) {
      sendJson(res, 200, store.listSubscribers(operator()));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/subscribers/${IMSI}$`),
    handle({ res, store, operator }, [imsi]) {
      sendJson(res, 200, store.getSubscriber(operator(), imsi!));
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/v1/subscribers/${IMSI}/set_group$`),
    async handle({ req, res, store, operator }, [imsi]) {
      const op = operator();
      store.getSubscriber(op, imsi!);
      const body = validate(setGroupRequest, await readJson(req));
      sendJson(res, 200, store.setGroup(op, imsi!, body.groupId));
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/v1/subscribers/${IMSI}/unset_group$`),
    handle({ res, store, operator }, [imsi]) {
      sendJson(res, 200, store.unsetGroup(operator(), imsi!));
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/v1/subscribers/${IMSI}/update_speed_class$`),
    async handle({ req, res, store, operator }, [imsi]) {
      const op = operator();
      store.getSubscriber(op, imsi!);
      const body = validate(speedClassRequest, await readJson(req));
      sendJson(res, 200, store.updateSpeedClass(op, imsi!, body.speedClass));
    },
  },
  {
    method: 'PUT',
    pattern: new RegExp(`^/v1/subscribers/${IMSI}/tags$`),
    async handle({ req, res, store, operator }, [imsi]) {
      const op = operator();
      store.getSubscriber(op, imsi!);
      sendJson(res, 200, store.putTags(op, imsi!, validate(tagsRequest, await readJson(req))));
    },
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/v1/subscribers/${IMSI}/tags/${ID}$`),
    handle({ res, store, operator }, [imsi, tag]) {
      store.deleteTag(operator(), imsi!, tag!);
      sendEmpty(res, 204);
    },
  },
];

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw SoracomErrors.badJson(`Request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** A node:http request listener serving the API subset from `store`. */
export function createApiHandler(store: EmulatorStore, log: (line: string) => void = () => {}) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    let path = '(bad url)';
    const done = (status: number) => log(`api ${method} ${path} ${status}`);
    res.on('finish', () => done(res.statusCode));
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://emulator.invalid');
      path = url.pathname;
      let op: string | undefined;
      const operator = () =>
        (op ??= store.verify(header(req, 'x-soracom-api-key'), header(req, 'x-soracom-token')));
      // The Endorse public keys are public, like SORACOM's key repository: no credentials.
      if (method === 'GET' && url.pathname.startsWith(ENDORSE_KEYS_PATH)) {
        const key = store.endorseKey();
        const name = url.pathname.slice(ENDORSE_KEYS_PATH.length);
        if (name === 'jwks.json') return sendJson(res, 200, { keys: [key.publicJwk] });
        if (name === key.kid) return sendText(res, 200, key.publicKeyPem, {}, 'text/plain');
        return sendText(res, 404, 'no such key');
      }
      const found = matchRoute(routes, method, url.pathname.replace(/\/+$/, '') || '/');
      if (!found) {
        // Auth first, as SORACOM's gateway does, so probing paths needs credentials.
        if (!/^\/v1\/auth\/?$/.test(url.pathname)) operator();
        throw SoracomErrors.noSuchApi(`No such API: ${method} ${url.pathname}`);
      }
      await found.route.handle({ req, res, url, store, operator }, found.params);
    })().catch((e: unknown) => answerError(res, e, log));
  };
}
