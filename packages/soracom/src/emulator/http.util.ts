/**
 * The little HTTP plumbing both emulated servers share: a bounded body reader, JSON and text
 * replies, and a route table matched by method and path pattern. Plain node:http, because the
 * metadata service must see which local address each connection arrived on.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SoracomErrors } from '../errors.js';

/** Bodies above this are refused: nothing in the API subset comes close. */
export const MAX_BODY_BYTES = 1_048_576;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return (await readBodyBytes(req, limit)).toString('utf8');
}

/** The body as bytes, refused (413) as soon as it passes `limit`. */
export async function readBodyBytes(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw SoracomErrors.bodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body, answering SORACOM's 400 when it is absent or not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === '') throw SoracomErrors.badJson('Request body is required (JSON)');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw SoracomErrors.badJson(`Request body is not valid JSON: ${(e as Error).message}`);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
  contentType = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendEmpty(
  res: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, headers);
  res.end();
}

/** One route: method, a path pattern whose groups become params, and its handler. */
export interface Route<C> {
  method: string;
  pattern: RegExp;
  handle: (ctx: C, params: string[]) => Promise<void> | void;
}

/** Finds the route for a request, decoding the pattern's groups. `null` when none. */
export function matchRoute<C>(
  routes: Array<Route<C>>,
  method: string,
  path: string,
): { route: Route<C>; params: string[] } | null {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return null;
}
