import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFaceStore, type SqliteFaceStore } from './face.store.js';
import { PeopleStore } from './people.store.js';
import { personIdFor } from './person-id.js';
import { RecognitionLog } from './recognition-log.js';
import { makeFace, randomUnit, rng, tempDir } from './test/fixtures.js';

describe('personIdFor', () => {
  it('keeps plain names as before and hashes any other script deterministically', () => {
    expect(personIdFor('Taro Yamada')).toBe('Taro_Yamada');
    expect(personIdFor('  Taro   Yamada ')).toBe('Taro_Yamada');
    expect(personIdFor('Taro_Yamada')).toBe('Taro_Yamada');
    const hanako = personIdFor('山田 花子');
    expect(hanako).toMatch(/^p-[0-9a-f]{20}$/);
    // The ideographic space and NFD input are the same name.
    expect(personIdFor('山田\u3000花子')).toBe(hanako);
    expect(personIdFor('Zoe\u0301')).toBe(personIdFor('Zoé'));
    expect(personIdFor('山田 太郎')).not.toBe(hanako);
    // A plain name shaped like a hashed id is hashed too, so it cannot take someone's id.
    expect(personIdFor('p-0123456789abcdef0123')).not.toBe('p-0123456789abcdef0123');
    expect(() => personIdFor('   ')).toThrow(/empty/);
    expect(() => personIdFor('x'.repeat(101))).toThrow(/longer than 100/);
    expect(() => personIdFor('a\u0000b')).toThrow(/control/);
  });
});

describe('PeopleStore', () => {
  let t: ReturnType<typeof tempDir>;
  let store: SqliteFaceStore;
  let people: PeopleStore;
  const next = rng(7);
  beforeEach(() => {
    t = tempDir();
    store = openFaceStore(t.dir, { clock: { now: () => 1_000 } });
    store.createCollection('default', 'test');
    people = new PeopleStore(store.db, { now: () => 2_000 });
  });
  afterEach(() => {
    store.close();
    t.remove();
  });

  const addFace = (externalImageId: string) => {
    const face = makeFace(randomUnit(128, next), { ExternalImageId: externalImageId });
    store.addFaces('default', [face]);
    return face.FaceId;
  };

  it('names people, lists them with the AWS CLI ids beside, and searches by name', () => {
    const id = people.remember('default', '山田 花子');
    const f1 = addFace(id);
    addFace(id);
    addFace('Taro_Yamada');
    expect(people.displayNames('default', [id, 'Taro_Yamada'])).toEqual(
      new Map([[id, '山田 花子']]),
    );
    const all = people.list('default');
    expect(all.map((p) => [p.id, p.displayName, p.named, p.faces])).toEqual([
      ['Taro_Yamada', 'Taro_Yamada', false, 1],
      [id, '山田 花子', true, 2],
    ]);
    expect(people.list('default', { query: '花子' }).map((p) => p.id)).toEqual([id]);
    expect(people.list('default', { query: 'taro' }).map((p) => p.id)).toEqual(['Taro_Yamada']);
    expect(people.get('default', id)?.faces).toBe(2);
    expect(people.get('default', 'nobody')).toBeUndefined();

    people.setThumbnail('default', f1, new Uint8Array([0xff, 0xd8, 1, 2]));
    const faces = people.faces('default', id);
    expect(faces[0]?.thumbnail).toEqual(new Uint8Array([0xff, 0xd8, 1, 2]));
    expect(faces[1]?.thumbnail).toBeUndefined();
    const withThumbs = people.list('default', { thumbnails: true });
    expect(withThumbs.find((p) => p.id === id)?.thumbnail).toEqual(
      new Uint8Array([0xff, 0xd8, 1, 2]),
    );
    expect(people.list('default')[1]?.thumbnail).toBeUndefined();

    // An id typed as itself stores nothing, and does not replace a nicer spelling.
    expect(people.remember('default', 'Taro Yamada')).toBe('Taro_Yamada');
    expect(people.remember('default', 'Taro_Yamada')).toBe('Taro_Yamada');
    expect(people.displayNames('default', ['Taro_Yamada']).get('Taro_Yamada')).toBe('Taro Yamada');

    // A name with no face yet is listed (the console can add a photo to it).
    const alone = people.remember('default', '佐藤 一郎');
    expect(people.get('default', alone)).toMatchObject({ displayName: '佐藤 一郎', faces: 0 });
  });

  it('deletes the thumbnail with its face, however the face is deleted', () => {
    const id = people.remember('default', '山田 花子');
    const f1 = addFace(id);
    people.setThumbnail('default', f1, new Uint8Array([1, 2, 3]));
    store.deleteFaces('default', [f1]);
    const count = store.db.prepare('SELECT count(*) AS n FROM face_thumbnails').get() as {
      n: number;
    };
    expect(count.n).toBe(0);
    const f2 = addFace(id);
    people.setThumbnail('default', f2, new Uint8Array([1, 2, 3]));
    store.deleteCollection('default');
    expect(
      (store.db.prepare('SELECT count(*) AS n FROM face_thumbnails').get() as { n: number }).n,
    ).toBe(0);
    expect((store.db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n).toBe(0);
  });

  it('forgets a person: name gone, log rows kept without the name, nothing left in the files', () => {
    const name = '削除 テスト花子';
    const id = people.remember('default', name);
    const faceId = addFace(id);
    people.setThumbnail('default', faceId, Buffer.from('THUMBNAIL-MARKER-0123456789'));
    const log = new RecognitionLog(store.db, { clock: { now: () => 5_000 } });
    log.record([
      {
        at: 5_000,
        collectionId: 'default',
        route: 'search',
        status: 200,
        personId: id,
        personName: name,
        similarity: 99,
        latencyMs: 3,
      },
    ]);
    expect(store.deleteFaces('default', [faceId])).toEqual([faceId]);
    expect(people.forget('default', id)).toBe(true);
    expect(people.get('default', id)).toBeUndefined();
    const [entry] = log.read();
    expect(entry).toMatchObject({ route: 'search', status: 200, similarity: 99 });
    expect(entry?.personId).toBeUndefined();
    expect(entry?.personName).toBeUndefined();
    for (const file of readdirSync(t.dir)) {
      const bytes = readFileSync(path.join(t.dir, file));
      for (const needle of [name, id, faceId, 'THUMBNAIL-MARKER'])
        expect(bytes.includes(Buffer.from(needle)), `${needle} in ${file}`).toBe(false);
    }
  });

  it('refuses an unknown collection', () => {
    expect(() => people.remember('nope', 'x')).toThrow(/does not exist/);
  });
});
