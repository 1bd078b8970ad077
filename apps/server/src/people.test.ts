/**
 * People, thumbnails and the recognition log through the real server (HTTP on loopback, the
 * SQLite file, sharp for thumbnails); only the engine is the one-face test engine.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiKeyStore } from '@facegate/api/search/keys/index';
import { oneFaceEngine } from '@facegate/core/testing/one-face.engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { startServer, type RunningServer } from './server.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const PHOTO = path.join(repoRoot, 'node_modules/@vladmandic/face-api/demo/sample1.jpg');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('people and the recognition log (facegate serve)', () => {
  let server: RunningServer;
  let data = '';
  let enrollKey = '';
  let searchKey = '';
  const photo = readFileSync(PHOTO).toString('base64');

  beforeAll(async () => {
    data = mkdtempSync(path.join(tmpdir(), 'facegate-people-'));
    server = await startServer(loadConfig({ port: 0, data }, {}), {
      engine: oneFaceEngine(),
      log: () => {},
    });
    const keys = new ApiKeyStore(server.ctx.db);
    enrollKey = keys.createKey({ name: 'front desk', scopes: ['search', 'enroll'] }).key;
    searchKey = keys.createKey({ name: 'kiosk', scopes: ['search'] }).key;
  });
  afterAll(async () => {
    await server?.close();
    if (data) rmSync(data, { recursive: true, force: true });
  });

  const call = async (method: string, route: string, key: string, body?: unknown) => {
    const res = await fetch(`${server.url}/prod${route}`, {
      method,
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads JSON freely
    const json = (await res.json()) as any;
    return { status: res.status, json };
  };

  it('enrols a Japanese name, answers with it, logs it, and deletes every trace', async () => {
    expect((await call('GET', '/session', searchKey)).json).toEqual({
      KeyName: 'kiosk',
      Scopes: ['search'],
    });
    expect((await call('GET', '/session', 'nope')).status).toBe(403);
    expect((await call('GET', '/people', searchKey)).status).toBe(403);

    const enrolled = await call('POST', '/faces', enrollKey, {
      name: ' 山田\u3000花子 ',
      image_base64str: photo,
    });
    expect(enrolled.status).toBe(200);
    const id: string = enrolled.json.payloads.PersonId;
    const faceId: string = enrolled.json.payloads.FaceRecords[0].Face.FaceId;
    expect(id).toMatch(/^p-[0-9a-f]{20}$/);
    expect(enrolled.json.payloads.DisplayName).toBe('山田 花子');
    expect(enrolled.json.payloads.FaceRecords[0].Face.ExternalImageId).toBe(id);

    const list = await call('GET', `/people?q=${encodeURIComponent('花子')}`, enrollKey);
    expect(list.json.People).toEqual([
      expect.objectContaining({ PersonId: id, DisplayName: '山田 花子', FaceCount: 1 }),
    ]);
    const person = await call('GET', `/people/${id}`, enrollKey);
    expect(person.json.Faces).toHaveLength(1);
    expect(person.json.Faces[0].FaceId).toBe(faceId);
    const thumb = Buffer.from(person.json.Faces[0].Thumbnail.split(',')[1], 'base64');
    expect([thumb[0], thumb[1]]).toEqual([0xff, 0xd8]);
    expect(thumb.length).toBeLessThan(10_000);

    const found = await call('POST', '/search', searchKey, { image_base64str: photo });
    expect(found.status).toBe(200);
    expect(Object.keys(found.json.payloads).sort()).toEqual([
      'FaceMatches',
      'FaceModelVersion',
      'ResponseMetadata',
      'SearchedFaceBoundingBox',
      'SearchedFaceConfidence',
      'timestamp',
    ]);
    expect(found.json.payloads.FaceMatches[0].Face.ExternalImageId).toBe(id);
    expect(found.json.payloads.FaceMatches[0].DisplayName).toBe('山田 花子');

    const log = await call('GET', '/log', enrollKey);
    expect(log.json.Entries[0]).toMatchObject({
      Route: 'search',
      KeyName: 'kiosk',
      Source: expect.stringMatching(/127\.0\.0\.1/),
      Imsi: null,
      Status: 200,
      PersonId: id,
      DisplayName: '山田 花子',
      Similarity: 100,
    });
    expect(log.json.Entries[0].LatencyMs).toBeGreaterThan(0);

    const gone = await call('DELETE', `/people/${id}`, enrollKey);
    expect(gone).toEqual({ status: 200, json: { PersonId: id, DeletedFaces: [faceId] } });
    expect((await call('GET', `/people/${id}`, enrollKey)).status).toBe(404);
    const after = await call('GET', '/log', enrollKey);
    expect(after.json.Entries[0]).toMatchObject({
      Route: 'search',
      PersonId: null,
      DisplayName: null,
    });
    const miss = await call('POST', '/search', searchKey, { image_base64str: photo });
    expect(miss.json.payloads.FaceMatches).toEqual([]);

    // The thumbnail's middle (its header is any JPEG's) must be gone with the name and ids.
    const needles = [
      Buffer.from('山田 花子'),
      Buffer.from(id),
      Buffer.from(faceId),
      thumb.subarray(200, 240),
    ];
    for (const file of filesUnder(data)) {
      const bytes = readFileSync(file);
      for (const needle of needles)
        expect(bytes.includes(needle), `${needle.toString('hex')} in ${file}`).toBe(false);
    }
  });

  it('keeps the plain id style, and refuses names it cannot keep', async () => {
    const taro = await call('POST', '/faces', enrollKey, {
      name: 'Taro Yamada',
      image_base64str: photo,
    });
    expect(taro.json.payloads.PersonId).toBe('Taro_Yamada');
    const empty = await call('POST', '/faces', enrollKey, { name: '  ', image_base64str: photo });
    expect(empty.status).toBe(400);
    expect(empty.json.msg).toMatch(/empty/);
    // A second photo, then one face removed from the console: the other face stays.
    const again = await call('POST', '/faces', enrollKey, {
      name: 'Taro_Yamada',
      image_base64str: photo,
    });
    const second: string = again.json.payloads.FaceRecords[0].Face.FaceId;
    expect((await call('GET', '/people/Taro_Yamada', enrollKey)).json).toMatchObject({
      DisplayName: 'Taro Yamada',
      Faces: [expect.anything(), expect.anything()],
    });
    expect(await call('DELETE', `/people/Taro_Yamada/faces/${second}`, enrollKey)).toEqual({
      status: 200,
      json: { DeletedFaces: [second] },
    });
    expect((await call('DELETE', `/people/Taro_Yamada/faces/${second}`, enrollKey)).status).toBe(
      404,
    );
    expect((await call('GET', '/people/Taro_Yamada', enrollKey)).json.Faces).toHaveLength(1);
    const removed = await call('DELETE', `/people/Taro_Yamada`, enrollKey);
    expect(removed.status).toBe(200);
    expect((await call('DELETE', `/people/Taro_Yamada`, enrollKey)).status).toBe(404);
  });
});
