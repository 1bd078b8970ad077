import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFaceStore, SqliteFaceStore } from './face.store.js';
import { errorName, makeFace, randomUnit, rng, tempDir } from './test/fixtures.js';

describe('SqliteFaceStore: collections and faces', () => {
  let t: ReturnType<typeof tempDir>;
  let store: SqliteFaceStore;
  const next = rng(1);
  beforeEach(() => {
    t = tempDir();
    store = openFaceStore(t.dir, {
      region: 'ap-northeast-1',
      accountId: '123456789012',
      clock: { now: () => 42_000 },
    });
  });
  afterEach(() => {
    store.close();
    t.remove();
  });

  it('creates, describes, lists and deletes collections', () => {
    const created = store.createCollection('family', 'facegate-1.0');
    expect(created).toEqual({
      CollectionId: 'family',
      CollectionArn: 'aws:rekognition:ap-northeast-1:123456789012:collection/family',
      FaceModelVersion: 'facegate-1.0',
      createdAt: 42_000,
      FaceCount: 0,
      UserCount: 0,
    });
    expect(errorName(() => store.createCollection('family', 'facegate-1.0'))).toBe(
      'ResourceAlreadyExistsException',
    );
    expect(store.getCollection('family')).toEqual(created);
    expect(store.getCollection('nope')).toBeUndefined();
    expect(store.deleteCollection('family')).toBe(true);
    expect(store.deleteCollection('family')).toBe(false);
    expect(store.getCollection('family')).toBeUndefined();
  });

  it('pages collections in id order with opaque tokens', () => {
    for (const id of ['c', 'a', 'e', 'b', 'd']) store.createCollection(id, 'v');
    const p1 = store.listCollections(2);
    expect(p1.items.map((c) => c.CollectionId)).toEqual(['a', 'b']);
    const p2 = store.listCollections(2, p1.nextToken);
    expect(p2.items.map((c) => c.CollectionId)).toEqual(['c', 'd']);
    const p3 = store.listCollections(2, p2.nextToken);
    expect(p3.items.map((c) => c.CollectionId)).toEqual(['e']);
    expect(p3.nextToken).toBeUndefined();
    expect(store.listCollections(5).nextToken).toBeUndefined();
    expect(errorName(() => store.listCollections(2, 'garbage!'))).toBe(
      'InvalidPaginationTokenException',
    );
    expect(errorName(() => store.listCollections(2, 'Zm9v'))).toBe(
      'InvalidPaginationTokenException',
    );
  });

  it('adds the faces of an image atomically and reads them back complete', () => {
    store.createCollection('c', 'v');
    const imageId = '11111111-2222-3333-4444-555555555555';
    const faces = [0, 1, 2].map(() =>
      makeFace(randomUnit(128, next), { ImageId: imageId, ExternalImageId: 'Taro_Yamada' }),
    );
    store.addFaces('c', faces);
    expect(store.getCollection('c')?.FaceCount).toBe(3);
    const got = store.getFaces('c', [faces[2]!.FaceId, 'missing', faces[0]!.FaceId]);
    expect(got.map((f) => f.FaceId)).toEqual([faces[2]!.FaceId, faces[0]!.FaceId]);
    expect(got[0]).toEqual(faces[2]);
    expect(got[0]!.embedding).toBeInstanceOf(Float32Array);
    expect(store.hasImage('c', 'Taro_Yamada')).toBe(true);
    expect(store.hasImage('c', 'Hanako')).toBe(false);
    expect(store.hasImage('other', 'Taro_Yamada')).toBe(false);

    // A duplicate FaceId in a batch rolls the whole batch back.
    const dup = [
      makeFace(randomUnit(128, next)),
      makeFace(randomUnit(128, next), { FaceId: faces[0]!.FaceId }),
    ];
    expect(errorName(() => store.addFaces('c', dup))).toBe('InvalidParameterException');
    expect(store.getCollection('c')?.FaceCount).toBe(3);
    expect(store.getFaces('c', [dup[0]!.FaceId])).toEqual([]);
  });

  it('refuses an embedding of another dimension and unknown collections', () => {
    store.createCollection('c', 'v');
    store.addFaces('c', [makeFace(randomUnit(128, next))]);
    expect(errorName(() => store.addFaces('c', [makeFace(randomUnit(64, next))]))).toBe(
      'InvalidParameterException',
    );
    expect(errorName(() => store.addFaces('nope', [makeFace(randomUnit(128, next))]))).toBe(
      'ResourceNotFoundException',
    );
    expect(errorName(() => store.listFaces('nope', 10))).toBe('ResourceNotFoundException');
    expect(errorName(() => store.getFaces('nope', []))).toBe('ResourceNotFoundException');
    expect(errorName(() => store.deleteFaces('nope', ['x']))).toBe('ResourceNotFoundException');
    expect(errorName(() => store.listUsers('nope', 10))).toBe('ResourceNotFoundException');
  });

  it('pages faces in insertion order, filters, and refuses foreign tokens', () => {
    store.createCollection('c', 'v');
    store.createCollection('d', 'v');
    const faces = Array.from({ length: 7 }, () => makeFace(randomUnit(16, next)));
    for (const f of faces) store.addFaces('c', [f]);
    store.addFaces('d', [makeFace(randomUnit(16, next))]);
    const seen: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = store.listFaces('c', 3, token);
      seen.push(...page.items.map((f) => f.FaceId));
      token = page.nextToken;
      if (!token) break;
    }
    expect(seen).toEqual(faces.map((f) => f.FaceId));

    const first = store.listFaces('c', 3);
    expect(errorName(() => store.listFaces('d', 3, first.nextToken))).toBe(
      'InvalidPaginationTokenException',
    );
    expect(errorName(() => store.listFaces('c', 3, 'not-a-token'))).toBe(
      'InvalidPaginationTokenException',
    );
    expect(errorName(() => store.listUsers('c', 3, first.nextToken))).toBe(
      'InvalidPaginationTokenException',
    );

    // A page boundary survives deletion of the face it ended on.
    store.deleteFaces('c', [first.items[2]!.FaceId]);
    expect(store.listFaces('c', 3, first.nextToken).items[0]!.FaceId).toBe(faces[3]!.FaceId);

    const picked = store.listFaces('c', 10, undefined, {
      faceIds: [faces[5]!.FaceId, faces[1]!.FaceId, 'x'],
    });
    expect(picked.items.map((f) => f.FaceId)).toEqual([faces[1]!.FaceId, faces[5]!.FaceId]);
  });

  it('deletes faces by id, returning only those that existed', () => {
    store.createCollection('c', 'v');
    const faces = [makeFace(randomUnit(16, next)), makeFace(randomUnit(16, next))];
    store.addFaces('c', faces);
    expect(store.deleteFaces('c', [faces[0]!.FaceId, 'missing', faces[0]!.FaceId])).toEqual([
      faces[0]!.FaceId,
    ]);
    expect(store.listFaces('c', 10).items.map((f) => f.FaceId)).toEqual([faces[1]!.FaceId]);
  });

  it('deleteCollection removes its faces and users; a new collection of that id starts empty', () => {
    store.createCollection('c', 'v');
    store.addFaces('c', [makeFace(randomUnit(16, next))]);
    store.createUser('c', 'u1');
    expect(store.deleteCollection('c')).toBe(true);
    const count = store.db
      .prepare('SELECT (SELECT count(*) FROM faces) + (SELECT count(*) FROM users) AS n')
      .get();
    expect(count).toEqual({ n: 0 });
    store.createCollection('c', 'v');
    expect(store.getCollection('c')).toMatchObject({ FaceCount: 0, UserCount: 0 });
    expect(store.searchByEmbedding('c', randomUnit(16, next), () => 100, 0, 10)).toEqual([]);
    // A different dimension is fine in the new collection.
    store.addFaces('c', [makeFace(randomUnit(32, next))]);
  });
});
