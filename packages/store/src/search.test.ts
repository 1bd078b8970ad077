import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFaceStore, SqliteFaceStore } from './face.store.js';
import { openDatabase } from './database.js';
import { makeFace, near, randomUnit, rng, similarity, tempDir } from './test/fixtures.js';

describe('SqliteFaceStore.searchByEmbedding', () => {
  let t: ReturnType<typeof tempDir>;
  let store: SqliteFaceStore;
  const next = rng(3);
  beforeEach(() => {
    t = tempDir();
    store = openFaceStore(t.dir);
    store.createCollection('c', 'v');
  });
  afterEach(() => {
    store.close();
    t.remove();
  });

  it('returns the best faces first, with threshold and maxFaces applied', () => {
    const person = randomUnit(128, next);
    const same = [0.1, 0.3, 0.5].map((a) =>
      makeFace(near(person, a, next), { ExternalImageId: `p-${a}` }),
    );
    const others = Array.from({ length: 200 }, () => makeFace(randomUnit(128, next)));
    store.addFaces('c', others.slice(0, 100));
    store.addFaces('c', same);
    store.addFaces('c', others.slice(100));

    const all = store.searchByEmbedding('c', person, similarity, 0, 4096);
    const expected = [...same, ...others]
      .map((f) => ({ id: f.FaceId, s: similarity(person, f.embedding) }))
      .sort((a, b) => b.s - a.s);
    expect(all.map((m) => m.face.FaceId)).toEqual(expected.map((x) => x.id));
    for (let i = 1; i < all.length; i++)
      expect(all[i - 1]!.Similarity).toBeGreaterThanOrEqual(all[i]!.Similarity);

    const top2 = store.searchByEmbedding('c', person, similarity, 0, 2);
    expect(top2.map((m) => m.face.ExternalImageId)).toEqual(['p-0.1', 'p-0.3']);
    expect(top2[0]!.face.embedding).toEqual(same[0]!.embedding);

    const strict = store.searchByEmbedding('c', person, similarity, 80, 100);
    expect(strict.every((m) => m.Similarity >= 80)).toBe(true);
    expect(strict.map((m) => m.face.FaceId)).toEqual(
      expected.filter((x) => x.s >= 80).map((x) => x.id),
    );
    expect(store.searchByEmbedding('c', randomUnit(128, next), similarity, 99.9, 10)).toEqual([]);
    expect(store.searchByEmbedding('c', person, similarity, 0, 0)).toEqual([]);
  });

  it('calls the similarity callback only for candidates that can pass', () => {
    const faces = Array.from({ length: 1000 }, () => makeFace(randomUnit(32, next)));
    store.addFaces('c', faces);
    let calls = 0;
    const counting = (a: Float32Array, b: Float32Array) => {
      calls++;
      return similarity(a, b);
    };
    const q = faces[10]!.embedding;
    const res = store.searchByEmbedding('c', q, counting, 80, 4096);
    expect(res[0]!.face.FaceId).toBe(faces[10]!.FaceId);
    expect(calls).toBeLessThanOrEqual(res.length + 1);
  });

  it('does not return deleted faces, and refuses a query of another dimension', () => {
    const faces = Array.from({ length: 20 }, () => makeFace(randomUnit(16, next)));
    store.addFaces('c', faces);
    store.deleteFaces('c', [faces[3]!.FaceId, faces[19]!.FaceId]);
    const res = store.searchByEmbedding('c', faces[3]!.embedding, similarity, 0, 100);
    expect(res.map((m) => m.face.FaceId)).not.toContain(faces[3]!.FaceId);
    expect(res.map((m) => m.face.FaceId)).not.toContain(faces[19]!.FaceId);
    expect(res).toHaveLength(18);
    expect(() => store.searchByEmbedding('c', randomUnit(8, next), similarity, 0, 1)).toThrow(
      /does not fit/,
    );
  });

  it('finds faces added before a reopen (the index is rebuilt from SQLite)', () => {
    const faces = Array.from({ length: 50 }, () => makeFace(randomUnit(64, next)));
    store.addFaces('c', faces);
    store.deleteFaces('c', [faces[0]!.FaceId]);
    store.close();
    store = openFaceStore(t.dir);
    for (const f of faces.slice(1, 6)) {
      expect(store.searchByEmbedding('c', f.embedding, similarity, 99, 1)[0]?.face.FaceId).toBe(
        f.FaceId,
      );
    }
    expect(store.searchByEmbedding('c', faces[0]!.embedding, similarity, 99, 1)).toEqual([]);
  });

  it('ignores other connections’ writes to other tables, and catches writes that interleave', () => {
    const otherDb = openDatabase(t.dir);
    const other = new SqliteFaceStore(otherDb, { ownsDatabase: true });
    try {
      const kept = makeFace(randomUnit(16, next));
      const gone = makeFace(randomUnit(16, next));
      store.addFaces('c', [kept, gone]);
      otherDb.exec('CREATE TABLE other_module (x); INSERT INTO other_module VALUES (1);');
      expect(store.searchByEmbedding('c', kept.embedding, similarity, 99, 1)).toHaveLength(1);
      expect(store.indexRebuilds).toBe(1);

      // The other store adds a face; this one deletes before it has searched again.
      const added = makeFace(randomUnit(16, next));
      other.addFaces('c', [added]);
      expect(store.deleteFaces('c', [gone.FaceId])).toEqual([gone.FaceId]);
      const found = (f: typeof kept) =>
        store.searchByEmbedding('c', f.embedding, similarity, 99, 1)[0]?.face.FaceId;
      expect(found(added)).toBe(added.FaceId);
      expect(found(gone)).not.toBe(gone.FaceId);
      expect(found(kept)).toBe(kept.FaceId);
      expect(store.indexedFaceCount('c')).toBe(2);
    } finally {
      other.close();
    }
  });

  it('sees faces another connection committed to the same file', () => {
    const other = new SqliteFaceStore(openDatabase(t.dir), { ownsDatabase: true });
    try {
      const before = makeFace(randomUnit(16, next));
      store.addFaces('c', [before]);
      expect(store.searchByEmbedding('c', before.embedding, similarity, 99, 1)).toHaveLength(1);
      expect(store.indexRebuilds).toBe(1); // its own writes update the index in place
      expect(other.searchByEmbedding('c', before.embedding, similarity, 99, 1)).toHaveLength(1);
      const face = makeFace(randomUnit(16, next));
      other.addFaces('c', [face]);
      expect(store.searchByEmbedding('c', face.embedding, similarity, 99, 1)[0]?.face.FaceId).toBe(
        face.FaceId,
      );
      expect(store.indexRebuilds).toBe(2);
      other.deleteFaces('c', [before.FaceId]);
      expect(store.searchByEmbedding('c', before.embedding, similarity, 99, 1)).toEqual([]);
    } finally {
      other.close();
    }
  });
});
