import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFaceStore, type SqliteFaceStore } from './face.store.js';
import { MAX_FACES_PER_USER } from './user.queries.js';
import { errorName, makeFace, randomUnit, rng, tempDir } from './test/fixtures.js';

describe('SqliteFaceStore: users', () => {
  let t: ReturnType<typeof tempDir>;
  let store: SqliteFaceStore;
  const next = rng(2);
  const ids: string[] = [];
  beforeEach(() => {
    t = tempDir();
    store = openFaceStore(t.dir);
    store.createCollection('c', 'v');
    const faces = Array.from({ length: 4 }, () => makeFace(randomUnit(8, next)));
    store.addFaces('c', faces);
    ids.splice(0, ids.length, ...faces.map((f) => f.FaceId));
  });
  afterEach(() => {
    store.close();
    t.remove();
  });

  it('creates users once and lists them in id order with status', () => {
    store.createUser('c', 'bob');
    store.createUser('c', 'alice');
    expect(errorName(() => store.createUser('c', 'bob'))).toBe('ConflictException');
    store.associateFaces('c', 'alice', [ids[0]!]);
    const page = store.listUsers('c', 1);
    expect(page.items.map((u) => [u.UserId, u.UserStatus])).toEqual([['alice', 'ACTIVE']]);
    const rest = store.listUsers('c', 1, page.nextToken);
    expect(rest.items.map((u) => [u.UserId, u.UserStatus])).toEqual([['bob', 'CREATED']]);
    expect(rest.nextToken).toBeUndefined();
    expect(store.getCollection('c')?.UserCount).toBe(2);
  });

  it('gives a face to at most one user', () => {
    store.createUser('c', 'alice');
    store.createUser('c', 'bob');
    expect(store.associateFaces('c', 'alice', [ids[0]!, ids[1]!, 'missing'])).toEqual([
      ids[0],
      ids[1],
    ]);
    // Already alice's: reported as associated again; bob cannot take it.
    expect(store.associateFaces('c', 'alice', [ids[0]!])).toEqual([ids[0]]);
    expect(store.associateFaces('c', 'bob', [ids[0]!, ids[2]!])).toEqual([ids[2]]);
    expect(store.getFaces('c', [ids[0]!])[0]?.UserId).toBe('alice');
    expect(
      store.listFaces('c', 10, undefined, { userId: 'alice' }).items.map((f) => f.FaceId),
    ).toEqual([ids[0], ids[1]]);
    expect(store.disassociateFaces('c', 'bob', [ids[0]!, ids[2]!])).toEqual([ids[2]]);
    expect(store.getFaces('c', [ids[2]!])[0]?.UserId).toBeUndefined();
    expect(errorName(() => store.associateFaces('c', 'nobody', [ids[3]!]))).toBe(
      'ResourceNotFoundException',
    );
    expect(errorName(() => store.disassociateFaces('c', 'nobody', [ids[3]!]))).toBe(
      'ResourceNotFoundException',
    );
  });

  it('reads the faces of several users in one call, by user', () => {
    store.createUser('c', 'alice');
    store.createUser('c', 'bob');
    store.createUser('c', 'carol');
    store.associateFaces('c', 'alice', [ids[0]!, ids[2]!]);
    store.associateFaces('c', 'bob', [ids[1]!]);
    const byUser = store.facesOfUsers('c', ['alice', 'bob', 'carol', 'nobody', 'alice']);
    expect([...byUser.keys()].sort()).toEqual(['alice', 'bob']);
    expect(byUser.get('alice')!.map((f) => f.FaceId)).toEqual([ids[0], ids[2]]);
    expect(byUser.get('bob')![0]!.embedding).toEqual(store.getFaces('c', [ids[1]!])[0]!.embedding);
    expect(store.facesOfUsers('c', []).size).toBe(0);
  });

  it('keeps faces that belong to a user on DeleteFaces, and releases them on DeleteUser', () => {
    store.createUser('c', 'alice');
    store.associateFaces('c', 'alice', [ids[0]!]);
    expect(store.deleteFaces('c', [ids[0]!, ids[1]!])).toEqual([ids[1]]);
    store.deleteUser('c', 'alice');
    expect(errorName(() => store.deleteUser('c', 'alice'))).toBe('ResourceNotFoundException');
    expect(store.getFaces('c', [ids[0]!])[0]?.UserId).toBeUndefined();
    expect(store.deleteFaces('c', [ids[0]!])).toEqual([ids[0]]);
  });

  it('refuses more than 100 faces for one user, changing nothing', () => {
    store.createUser('c', 'alice');
    const many = Array.from({ length: MAX_FACES_PER_USER }, () => makeFace(randomUnit(8, next)));
    store.addFaces('c', many);
    expect(
      store.associateFaces(
        'c',
        'alice',
        many.map((f) => f.FaceId),
      ),
    ).toHaveLength(MAX_FACES_PER_USER);
    expect(errorName(() => store.associateFaces('c', 'alice', [ids[0]!]))).toBe(
      'ServiceQuotaExceededException',
    );
    expect(store.getFaces('c', [ids[0]!])[0]?.UserId).toBeUndefined();
  });
});
