import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerContext } from '../context.js';
import { mount, userdataUrl } from './web.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function appWith(webRoot: string, metadataUrl?: string): Hono {
  const app = new Hono();
  app.post('/', (c) => c.text('rekognition'));
  mount(app, { config: { webRoot, metadataUrl } } as unknown as ServerContext);
  app.get('/health', (c) => c.text('ok'));
  return app;
}

describe('web mount', () => {
  it('serves the built files, GET and HEAD only', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'facegate-web-'));
    dirs.push(root);
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(
      path.join(root, 'index.html'),
      '<!doctype html><script src="./assets/index-abc.js"></script><p>app</p>',
    );
    writeFileSync(path.join(root, 'assets/index-abc.js'), 'console.log(1)');
    const app = appWith(root, 'http://127.0.0.2:8090');
    expect(await (await app.request('/')).text()).toContain('app');
    const head = await app.request('/assets/index-abc.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('cache-control')).toContain('immutable');
    expect(await (await app.request('/', { method: 'POST' })).text()).toBe('rekognition');
    expect(await (await app.request('/health')).text()).toBe('ok');
    const deep = await app.request('/some/page', { headers: { accept: 'text/html' } });
    expect(await deep.text()).toContain('src="/assets/index-abc.js"');
    expect((await app.request('/some/page')).status).toBe(404);
    // The hands-on's app path begins with /search but is a page, not the API.
    const page = await app.request('/search_faces_soracom', { headers: { accept: 'text/html' } });
    expect([page.status, await page.text()]).toEqual([200, expect.stringContaining('<p>app</p>')]);
    const api = await app.request('/prod/search', { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(await (await app.request('/facegate-config.json')).json()).toEqual({
      metadataUrl: 'http://127.0.0.2:8090/v1/userdata',
    });
  });

  it('says how to build the app when it is missing', async () => {
    const app = appWith(path.join(tmpdir(), 'facegate-no-such-dir'));
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('npm run build');
    expect(await (await app.request('/facegate-config.json')).json()).toEqual({
      metadataUrl: null,
    });
  });

  it('keeps a full userdata URL as configured', () => {
    expect(userdataUrl('http://127.0.0.1:9/v1/userdata')).toBe('http://127.0.0.1:9/v1/userdata');
    expect(userdataUrl(undefined)).toBeNull();
  });
});
