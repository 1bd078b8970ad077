/**
 * Serves the phone web app (apps/web/dist) at `/`, and `GET /facegate-config.json`, which tells
 * the app where the metadata service is (the local SORACOM emulator under `npm start`).
 *
 * Only GET (and so HEAD) is handled: `POST /` is the Rekognition endpoint on the same app. A path
 * that is not a file falls through to the next handler unless a browser is navigating to it
 * (Accept: text/html), which gets index.html, so API routes mounted before or after keep working.
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Hono } from 'hono';
import type { ServerContext } from '../context.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Paths that belong to the APIs on this server: never answered with index.html, even for a
 * browser. Only the Search API's own stage (`/prod/...`) and its OpenAPI document: a page such
 * as the hands-on's `/search_faces_soracom` is the app's, and reloading it serves the app.
 */
const apiPrefixes = (stage: string) => [`/${stage}/`, '/openapi.json'];

/** Vite puts content-hashed files under assets/: they never change, so cache them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const MISSING_HTML = `<!doctype html><html lang="en"><meta charset="utf-8"><title>facegate</title>
<body style="font-family:system-ui;padding:2rem"><h1>facegate</h1>
<p>The web app has not been built. Run <code>npm run build</code> (or <code>npm install</code>)
in the facegate folder, then reload.</p></body></html>`;

/** The built app's folder: config.webRoot, else apps/web/dist next to this package. */
export function webRootFor(config: { webRoot?: string }): string {
  // From apps/server/{src,dist}/mounts/ up to apps/, then web/dist.
  return config.webRoot
    ? resolve(config.webRoot)
    : fileURLToPath(new URL('../../../web/dist/', import.meta.url));
}

async function fileAt(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const full = resolve(join(root, decoded));
  // Refuse anything that escapes the root (../ in any spelling).
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  try {
    const s = await stat(full);
    if (s.isFile()) return full;
    if (s.isDirectory()) {
      const index = join(full, 'index.html');
      if ((await stat(index).catch(() => undefined))?.isFile()) return index;
    }
  } catch {
    // not there
  }
  return undefined;
}

async function sendFile(c: Context, file: string, root: string): Promise<Response> {
  const body = await readFile(file);
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const hashed = file.startsWith(join(root, 'assets') + sep);
  return c.body(body, 200, {
    'Content-Type': type,
    'Cache-Control': hashed ? IMMUTABLE : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
}

function wantsHtml(c: Context, path: string, stage: string): boolean {
  if (apiPrefixes(stage).some((p) => path === p.replace(/\/$/, '') || path.startsWith(p)))
    return false;
  if (extname(path)) return false;
  return (c.req.header('accept') ?? '').includes('text/html');
}

/** The userdata URL for a configured metadata URL, which may be a bare base like the emulator's. */
export function userdataUrl(metadataUrl: string | undefined): string | null {
  if (!metadataUrl) return null;
  try {
    const u = new URL(metadataUrl);
    return u.pathname === '/' ? `${u.origin}/v1/userdata` : metadataUrl;
  } catch {
    return metadataUrl;
  }
}

/** Mounts the web app's GET routes on the server's app. */
export function mount(app: Hono, ctx: ServerContext): void {
  const root = webRootFor(ctx.config);

  app.get('/facegate-config.json', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ metadataUrl: userdataUrl(ctx.config.metadataUrl) });
  });

  app.get('*', async (c, next) => {
    const path = c.req.path;
    const file = await fileAt(root, path);
    if (file) return sendFile(c, file, root);
    if (path === '/' || wantsHtml(c, path, ctx.config.stage ?? 'prod')) {
      const index = await fileAt(root, '/index.html');
      if (index && path === '/') return sendFile(c, index, root);
      if (index) {
        // The build's asset URLs are relative (`./assets/...`, so any static host folder works);
        // from a deeper path they must point at the root instead.
        const html = (await readFile(index, 'utf8')).replace(/(src|href)="\.\//g, '$1="/');
        return c.html(html, 200, { 'Cache-Control': 'no-cache' });
      }
      return c.html(MISSING_HTML, 200, { 'Cache-Control': 'no-store' });
    }
    await next();
  });
}
