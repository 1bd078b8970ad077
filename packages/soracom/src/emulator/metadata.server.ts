/**
 * The emulated SORACOM Air metadata service (contract C). A SIM is known by the connection its
 * request arrived on: each listener is made for one IMSI, so nothing the client sends can name
 * another SIM, unless the development flag `devImsiHeader` lets `X-Soracom-Imsi` choose.
 * Plain-text 403 and 404 bodies are SORACOM's own (devices compare them word for word).
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SoracomErrors } from '../errors.js';
import type { Group, MetadataConfig, Subscriber } from '../types.js';
import { speedClassRequest, tagsRequest, validate } from './api.schema.js';
import { answerError } from './answer-error.js';
import { readJson, sendEmpty, sendJson, sendText } from './http.util.js';
import type { EmulatorStore } from './state.store.js';

export const NOT_ALLOWED = 'You are not allowed to access Metadata Server.';
export const NO_SUCH_KEY = 'Specified key does not exist.';
export const READ_ONLY = 'Metadata Server is read-only for this SIM group.';

export interface MetadataHandlerOptions {
  /** The SIM this listener answers for. */
  imsi: string;
  /** Development only: let an `X-Soracom-Imsi` header pick the SIM. */
  devImsiHeader?: boolean;
  log?: (line: string) => void;
}

/** The group's metadata settings, or null when the SIM may not use the service at all. */
function metadataOf(group: Group | null): MetadataConfig | null {
  const m = group?.configuration['SoracomAir']?.['metadata'] as MetadataConfig | undefined;
  return m && m.enabled === true ? m : null;
}

/** `subscriber.tags.name` → the value at that path, or undefined. */
export function valueAtPath(subscriber: Subscriber, path: string): unknown {
  let v: unknown = subscriber;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, part))
      return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function sendBare(res: ServerResponse, value: unknown, headers: Record<string, string>): void {
  if (typeof value === 'string') sendText(res, 200, value, headers);
  else if (value !== null && typeof value === 'object') sendJson(res, 200, value, headers);
  else sendText(res, 200, String(value), headers);
}

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** A node:http request listener serving one SIM's metadata from `store`. */
export function createMetadataHandler(store: EmulatorStore, options: MetadataHandlerOptions) {
  const log = options.log ?? (() => {});
  return (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    let cors: Record<string, string> = {};
    let imsi = options.imsi;
    res.on('finish', () => log(`metadata ${imsi} ${method} ${req.url ?? ''} ${res.statusCode}`));
    void (async () => {
      const claimed = req.headers['x-soracom-imsi'];
      if (options.devImsiHeader && typeof claimed === 'string' && claimed !== '') imsi = claimed;
      let group: Group | null;
      try {
        group = store.groupOf(imsi);
      } catch {
        group = null; // an unknown IMSI (only reachable via the dev header) has no group either
      }
      const meta = metadataOf(group);
      if (!meta) {
        sendText(res, 403, NOT_ALLOWED);
        return;
      }
      if (meta.allowOrigin)
        cors = { 'Access-Control-Allow-Origin': meta.allowOrigin, Vary: 'Origin' };
      const path = new URL(req.url ?? '/', 'http://metadata.invalid').pathname;

      if (method === 'OPTIONS') {
        sendEmpty(res, 204, {
          ...cors,
          'Access-Control-Allow-Methods': 'GET, PUT, POST, DELETE, OPTIONS',
          'Access-Control-Allow-Headers': String(
            req.headers['access-control-request-headers'] ?? 'Content-Type',
          ),
          'Access-Control-Max-Age': '600',
        });
        return;
      }
      if (method === 'GET' || method === 'HEAD') {
        if (path === '/v1/userdata') {
          const u = group!.configuration['SoracomAir']?.['userdata'];
          if (typeof u !== 'string') return sendText(res, 404, NO_SUCH_KEY, cors);
          return sendText(
            res,
            200,
            u,
            cors,
            isJson(u) ? 'application/json' : 'text/plain; charset=utf-8',
          );
        }
        if (path === '/v1/subscriber')
          return sendJson(res, 200, store.getSubscriber(null, imsi), cors);
        if (path.startsWith('/v1/subscriber.')) {
          const v = valueAtPath(
            store.getSubscriber(null, imsi),
            decodeURIComponent(path.slice('/v1/subscriber.'.length)),
          );
          if (v === undefined) return sendText(res, 404, NO_SUCH_KEY, cors);
          return sendBare(res, v, cors);
        }
        return sendText(res, 404, NO_SUCH_KEY, cors);
      }
      // Writes map onto the API's /subscribers/{imsi}/..., allowed only when not read-only.
      const write = writeRoute(method, path);
      if (!write) throw SoracomErrors.noSuchApi(`No such metadata API: ${method} ${path}`);
      if (meta.readonly) {
        sendText(res, 403, READ_ONLY, cors);
        return;
      }
      await write(req, res, store, imsi, cors);
    })().catch((e: unknown) => answerError(res, e, log, cors));
  };
}

type Write = (
  req: IncomingMessage,
  res: ServerResponse,
  store: EmulatorStore,
  imsi: string,
  cors: Record<string, string>,
) => Promise<void>;

function writeRoute(method: string, path: string): Write | null {
  if (method === 'PUT' && path === '/v1/subscriber/tags') {
    return async (req, res, store, imsi, cors) =>
      sendJson(
        res,
        200,
        store.putTags(null, imsi, validate(tagsRequest, await readJson(req))),
        cors,
      );
  }
  const tag = /^\/v1\/subscriber\/tags\/([^/]+)$/.exec(path);
  if (method === 'DELETE' && tag) {
    return async (_req, res, store, imsi, cors) => {
      store.deleteTag(null, imsi, decodeURIComponent(tag[1]!));
      sendEmpty(res, 204, cors);
    };
  }
  if (method === 'POST' && path === '/v1/subscriber/update_speed_class') {
    return async (req, res, store, imsi, cors) => {
      const body = validate(speedClassRequest, await readJson(req));
      sendJson(res, 200, store.updateSpeedClass(null, imsi, body.speedClass), cors);
    };
  }
  return null;
}
