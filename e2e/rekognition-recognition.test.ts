/**
 * Recognition on real faces without ../shared: the group photos shipped with
 * @vladmandic/face-api. Each face is indexed as its own person; altered copies of it
 * (mirrored, rescaled, recompressed, cropped) must find that person, and faces never
 * indexed must find nobody at the default threshold 80.
 */
import { readFileSync } from 'node:fs';
import {
  CreateCollectionCommand,
  DetectFacesCommand,
  IndexFacesCommand,
  SearchFacesByImageCommand,
} from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cropFace,
  demoPhoto,
  engineAvailable,
  startFacegate,
  type Facegate,
} from './rekognition-support.js';

const available = await engineAvailable();

/** Photos whose faces are enrolled, and photos of other people kept out of the collection. */
const ENROLLED = [1, 3, 6];
const STRANGERS = [4, 5];
const MIN_FACE_PX = 90;

const alterations: Record<string, (img: Buffer) => Promise<Buffer>> = {
  mirrored: (img) => sharp(img).flop().jpeg({ quality: 90 }).toBuffer(),
  rescaled: async (img) => {
    const { width } = await sharp(img).metadata();
    return sharp(img)
      .resize({ width: Math.round(width! * 0.6) })
      .jpeg({ quality: 90 })
      .toBuffer();
  },
  upscaled: async (img) => {
    const { width } = await sharp(img).metadata();
    return sharp(img)
      .resize({ width: Math.round(width! * 1.7) })
      .png()
      .toBuffer();
  },
  recompressed: (img) => sharp(img).jpeg({ quality: 30 }).toBuffer(),
  cropped: async (img) => {
    const { width, height } = await sharp(img).metadata();
    const w = Math.round(width! * 0.8);
    const h = Math.round(height! * 0.85);
    return sharp(img)
      .extract({
        left: Math.round((width! - w) / 2),
        top: Math.round((height! - h) / 3),
        width: w,
        height: h,
      })
      .jpeg()
      .toBuffer();
  },
};

describe.skipIf(!available)('recognition on the face-api demo photos', { timeout: 240_000 }, () => {
  let fg: Facegate;
  const C = 'demo_people';
  const people = new Map<string, Buffer>();
  const strangers = new Map<string, Buffer>();

  async function facesOf(n: number, limit: number): Promise<Buffer[]> {
    const photo = new Uint8Array(readFileSync(demoPhoto(n)));
    const { width, height } = await sharp(photo).metadata();
    const out = await fg.client.send(new DetectFacesCommand({ Image: { Bytes: photo } }));
    const big = (out.FaceDetails ?? []).filter(
      (d) =>
        Math.min(d.BoundingBox!.Width! * width!, d.BoundingBox!.Height! * height!) >= MIN_FACE_PX,
    );
    return Promise.all(big.slice(0, limit).map((d) => cropFace(photo, d.BoundingBox!)));
  }

  beforeAll(async () => {
    fg = await startFacegate();
    await fg.client.send(new CreateCollectionCommand({ CollectionId: C }));
    for (const n of ENROLLED) {
      const crops = await facesOf(n, 5);
      for (const [i, crop] of crops.entries()) {
        const name = `sample${n}_face${i}`;
        const out = await fg.client.send(
          new IndexFacesCommand({
            CollectionId: C,
            Image: { Bytes: crop },
            ExternalImageId: name,
            MaxFaces: 1,
            QualityFilter: 'NONE',
          }),
        );
        expect(out.FaceRecords, name).toHaveLength(1);
        people.set(name, crop);
      }
    }
    for (const n of STRANGERS) {
      for (const [i, crop] of (await facesOf(n, 2)).entries())
        strangers.set(`sample${n}_face${i}`, crop);
    }
  });
  afterAll(() => fg?.stop(true));

  it('enrolled every large face of the photos', () => {
    expect(people.size).toBeGreaterThanOrEqual(8);
    expect(strangers.size).toBeGreaterThanOrEqual(2);
  });

  it('finds the right person in mirrored, rescaled, recompressed and cropped copies', async () => {
    const probes = [...people].flatMap(([name, crop]) =>
      Object.entries(alterations).map(([how, alter]) => ({ name, how, make: () => alter(crop) })),
    );
    const misses: string[] = [];
    // Two searches in flight, as two clients would: the engine's worker pool serves both.
    const worker = async () => {
      for (let probe = probes.shift(); probe; probe = probes.shift()) {
        const out = await fg.client.send(
          new SearchFacesByImageCommand({
            CollectionId: C,
            Image: { Bytes: await probe.make() },
            MaxFaces: 3,
          }),
        );
        const top = out.FaceMatches?.[0];
        if (top?.Face?.ExternalImageId !== probe.name) {
          misses.push(
            `${probe.name} ${probe.how}: got ${top?.Face?.ExternalImageId ?? 'no match'} (${top?.Similarity?.toFixed(1) ?? '-'})`,
          );
        }
      }
    };
    await Promise.all([worker(), worker()]);
    expect(probes).toHaveLength(0);
    expect(misses).toEqual([]);
  });

  it('finds nobody for faces that were never indexed, at threshold 80', async () => {
    const falseAccepts: string[] = [];
    for (const [name, face] of strangers) {
      const out = await fg.client.send(
        new SearchFacesByImageCommand({ CollectionId: C, Image: { Bytes: face } }),
      );
      for (const m of out.FaceMatches ?? []) {
        falseAccepts.push(
          `${name} matched ${m.Face?.ExternalImageId} at ${m.Similarity?.toFixed(1)}`,
        );
      }
    }
    expect(falseAccepts).toEqual([]);
  });
});
