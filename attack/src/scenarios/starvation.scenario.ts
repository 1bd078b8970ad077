/**
 * Issue 12's starvation: a key on a 1 request/s plan sends a grid of faces to
 * /prod/recognize?maxFaces=100 while a normal client searches. The normal client must keep at
 * least 70 % of its unloaded throughput with p99 ≤ 2 s, and the heavy key must be refused or
 * throttled (429/503) at least once.
 * @module
 */
import sharp from 'sharp';
import { hit } from '../http.js';
import { facePhoto } from '../images.js';
import { check } from '../result.js';
import { rekognitionRequest } from '../sigv4.js';
import { facegate, type Target } from '../target.js';
import { percentile, sleep, type Scenario } from './scenario.js';

/**
 * A side×side grid of face crops (the demo photos' largest faces, found by the server's own
 * DetectFaces), so every cell holds a face the engine finds and embeds.
 */
async function grid(t: Target, side: number): Promise<Buffer> {
  const cell = 200;
  const tiles: Buffer[] = [];
  for (let i = 1; i <= 6; i++) {
    const photo = facePhoto(i);
    const meta = await sharp(photo).metadata();
    const o = await hit(
      t.url,
      rekognitionRequest(
        t.url,
        'DetectFaces',
        JSON.stringify({ Image: { Bytes: photo.toString('base64') } }),
        t.keys,
      ),
      120_000,
    );
    const box = (
      JSON.parse(o.body.toString('utf8') || '{}') as {
        FaceDetails?: Array<{
          BoundingBox: { Width: number; Height: number; Left: number; Top: number };
        }>;
      }
    ).FaceDetails?.[0]?.BoundingBox;
    if (!box) continue;
    const W = meta.width ?? 0;
    const H = meta.height ?? 0;
    const size = Math.round(Math.max(box.Width * W, box.Height * H) * 1.6);
    const left = Math.max(0, Math.round((box.Left + box.Width / 2) * W - size / 2));
    const top = Math.max(0, Math.round((box.Top + box.Height / 2) * H - size / 2));
    tiles.push(
      await sharp(photo)
        .extract({ left, top, width: Math.min(size, W - left), height: Math.min(size, H - top) })
        .resize(cell, cell, { fit: 'cover' })
        .jpeg()
        .toBuffer(),
    );
  }
  if (tiles.length === 0) throw new Error('starvation: no face found in the demo photos');
  return sharp({
    create: { width: side * cell, height: side * cell, channels: 3, background: '#777' },
  })
    .composite(
      Array.from({ length: side * side }, (_, i) => ({
        input: tiles[i % tiles.length]!,
        left: (i % side) * cell,
        top: Math.floor(i / side) * cell,
      })),
    )
    .jpeg({ quality: 85 })
    .toBuffer();
}

export const starvationScenario: Scenario = {
  name: 'starvation',
  async run(t, { quick }) {
    const seconds = quick ? 8 : 30;
    const side = quick ? 5 : 10;
    await facegate(
      'plans',
      'create',
      '--name',
      'heavy1rps',
      '--rate',
      '1',
      '--burst',
      '1',
      '--data',
      t.dataDir,
    );
    const heavyKey = 'attack-heavy-key-0123456789';
    await facegate(
      'apikeys',
      'create',
      '--name',
      'heavy',
      '--plan',
      'heavy1rps',
      '--scopes',
      'recognize',
      '--value',
      heavyKey,
      '--data',
      t.dataDir,
    );
    const photo = await grid(t, side);
    const search = JSON.stringify({ image_base64str: facePhoto(2).toString('base64') });

    const normal = async (durationS: number) => {
      const lat: number[] = [];
      let ok = 0;
      const end = performance.now() + durationS * 1000;
      for (let i = 0; i < 100_000 && performance.now() < end; i++) {
        const o = await hit(
          t.url,
          {
            path: '/prod/search',
            headers: { 'x-api-key': t.apiKey, 'content-type': 'application/json' },
            body: search,
          },
          60_000,
        );
        if (o.status === 200) ok++;
        lat.push(o.ms);
      }
      return { ok, lat };
    };
    const base = await normal(seconds / 2);
    const baseRate = base.ok / (seconds / 2);

    // The heavy key: one request a second (its plan's rate), at most 4 in flight, for `seconds`.
    const heavyStatuses = new Map<string, number>();
    const inFlight = new Set<Promise<void>>();
    let stop = false;
    const heavy = (async () => {
      for (let i = 0; i < seconds && !stop; i++) {
        if (inFlight.size < 4) {
          const p = hit(
            t.url,
            {
              path: `/prod/recognize?maxFaces=100`,
              headers: { 'x-api-key': heavyKey, 'content-type': 'image/jpeg' },
              body: photo,
            },
            180_000,
          ).then((o) => {
            const k = o.hang ? 'hang' : String(o.status);
            heavyStatuses.set(k, (heavyStatuses.get(k) ?? 0) + 1);
          });
          inFlight.add(p);
          void p.finally(() => inFlight.delete(p));
        }
        await sleep(1000);
      }
    })();
    await sleep(1000);
    const loaded = await normal(seconds);
    stop = true;
    await heavy;
    await Promise.all(inFlight); // bounded by the 180 s deadline of each
    const loadedRate = loaded.ok / seconds;
    const p99 = percentile(loaded.lat, 99);
    const share = baseRate > 0 ? loadedRate / baseRate : 0;
    const throttled = (heavyStatuses.get('429') ?? 0) + (heavyStatuses.get('503') ?? 0) > 0;
    return check(
      'scenarios',
      `starvation: ${side}×${side} face grid to /prod/recognize?maxFaces=100 on a 1 req/s key vs a /prod/search client (≥ 70 % of unloaded throughput, p99 ≤ 2 s, heavy key throttled)`,
      share >= 0.7 && p99 <= 2000 && throttled && t.exited() === undefined,
      `search alone ${baseRate.toFixed(2)}/s; under load ${loadedRate.toFixed(2)}/s (${(share * 100).toFixed(0)} %), p50 ${percentile(loaded.lat, 50).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms; heavy key: ${[...heavyStatuses].map(([s, n]) => `${s}×${n}`).join(', ') || 'no answer'}`,
    );
  },
};
