/**
 * FaceService on the real SQLite store (a file in a temp folder) and the real image source
 * (`<data>/buckets/<Bucket>/<Name>`). Most tests drive it with a scripted engine whose "photos"
 * say which faces it sees, so every rule on sizes, confidence, pose and sharpness is hit exactly
 * (no real photo can be made to have, say, a face at 40 % confidence); the last block runs the
 * searches on the real engine and its calibration, with the photos shipped in @vladmandic/face-api.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createImageSource, openFaceStore, type SqliteFaceStore } from '@facegate/store';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineMissing, requireOrSkip } from '../../../../test-support/require-or-skip.js';
import type { FaceEngine } from '../ports.js';
import type { BoundingBox, DetectOptions, DetectionResult } from '../types.js';
import { FaceService } from './face.service.js';
import { NO_FACE_MESSAGE } from './search.operations.js';

/** A fake image: PNG magic, then JSON saying what the fake engine "sees". */
interface FakeFace {
  size: number;
  vec: number[];
  conf?: number;
  yaw?: number;
  sharp?: number;
}
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
function image(faces: FakeFace[], width = 1000, height = 1000): Uint8Array {
  return new Uint8Array([
    ...PNG,
    ...new TextEncoder().encode(JSON.stringify({ width, height, faces })),
  ]);
}

const normalise = (v: number[]) => {
  const n = Math.hypot(...v);
  return Float32Array.from(v.map((x) => x / n));
};

/** The options of every call to the fake engine, in order. */
const detectCalls: DetectOptions[] = [];
const fakeEngine: FaceEngine = {
  modelVersion: 'fake-1.0',
  async detect(bytes: Uint8Array, options?: DetectOptions): Promise<DetectionResult> {
    detectCalls.push({ ...options });
    const spec = JSON.parse(new TextDecoder().decode(bytes.slice(8))) as {
      width: number;
      height: number;
      faces: FakeFace[];
    };
    const faces = [...spec.faces]
      .sort((a, b) => b.size - a.size)
      .slice(0, options?.maxFaces ?? 1000)
      .map((f, i) => ({
        detail: {
          BoundingBox: {
            Width: f.size / spec.width,
            Height: f.size / spec.height,
            Left: 0.01 * i,
            Top: 0.1,
          },
          Confidence: f.conf ?? 99.5,
          Landmarks: [
            { Type: 'eyeLeft' as const, X: 0.3, Y: 0.3 },
            { Type: 'chinBottom' as const, X: 0.5, Y: 0.9 },
          ],
          Pose: { Roll: 0, Yaw: f.yaw ?? 0, Pitch: 0 },
          Quality: { Brightness: 70, Sharpness: f.sharp ?? 80 },
          ...(options?.attributes === 'ALL' ? { AgeRange: { Low: 20, High: 30 } } : {}),
        },
        embedding: i < (options?.embedLimit ?? Infinity) ? normalise(f.vec) : new Float32Array(0),
      }));
    return { width: spec.width, height: spec.height, faces };
  },
  similarity: (a, b) =>
    Math.max(
      0,
      a.reduce((s, x, i) => s + x * b[i]!, 0),
    ) * 100,
  async close() {},
};

/** The service throws its own FacegateError; the store and image source throw @facegate/core's. */
async function rejects(p: Promise<unknown>, name: string, message?: string) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  expect((err as Error).name).toBe(name);
  if (message) expect((err as Error).message).toBe(message);
}

let api: FaceService;
let store: SqliteFaceStore;
let data: string;
/** Puts `bytes` where Image.S3Object { Bucket, Name } reads it. */
const putObject = (bucket: string, name: string, bytes: Uint8Array) => {
  const file = path.join(data, 'buckets', bucket, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
};
beforeEach(() => {
  let n = 0;
  data = mkdtempSync(path.join(tmpdir(), 'facegate-service-'));
  store = openFaceStore(data, { clock: { now: () => 1_700_000_000_000 } });
  api = new FaceService({
    engine: fakeEngine,
    store,
    images: createImageSource({ dataDir: data }),
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  });
});
afterEach(() => {
  store.close();
  rmSync(data, { recursive: true, force: true });
});

describe('collections', () => {
  it('creates, describes, lists with pagination and deletes', async () => {
    expect(await api.createCollection({ CollectionId: 'a' })).toEqual({
      StatusCode: 200,
      CollectionArn: 'aws:rekognition:us-east-1:000000000000:collection/a',
      FaceModelVersion: 'fake-1.0',
    });
    await api.createCollection({ CollectionId: 'b' });
    await rejects(api.createCollection({ CollectionId: 'a' }), 'ResourceAlreadyExistsException');
    const d = await api.describeCollection({ CollectionId: 'a' });
    expect(d).toMatchObject({
      FaceCount: 0,
      UserCount: 0,
      CreationTimestamp: 1_700_000_000,
      CollectionARN: expect.stringContaining('/a'),
    });
    const page = await api.listCollections({ MaxResults: 1 });
    expect(page).toEqual({
      CollectionIds: ['a'],
      FaceModelVersions: ['fake-1.0'],
      NextToken: expect.any(String),
    });
    expect((await api.listCollections({ NextToken: page.NextToken })).CollectionIds).toEqual(['b']);
    expect(await api.deleteCollection({ CollectionId: 'a' })).toEqual({ StatusCode: 200 });
    await rejects(
      api.deleteCollection({ CollectionId: 'a' }),
      'ResourceNotFoundException',
      'The collection id: a does not exist',
    );
    await rejects(api.describeCollection({ CollectionId: 'nope' }), 'ResourceNotFoundException');
  });

  it('rejects ids outside the documented pattern and length', async () => {
    await rejects(api.createCollection({ CollectionId: 'bad id' }), 'ValidationException');
    await rejects(api.createCollection({ CollectionId: 'x'.repeat(256) }), 'ValidationException');
    await rejects(api.createCollection({ CollectionId: '' }), 'ValidationException');
    await api.createCollection({ CollectionId: 'ok_1.2-3' });
    // Worded as AWS's validation layer words it (the hands-on's unedited `{collection_id}`).
    await rejects(
      api.createCollection({ CollectionId: '{collection_id}' }),
      'ValidationException',
      "1 validation error detected: Value '{collection_id}' at 'collectionId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.\\-]+",
    );
    await rejects(
      api.searchFacesByImage({
        CollectionId: 'no-such-collection',
        Image: { Bytes: new Uint8Array(1) },
        FaceMatchThreshold: 150,
      }),
      'ValidationException',
      "1 validation error detected: Value '150.0' at 'faceMatchThreshold' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
  });
});

describe('IndexFaces', () => {
  beforeEach(() => api.createCollection({ CollectionId: 'c' }));

  it('indexes the largest faces up to MaxFaces and reports the rest with Reasons', async () => {
    const img = image([
      { size: 100, vec: [1, 0, 0] },
      { size: 300, vec: [0, 1, 0] },
      { size: 10, vec: [0, 0, 1] },
      { size: 200, vec: [1, 1, 0], conf: 40 },
    ]);
    const out = await api.indexFaces({
      CollectionId: 'c',
      Image: { Bytes: img },
      ExternalImageId: 'Taro_Yamada',
      MaxFaces: 1,
    });
    expect(out.FaceModelVersion).toBe('fake-1.0');
    expect(out.FaceRecords).toHaveLength(1);
    const [rec] = out.FaceRecords;
    expect(rec!.Face).toMatchObject({
      ExternalImageId: 'Taro_Yamada',
      Confidence: 99.5,
      BoundingBox: { Width: 0.3 },
    });
    expect(rec!.FaceDetail.Landmarks.map((l) => l.Type)).toEqual(['eyeLeft']);
    expect(out.UnindexedFaces.map((u) => u.Reasons)).toEqual([
      ['LOW_CONFIDENCE'],
      ['EXCEEDS_MAX_FACES'],
      ['SMALL_BOUNDING_BOX'],
    ]);
    expect((await api.describeCollection({ CollectionId: 'c' })).FaceCount).toBe(1);
  });

  it('embeds only the faces it may keep, and all of them when the filter passes over one', async () => {
    detectCalls.length = 0;
    const group = image([
      { size: 300, vec: [0, 1, 0] },
      { size: 200, vec: [1, 0, 0] },
      { size: 100, vec: [0, 0, 1] },
    ]);
    await api.indexFaces({ CollectionId: 'c', Image: { Bytes: group }, MaxFaces: 1 });
    expect(detectCalls.map((o) => o.embedLimit)).toEqual([1]);
    // The largest face is below the confidence bar: the face kept is the second, so the engine
    // is asked again for every embedding.
    detectCalls.length = 0;
    const out = await api.indexFaces({
      CollectionId: 'c',
      Image: {
        Bytes: image([
          { size: 300, vec: [0, 1, 0], conf: 40 },
          { size: 200, vec: [0, 0, 1] },
        ]),
      },
      ExternalImageId: 'second',
      MaxFaces: 1,
    });
    expect(detectCalls.map((o) => o.embedLimit)).toEqual([1, undefined]);
    expect(out.FaceRecords.map((r) => r.Face.BoundingBox.Width)).toEqual([0.2]);
    const found = await api.searchFacesByImage({
      CollectionId: 'c',
      Image: { Bytes: image([{ size: 200, vec: [0, 0, 1] }]) },
    });
    expect(found.FaceMatches.map((m) => m.Face.ExternalImageId)).toContain('second');
  });

  it('keeps every face with QualityFilter NONE and gives all attributes with ALL', async () => {
    const img = image([
      { size: 10, vec: [1, 0], conf: 10 },
      { size: 200, vec: [0, 1], yaw: 85, sharp: 1 },
    ]);
    const out = await api.indexFaces({
      CollectionId: 'c',
      Image: { Bytes: img },
      QualityFilter: 'NONE',
      DetectionAttributes: ['ALL'],
    });
    expect(out.FaceRecords).toHaveLength(2);
    expect(out.FaceRecords[0]!.FaceDetail.AgeRange).toEqual({ Low: 20, High: 30 });
    expect(out.FaceRecords[0]!.FaceDetail.Landmarks).toHaveLength(2);
    expect(out.FaceRecords[0]!.Face.ImageId).toBe(out.FaceRecords[1]!.Face.ImageId);
    const strict = await api.indexFaces({
      CollectionId: 'c',
      Image: { Bytes: img },
      QualityFilter: 'HIGH',
    });
    expect(strict.FaceRecords).toHaveLength(0);
    expect(strict.UnindexedFaces[0]!.Reasons).toEqual(['LOW_SHARPNESS', 'EXTREME_POSE']);
  });

  it('enforces image limits and parameters', async () => {
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PNG);
    await rejects(
      api.indexFaces({ CollectionId: 'c', Image: { Bytes: big } }),
      'ImageTooLargeException',
    );
    await rejects(
      api.indexFaces({
        CollectionId: 'c',
        Image: { Bytes: new TextEncoder().encode('GIF89a....') },
      }),
      'InvalidImageFormatException',
    );
    await rejects(
      api.indexFaces({ CollectionId: 'c', Image: { Bytes: image([], 60, 400) } }),
      'InvalidParameterException',
    );
    await rejects(
      api.indexFaces({ CollectionId: 'c', Image: { Bytes: image([]) }, MaxFaces: 101 }),
      'InvalidParameterException',
    );
    await rejects(
      api.indexFaces({ CollectionId: 'c', Image: { Bytes: image([]) }, ExternalImageId: 'a b' }),
      'ValidationException',
    );
    await rejects(api.indexFaces({ CollectionId: 'c', Image: {} }), 'InvalidParameterException');
    await rejects(
      api.indexFaces({ CollectionId: 'zz', Image: { Bytes: image([]) } }),
      'ResourceNotFoundException',
    );
  });

  it('reads S3Object from the image source', async () => {
    putObject('B', 'Taro_Yamada.jpg', image([{ size: 300, vec: [1, 2, 3] }]));
    const out = await api.indexFaces({
      CollectionId: 'c',
      Image: { S3Object: { Bucket: 'B', Name: 'Taro_Yamada.jpg' } },
    });
    expect(out.FaceRecords).toHaveLength(1);
    await rejects(
      api.indexFaces({ CollectionId: 'c', Image: { S3Object: { Bucket: 'B', Name: 'none.jpg' } } }),
      'InvalidS3ObjectException',
    );
    // S3 objects may be up to 15 MB, three times what inline Bytes may be.
    const padded = (n: number) => {
      const img = image([{ size: 300, vec: [1, 2, 3] }]);
      const out = new Uint8Array(n);
      out.set(img);
      out.fill(0x20, img.length); // JSON tolerates trailing spaces
      return out;
    };
    putObject('B', 'ten-mb.png', padded(10 * 1024 * 1024));
    putObject('B', 'sixteen-mb.png', padded(16 * 1024 * 1024));
    const big = await api.indexFaces({
      CollectionId: 'c',
      Image: { S3Object: { Bucket: 'B', Name: 'ten-mb.png' } },
    });
    expect(big.FaceRecords).toHaveLength(1);
    await rejects(
      api.indexFaces({
        CollectionId: 'c',
        Image: { S3Object: { Bucket: 'B', Name: 'sixteen-mb.png' } },
      }),
      'ImageTooLargeException',
    );
  });
});

describe('search, list, delete', () => {
  beforeEach(async () => {
    await api.createCollection({ CollectionId: 'c' });
    await api.indexFaces({
      CollectionId: 'c',
      Image: { Bytes: image([{ size: 300, vec: [1, 0, 0] }]) },
      ExternalImageId: 'taro',
    });
    await api.indexFaces({
      CollectionId: 'c',
      Image: { Bytes: image([{ size: 300, vec: [0, 1, 0] }]) },
      ExternalImageId: 'hanako',
    });
    await api.indexFaces({
      CollectionId: 'c',
      Image: { Bytes: image([{ size: 300, vec: [1, 0.1, 0] }]) },
      ExternalImageId: 'taro',
    });
  });

  it('SearchFacesByImage searches the largest face, threshold 80 by default', async () => {
    const out = await api.searchFacesByImage({
      CollectionId: 'c',
      Image: {
        Bytes: image([
          { size: 50, vec: [0, 1, 0] },
          { size: 400, vec: [1, 0.05, 0] },
        ]),
      },
    });
    expect(out.SearchedFaceBoundingBox.Width).toBe(0.4);
    expect(out.FaceMatches.map((m) => m.Face.ExternalImageId)).toEqual(['taro', 'taro']);
    expect(out.FaceMatches[0]!.Similarity).toBeGreaterThan(99);
    const one = await api.searchFacesByImage({
      CollectionId: 'c',
      Image: { Bytes: image([{ size: 400, vec: [1, 0.05, 0] }]) },
      MaxFaces: 1,
      FaceMatchThreshold: 0,
    });
    expect(one.FaceMatches).toHaveLength(1);
    await rejects(
      api.searchFacesByImage({ CollectionId: 'c', Image: { Bytes: image([]) } }),
      'InvalidParameterException',
      NO_FACE_MESSAGE,
    );
    await rejects(
      api.searchFacesByImage({
        CollectionId: 'c',
        Image: { Bytes: image([{ size: 400, vec: [1] }]) },
        MaxFaces: 4097,
      }),
      'ValidationException',
    );
  });

  it('SearchFacesByImage with a QualityFilter searches the largest face that passes it', async () => {
    const img = image([
      { size: 500, vec: [0, 1, 0], sharp: 1 },
      { size: 200, vec: [1, 0, 0] },
    ]);
    const none = await api.searchFacesByImage({ CollectionId: 'c', Image: { Bytes: img } });
    expect(none.FaceMatches.map((m) => m.Face.ExternalImageId)).toEqual(['hanako']);
    const high = await api.searchFacesByImage({
      CollectionId: 'c',
      Image: { Bytes: img },
      QualityFilter: 'HIGH',
    });
    expect(high.SearchedFaceBoundingBox.Width).toBe(0.2);
    expect(high.FaceMatches[0]!.Face.ExternalImageId).toBe('taro');
    const blurred = image([{ size: 500, vec: [0, 1, 0], sharp: 1 }]);
    await rejects(
      api.searchFacesByImage({
        CollectionId: 'c',
        Image: { Bytes: blurred },
        QualityFilter: 'LOW',
      }),
      'InvalidParameterException',
      NO_FACE_MESSAGE,
    );
  });

  it('SearchFaces leaves the searched face out', async () => {
    const faces = (await api.listFaces({ CollectionId: 'c' })).Faces;
    const taro = faces.find((f) => f.ExternalImageId === 'taro')!;
    const out = await api.searchFaces({ CollectionId: 'c', FaceId: taro.FaceId });
    expect(out.SearchedFaceId).toBe(taro.FaceId);
    expect(out.FaceMatches.map((m) => m.Face.FaceId)).not.toContain(taro.FaceId);
    expect(out.FaceMatches).toHaveLength(1);
    await rejects(
      api.searchFaces({ CollectionId: 'c', FaceId: 'not-a-uuid' }),
      'ValidationException',
    );
  });

  it('ListFaces pages and DeleteFaces reports unknown ids', async () => {
    const first = await api.listFaces({ CollectionId: 'c', MaxResults: 2 });
    expect(first.Faces).toHaveLength(2);
    const rest = await api.listFaces({ CollectionId: 'c', NextToken: first.NextToken });
    expect(rest.Faces).toHaveLength(1);
    expect(rest.NextToken).toBeUndefined();
    const missing = '00000000-0000-4000-8000-999999999999';
    const out = await api.deleteFaces({
      CollectionId: 'c',
      FaceIds: [first.Faces[0]!.FaceId, missing],
    });
    expect(out.DeletedFaces).toEqual([first.Faces[0]!.FaceId]);
    expect(out.UnsuccessfulFaceDeletions).toEqual([
      { FaceId: missing, Reasons: ['FACE_NOT_FOUND'] },
    ]);
  });
});

describe('user searches', () => {
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
  /** The fake engine with a user rule like facegate's: the mean of the two best faces. */
  const userScore = (probe: Float32Array, faces: readonly Float32Array[]) => {
    const c = faces.map((f) => dot(probe, f)).sort((a, b) => b - a);
    return c.length === 0 ? 0 : Math.max(0, c.length === 1 ? c[0]! : (c[0]! + c[1]!) / 2) * 100;
  };
  /** A unit vector whose cosine with [1, 0, 0] is c, turned by `turn` about that axis. */
  const at = (c: number, turn = 0) => {
    const r = Math.sqrt(1 - c * c);
    return [c, r * Math.cos(turn), r * Math.sin(turn)];
  };
  let users: FaceService;
  beforeEach(async () => {
    let n = 0;
    users = new FaceService({
      engine: { ...fakeEngine, userScore },
      store,
      images: createImageSource({ dataDir: data }),
      newId: () => `00000000-0000-4000-9000-${String(++n).padStart(12, '0')}`,
    });
    await users.createCollection({ CollectionId: 'u' });
  });
  const enrol = async (api: FaceService, userId: string, cosines: number[]) => {
    const ids: string[] = [];
    for (const [k, c] of cosines.entries()) {
      const out = await api.indexFaces({
        CollectionId: 'u',
        Image: { Bytes: image([{ size: 300, vec: at(c, k + userId.length) }]) },
      });
      ids.push(out.FaceRecords[0]!.Face.FaceId);
    }
    await api.createUser({ CollectionId: 'u', UserId: userId });
    await api.associateFaces({
      CollectionId: 'u',
      UserId: userId,
      FaceIds: ids,
      UserMatchThreshold: 0,
    });
  };
  const probe = () => ({ Bytes: image([{ size: 300, vec: [1, 0, 0] }]) });

  it("scores a user with the engine's rule on all their faces, not the best face alone", async () => {
    // lucky: one face close to the probe, one far; steady: two faces fairly close.
    await enrol(users, 'lucky', [0.9, 0.1]);
    await enrol(users, 'steady', [0.86, 0.84]);
    const all = await users.searchUsersByImage({
      CollectionId: 'u',
      Image: probe(),
      UserMatchThreshold: 0,
    });
    expect(all.UserMatches.map((m) => [m.User.UserId, Math.round(m.Similarity)])).toEqual([
      ['steady', 85],
      ['lucky', 50],
    ]);
    // The threshold applies to the user's score: lucky's best face (90) passes 60, lucky does not.
    const at60 = await users.searchUsersByImage({
      CollectionId: 'u',
      Image: probe(),
      UserMatchThreshold: 60,
    });
    expect(at60.UserMatches.map((m) => m.User.UserId)).toEqual(['steady']);
    // An engine without a user rule ranks by the best face, as before.
    const plain = new FaceService({
      engine: fakeEngine,
      store,
      images: createImageSource({ dataDir: data }),
    });
    const best = await plain.searchUsersByImage({
      CollectionId: 'u',
      Image: probe(),
      UserMatchThreshold: 0,
    });
    expect(best.UserMatches.map((m) => [m.User.UserId, Math.round(m.Similarity)])).toEqual([
      ['lucky', 90],
      ['steady', 86],
    ]);
  });

  it('finds the same top users as scoring every user, whatever MaxUsers', async () => {
    // Best faces and user scores in different orders, so stopping early must be exact.
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const scores = new Map<string, number>();
    for (let u = 0; u < 12; u++) {
      const cosines = Array.from({ length: 1 + (u % 3) }, () => 0.3 + 0.69 * rand());
      await enrol(users, `user-${u}`, cosines);
      const c = [...cosines].sort((a, b) => b - a);
      scores.set(`user-${u}`, (c.length === 1 ? c[0]! : (c[0]! + c[1]!) / 2) * 100);
    }
    const expected = [...scores].sort((a, b) => b[1] - a[1]);
    for (const MaxUsers of [1, 2, 3, 5, 12]) {
      const out = await users.searchUsersByImage({
        CollectionId: 'u',
        Image: probe(),
        UserMatchThreshold: 40,
        MaxUsers,
      });
      const want = expected.filter(([, s]) => s >= 40).slice(0, MaxUsers);
      expect(out.UserMatches.map((m) => m.User.UserId)).toEqual(want.map(([u]) => u));
      out.UserMatches.forEach((m, i) => expect(m.Similarity).toBeCloseTo(want[i]![1], 2));
    }
  });

  it('lets other requests in between the store searches of a search from a user', async () => {
    await enrol(users, 'big', [0.9, 0.8, 0.7, 0.6]);
    await enrol(users, 'other', [0.85]);
    const done: string[] = [];
    const heavy = users
      .searchUsers({ CollectionId: 'u', UserId: 'big', UserMatchThreshold: 0 })
      .then((out) => done.push(`heavy ${out.UserMatches.length}`));
    // Another request arriving meanwhile: it runs from the event loop, as an HTTP request would.
    const light = new Promise((resolve) => setImmediate(resolve))
      .then(() => users.listCollections({}))
      .then(() => done.push('light'));
    await Promise.all([heavy, light]);
    expect(done).toEqual(['light', 'heavy 1']);
  });

  it('SearchUsers from a face leaves that face out of its own user', async () => {
    await enrol(users, 'taro', [0.99, 0.8, 0.7]);
    const [first] = (await users.listFaces({ CollectionId: 'u', UserId: 'taro' })).Faces;
    const out = await users.searchUsers({
      CollectionId: 'u',
      FaceId: first!.FaceId,
      UserMatchThreshold: 0,
    });
    // Her other two faces, as the searched face sees them: never the face itself (score 100).
    expect(out.UserMatches).toHaveLength(1);
    expect(out.UserMatches[0]!.Similarity).toBeLessThan(99);
  });
});

describe('DetectFaces and CompareFaces', () => {
  it('detects every face with default attributes', async () => {
    const out = await api.detectFaces({
      Image: {
        Bytes: image([
          { size: 100, vec: [1] },
          { size: 200, vec: [1] },
        ]),
      },
    });
    expect(out.FaceDetails.map((d) => d.BoundingBox.Width)).toEqual([0.2, 0.1]);
    expect(out.FaceDetails[0]!.AgeRange).toBeUndefined();
    const all = await api.detectFaces({
      Image: { Bytes: image([{ size: 100, vec: [1] }]) },
      Attributes: ['ALL'],
    });
    expect(all.FaceDetails[0]!.AgeRange).toBeDefined();
  });

  it('compares the largest source face with every target face', async () => {
    const out = await api.compareFaces({
      SourceImage: { Bytes: image([{ size: 300, vec: [1, 0] }]) },
      TargetImage: {
        Bytes: image([
          { size: 100, vec: [0, 1] },
          { size: 200, vec: [1, 0.1] },
        ]),
      },
    });
    expect(out.SourceImageFace.BoundingBox.Width).toBe(0.3);
    expect(out.FaceMatches).toHaveLength(1);
    expect(out.FaceMatches[0]!.Face.BoundingBox.Width).toBe(0.2);
    expect(out.UnmatchedFaces).toHaveLength(1);
    await rejects(
      api.compareFaces({ SourceImage: { Bytes: image([]) }, TargetImage: { Bytes: image([]) } }),
      'InvalidParameterException',
    );
  });
});

const engineSkip = requireOrSkip('the FaceService tests on the real engine', await engineMissing());

/**
 * The searches on the real engine and calibration. The group photos shipped in
 * @vladmandic/face-api hold one woman twice: the rightmost face of sample1.jpg and the middle face
 * of sample3.jpg ("taro", two different photos); the leftmost face of sample1.jpg is "hanako";
 * sample6.jpg holds none of them.
 */
describe.skipIf(engineSkip)('searches with the real engine', { timeout: 240_000 }, () => {
  let engine: FaceEngine;
  let real: FaceService;
  let realStore: SqliteFaceStore;
  let realData: string;
  const demo = (n: number) =>
    readFileSync(
      path.resolve(
        path.dirname(fileURLToPath(import.meta.url)),
        '../../../../node_modules/@vladmandic/face-api/demo',
        `sample${n}.jpg`,
      ),
    );
  /** Face number `index` from the left of a demo photo, with a margin, as a JPEG. */
  async function faceFromLeft(n: number, index: number): Promise<Buffer> {
    const photo = demo(n);
    const { FaceDetails } = await real.detectFaces({ Image: { Bytes: photo } });
    const centre = (b: BoundingBox) => b.Left + b.Width / 2;
    const box = FaceDetails.map((d) => d.BoundingBox).sort((a, b) => centre(a) - centre(b))[index]!;
    const { width: W, height: H } = await sharp(photo).metadata();
    const left = Math.max(0, Math.round((box.Left - box.Width * 0.6) * W!));
    const top = Math.max(0, Math.round((box.Top - box.Height * 0.6) * H!));
    return sharp(photo)
      .extract({
        left,
        top,
        width: Math.min(W! - left, Math.round(box.Width * 2.2 * W!)),
        height: Math.min(H! - top, Math.round(box.Height * 2.2 * H!)),
      })
      .jpeg({ quality: 92 })
      .toBuffer();
  }
  const faces: Record<string, Buffer> = {};

  beforeAll(async () => {
    const { createEngine } = await import('@facegate/engine');
    engine = await createEngine();
    realData = mkdtempSync(path.join(tmpdir(), 'facegate-service-real-'));
    realStore = openFaceStore(realData);
    real = new FaceService({
      engine,
      store: realStore,
      images: createImageSource({ dataDir: realData }),
    });
    faces.taro1 = await faceFromLeft(1, 2);
    faces.taro2 = await faceFromLeft(3, 1);
    faces.hanako = await faceFromLeft(1, 0);
    faces.stranger = await faceFromLeft(6, 3);
    await real.createCollection({ CollectionId: 'people' });
    for (const name of ['taro1', 'hanako'] as const)
      await real.indexFaces({
        CollectionId: 'people',
        Image: { Bytes: faces[name]! },
        ExternalImageId: name.replace(/\d$/, ''),
        MaxFaces: 1,
      });
  }, 240_000);
  afterAll(async () => {
    realStore?.close();
    await engine?.close();
    if (realData) rmSync(realData, { recursive: true, force: true });
  });

  it('finds a person from another photo of her, at the default threshold 80', async () => {
    const out = await real.searchFacesByImage({
      CollectionId: 'people',
      Image: { Bytes: faces.taro2! },
    });
    expect(out.FaceMatches.map((m) => m.Face.ExternalImageId)).toEqual(['taro']);
    expect(out.FaceMatches[0]!.Similarity).toBeGreaterThan(90);
  });

  it('finds nobody for a stranger, and scores the other woman below 80', async () => {
    const stranger = await real.searchFacesByImage({
      CollectionId: 'people',
      Image: { Bytes: faces.stranger! },
    });
    expect(stranger.FaceMatches).toEqual([]);
    const all = await real.searchFacesByImage({
      CollectionId: 'people',
      Image: { Bytes: faces.hanako! },
      FaceMatchThreshold: 0,
    });
    expect(all.FaceMatches.map((m) => m.Face.ExternalImageId)).toEqual(['hanako', 'taro']);
    expect(all.FaceMatches[1]!.Similarity).toBeLessThan(80);
  });

  it('keeps searching a collection facegate-1.0 indexed, on its model and scale', async () => {
    // The collection as facegate-1.0 left it: its model version and the 128-number embeddings
    // it stored for the faces of sample1.jpg (packages/engine/fixtures).
    const legacy = JSON.parse(
      readFileSync(
        new URL('../../../engine/fixtures/facegate-1.0-embeddings.json', import.meta.url),
        'utf8',
      ),
    ) as { photos: Record<string, Array<{ box: BoundingBox; embedding: number[] }>> };
    realStore.createCollection('indexed-by-1.0', 'facegate-1.0');
    const old = legacy.photos['sample1.jpg']!;
    realStore.addFaces(
      'indexed-by-1.0',
      old.map((f, i) => ({
        FaceId: `00000000-0000-4000-8000-00000000000${i}`,
        ImageId: '00000000-0000-4000-8000-000000000010',
        ExternalImageId: `sample1-face-${i}`,
        BoundingBox: f.box,
        Confidence: 99,
        IndexFacesModelVersion: 'facegate-1.0',
        createdAt: 0,
        embedding: Float32Array.from(f.embedding),
      })),
    );
    // New photos go in as that model sees them, beside the old faces.
    await real.indexFaces({
      CollectionId: 'indexed-by-1.0',
      Image: { Bytes: faces.hanako! },
      ExternalImageId: 'hanako',
      MaxFaces: 1,
    });
    const listed = realStore.listFaces('indexed-by-1.0', 10).items;
    expect(listed.map((f) => f.embedding.length)).toEqual(listed.map(() => 128));
    // Taro's other photo finds her face as 1.0 stored it: the rightmost face of sample1.jpg.
    const out = await real.searchFacesByImage({
      CollectionId: 'indexed-by-1.0',
      Image: { Bytes: faces.taro2! },
    });
    expect(out.FaceModelVersion).toBe('facegate-1.0');
    const centre = (b: BoundingBox) => b.Left + b.Width / 2;
    const rightmost = old.reduce((a, f, i) => (centre(f.box) > centre(old[a]!.box) ? i : a), 0);
    expect(out.FaceMatches.map((m) => m.Face.ExternalImageId)).toEqual([
      `sample1-face-${rightmost}`,
    ]);
    const hanako = await real.searchFacesByImage({
      CollectionId: 'indexed-by-1.0',
      Image: { Bytes: faces.hanako! },
    });
    expect(hanako.FaceMatches.map((m) => m.Face.ExternalImageId)).toContain('hanako');
  });

  it('SearchFaces from a stored face, and CompareFaces across two photos', async () => {
    const listed = (await real.listFaces({ CollectionId: 'people' })).Faces;
    const taro = listed.find((f) => f.ExternalImageId === 'taro')!;
    const out = await real.searchFaces({ CollectionId: 'people', FaceId: taro.FaceId });
    expect(out.FaceMatches).toEqual([]); // hanako is below 80, taro herself is left out
    // Her face in sample1.jpg against all three faces of sample3.jpg: she is the middle one.
    // (The threshold is 90: the right woman of sample3.jpg looks like her, scored ~77.)
    const cmp = await real.compareFaces({
      SourceImage: { Bytes: faces.taro1! },
      TargetImage: { Bytes: demo(3) },
      SimilarityThreshold: 90,
    });
    expect(cmp.FaceMatches).toHaveLength(1);
    const box = cmp.FaceMatches[0]!.Face.BoundingBox;
    expect(box.Left + box.Width / 2).toBeGreaterThan(0.45);
    expect(box.Left + box.Width / 2).toBeLessThan(0.7);
    expect(cmp.UnmatchedFaces).toHaveLength(2);
  });
});
