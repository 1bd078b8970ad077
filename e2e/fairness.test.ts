/**
 * Work limits on the real server (engine, SQLite, loopback): a key on a 1 request/s plan that
 * recognizes a photo full of faces pays for the work it caused, so its next request is
 * throttled, while a light key's searches are served beside it. The grid photo is built in
 * memory from a face shipped in an npm package. Timing is not asserted (that is the job of
 * `npm run attack`, docs/attack.md).
 */
import { readFileSync } from 'node:fs';
import { ApiKeyStore } from '@facegate/api/search/keys/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridPhoto } from '../attack/scenarios/grid-photo.js';
import { demoPhoto, engineAvailable, startFacegate, type Facegate } from './rekognition-support.js';

const available = await engineAvailable();

describe.skipIf(!available)('engine work per key on facegate serve', () => {
  let fg: Facegate;
  let person: Uint8Array;
  let grid: Uint8Array;
  let light: string;
  let heavy: string;

  beforeAll(async () => {
    fg = await startFacegate();
    const { ctx } = fg.server;
    person = new Uint8Array(readFileSync(demoPhoto(2)));
    const box = (await ctx.engine.detect(person, { maxFaces: 1 })).faces[0]!.detail.BoundingBox;
    await ctx.api!.indexFaces({
      CollectionId: ctx.config.collection,
      Image: { Bytes: person },
      ExternalImageId: 'person',
      MaxFaces: 1,
    });
    grid = await gridPhoto(person, box, 3, 200);
    const keys = new ApiKeyStore(ctx.db);
    keys.createPlan({ name: 'one-per-second', rate: 1, burst: 1 });
    light = keys.createKey({ name: 'light', scopes: ['search'] }).key;
    heavy = keys.createKey({ name: 'heavy', plan: 'one-per-second', scopes: ['recognize'] }).key;
  });
  afterAll(() => fg?.stop(true));

  const search = () =>
    fetch(`${fg.url}/prod/search`, {
      method: 'POST',
      headers: { 'x-api-key': light },
      body: JSON.stringify({ image_base64str: Buffer.from(person).toString('base64') }),
    });
  const recognize = () =>
    fetch(`${fg.url}/prod/recognize?maxFaces=100`, {
      method: 'POST',
      headers: { 'x-api-key': heavy, 'content-type': 'image/jpeg' },
      body: grid,
    });

  it('charges a 9-face recognize as 9 + 9 work units: the 1 request/s key is throttled after it, a light key is not', async () => {
    const [first, beside] = await Promise.all([recognize(), search()]);
    expect(first.status).toBe(200);
    const faces = ((await first.json()) as { payloads: { Faces: unknown[] } }).payloads.Faces;
    expect(faces.length).toBeGreaterThan(1);
    expect(beside.status).toBe(200);
    // Every face located and searched beyond the first unit was charged to a bucket refilled
    // at 1 per second, so the key owes seconds it has not waited.
    const next = await recognize();
    expect(next.status).toBe(429);
    expect(await next.json()).toEqual({ message: 'Too Many Requests' });
    expect((await search()).status).toBe(200);
  });
});
