import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateCollectionCommand,
  DescribeCollectionCommand,
  IndexFacesCommand,
  ListCollectionsCommand,
  RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { oneFaceEngine } from '@facegate/core/testing/one-face.engine';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { startServer } from './server.js';

/** The engine is not what this test is about: one fixed face for any image. */

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('loadConfig', () => {
  it('prefers flags to FACEGATE_* and FACEGATE_* to defaults', () => {
    const env = {
      FACEGATE_PORT: '9001',
      FACEGATE_HOST: '0.0.0.0',
      FACEGATE_DATA: '/tmp/x',
      FACEGATE_REGION: 'ap-northeast-1',
    };
    expect(loadConfig({}, {})).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('data'),
      region: 'us-east-1',
      collection: 'default',
      accessKeys: [],
    });
    expect(loadConfig({}, env)).toMatchObject({
      port: 9001,
      host: '0.0.0.0',
      dataDir: '/tmp/x',
      region: 'ap-northeast-1',
    });
    expect(loadConfig({ port: '7000', data: '/tmp/y' }, env)).toMatchObject({
      port: 7000,
      dataDir: '/tmp/y',
    });
    expect(
      loadConfig({}, { FACEGATE_ACCESS_KEY_ID: 'AKID', FACEGATE_SECRET_ACCESS_KEY: 's' })
        .accessKeys,
    ).toEqual([{ accessKeyId: 'AKID', secretAccessKey: 's' }]);
    expect(() => loadConfig({ port: 'http' }, {})).toThrow(/--port/);
    expect(() => loadConfig({}, { FACEGATE_ACCESS_KEY_ID: 'AKID' })).toThrow(/together/);
  });

  it('reads the Search API stage and source allowlist from flags or FACEGATE_*', () => {
    expect(loadConfig({}, {}).stage).toBeUndefined();
    expect(loadConfig({ stage: 'dev' }, { FACEGATE_STAGE: 'prod' }).stage).toBe('dev');
    expect(loadConfig({}, { FACEGATE_STAGE: 'v1' }).stage).toBe('v1');
    expect(() => loadConfig({ stage: 'a/b' }, {})).toThrow(/stage/);
    expect(loadConfig({ allowSources: ['127.0.0.2/32'] }, {}).allowSources).toEqual([
      '127.0.0.2/32',
    ]);
    expect(
      loadConfig({}, { FACEGATE_ALLOW_SOURCES: '10.0.0.0/8, 192.0.2.1/32' }).allowSources,
    ).toEqual(['10.0.0.0/8', '192.0.2.1/32']);
  });
});

describe('startServer', () => {
  it('serves Rekognition with the dev keys and the configured ones, and keeps data across a restart', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'facegate-server-'));
    dirs.push(data);
    const lines: string[] = [];
    const config = loadConfig(
      { port: 0, data },
      { FACEGATE_ACCESS_KEY_ID: 'AKIDSCRIPT', FACEGATE_SECRET_ACCESS_KEY: 'script-secret' },
    );
    const first = await startServer(config, { engine: oneFaceEngine(), log: (l) => lines.push(l) });
    expect(lines.at(-1)).toBe(`facegate listening on ${first.url}`);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const dev = first.ctx.config.accessKeys.find((k) => k.accessKeyId !== 'AKIDSCRIPT')!;
    expect(lines.join('\n')).toContain(dev.secretAccessKey);

    const client = (url: string, accessKeyId: string, secretAccessKey: string) =>
      new RekognitionClient({
        endpoint: url,
        region: 'us-east-1',
        credentials: { accessKeyId, secretAccessKey },
        maxAttempts: 1,
      });
    await client(first.url, dev.accessKeyId, dev.secretAccessKey).send(
      new CreateCollectionCommand({ CollectionId: 'c' }),
    );
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]);
    await client(first.url, 'AKIDSCRIPT', 'script-secret').send(
      new IndexFacesCommand({ CollectionId: 'c', Image: { Bytes: jpeg }, ExternalImageId: 'Taro' }),
    );
    await first.close();

    const again: string[] = [];
    const second = await startServer(config, {
      engine: oneFaceEngine(),
      log: (l) => again.push(l),
    });
    expect(again).toEqual([`facegate listening on ${second.url}`]);
    const c = client(second.url, dev.accessKeyId, dev.secretAccessKey);
    expect((await c.send(new ListCollectionsCommand({}))).CollectionIds).toContain('c');
    expect((await c.send(new DescribeCollectionCommand({ CollectionId: 'c' }))).FaceCount).toBe(1);
    await second.close();
  });

  it('makes only the built-in "default" collection at start, so the hands-on can create its own', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'facegate-server-'));
    dirs.push(data);
    const lines: string[] = [];
    const config = loadConfig(
      { port: 0, data, collection: 'yamada-authentication-collection' },
      {},
    );
    const server = await startServer(config, {
      engine: oneFaceEngine(),
      log: (l) => lines.push(l),
    });
    try {
      const keys = server.ctx.config.accessKeys.at(-1)!;
      const client = new RekognitionClient({
        endpoint: server.url,
        region: 'ap-northeast-1',
        credentials: keys,
        maxAttempts: 1,
      });
      expect((await client.send(new ListCollectionsCommand({}))).CollectionIds).toEqual([]);
      expect(lines.join('\n')).toContain(
        'npx facegate collections create yamada-authentication-collection',
      );
      // The hands-on's step 2, unchanged: create-collection succeeds.
      const created = await client.send(
        new CreateCollectionCommand({ CollectionId: 'yamada-authentication-collection' }),
      );
      expect(created.StatusCode).toBe(200);
      client.destroy();
    } finally {
      await server.close();
    }
    const dflt = await startServer(loadConfig({ port: 0, data }, {}), {
      engine: oneFaceEngine(),
      log: () => {},
    });
    expect(dflt.ctx.store.getCollection('default')).toBeDefined();
    await dflt.close();
  });
});
