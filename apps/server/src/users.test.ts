import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AssociateFacesCommand,
  CreateCollectionCommand,
  CreateUserCommand,
  DeleteFacesCommand,
  DeleteUserCommand,
  DisassociateFacesCommand,
  IndexFacesCommand,
  ListFacesCommand,
  ListUsersCommand,
  RekognitionClient,
  SearchUsersByImageCommand,
  SearchUsersCommand,
} from '@aws-sdk/client-rekognition';
import type { FaceEngine } from '@facegate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { startServer, type RunningServer } from './server.js';

/**
 * A fake engine whose "photo" names its person in byte 4 and a small variation in byte 5, so
 * photos of one person are similar and of two people are not. The store, the service and the
 * wire are the real ones.
 */
const engine: FaceEngine = {
  modelVersion: 'fake-1.0',
  async detect(bytes) {
    const person = bytes[4]!;
    const v = Float32Array.from(
      { length: 8 },
      (_, i) => (i === person ? 1 : 0) + (i === 7 ? bytes[5]! / 100 : 0),
    );
    const n = Math.hypot(...v);
    const detail = {
      BoundingBox: { Width: 0.5, Height: 0.5, Left: 0.25, Top: 0.25 },
      Confidence: 99,
      Landmarks: [],
      Pose: { Roll: 0, Yaw: 0, Pitch: 0 },
      Quality: { Brightness: 60, Sharpness: 60 },
    };
    return { width: 400, height: 400, faces: [{ detail, embedding: v.map((x) => x / n) }] };
  },
  similarity: (a, b) =>
    Math.max(
      0,
      a.reduce((s, x, i) => s + x * b[i]!, 0),
    ) * 100,
  async close() {},
};
const photo = (person: number, variation = 0) =>
  new Uint8Array([0xff, 0xd8, 0xff, 0xe0, person, variation]);

let data: string;
let server: RunningServer;
let client: RekognitionClient;
const C = 'users';
const faceIds: Record<string, string> = {};

beforeAll(async () => {
  data = mkdtempSync(path.join(tmpdir(), 'facegate-users-'));
  server = await startServer(loadConfig({ port: 0, data }, {}), { engine, log: () => {} });
  client = new RekognitionClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: server.ctx.config.accessKeys[0]!,
    maxAttempts: 1,
  });
  await client.send(new CreateCollectionCommand({ CollectionId: C }));
  for (const [name, bytes] of Object.entries({
    taro1: photo(1, 0),
    taro2: photo(1, 10),
    hanako1: photo(2, 0),
  })) {
    const out = await client.send(
      new IndexFacesCommand({ CollectionId: C, Image: { Bytes: bytes }, ExternalImageId: name }),
    );
    faceIds[name] = out.FaceRecords![0]!.Face!.FaceId!;
  }
});
afterAll(async () => {
  await server?.close();
  rmSync(data, { recursive: true, force: true });
});

describe('user-vector operations over the wire', () => {
  it('creates users, associates faces that match, and refuses the rest with Reasons', async () => {
    await client.send(new CreateUserCommand({ CollectionId: C, UserId: 'taro' }));
    await client.send(new CreateUserCommand({ CollectionId: C, UserId: 'hanako' }));
    await expect(
      client.send(new CreateUserCommand({ CollectionId: C, UserId: 'taro' })),
    ).rejects.toMatchObject({ name: 'ConflictException' });
    const users = await client.send(new ListUsersCommand({ CollectionId: C }));
    expect(users.Users).toEqual([
      { UserId: 'hanako', UserStatus: 'CREATED' },
      { UserId: 'taro', UserStatus: 'CREATED' },
    ]);

    const first = await client.send(
      new AssociateFacesCommand({ CollectionId: C, UserId: 'taro', FaceIds: [faceIds.taro1!] }),
    );
    expect(first).toMatchObject({
      AssociatedFaces: [{ FaceId: faceIds.taro1 }],
      UnsuccessfulFaceAssociations: [],
      UserStatus: 'ACTIVE',
    });
    const missing = '00000000-0000-4000-8000-000000000000';
    const second = await client.send(
      new AssociateFacesCommand({
        CollectionId: C,
        UserId: 'taro',
        FaceIds: [faceIds.taro2!, faceIds.hanako1!, missing],
      }),
    );
    expect(second.AssociatedFaces).toEqual([{ FaceId: faceIds.taro2 }]);
    expect(second.UnsuccessfulFaceAssociations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ FaceId: faceIds.hanako1, Reasons: ['LOW_MATCH_CONFIDENCE'] }),
        { FaceId: missing, Reasons: ['FACE_NOT_FOUND'] },
      ]),
    );
    await client.send(
      new AssociateFacesCommand({ CollectionId: C, UserId: 'hanako', FaceIds: [faceIds.hanako1!] }),
    );
    const other = await client.send(
      new AssociateFacesCommand({ CollectionId: C, UserId: 'hanako', FaceIds: [faceIds.taro1!] }),
    );
    expect(other.UnsuccessfulFaceAssociations).toEqual([
      { FaceId: faceIds.taro1, UserId: 'taro', Reasons: ['ASSOCIATED_TO_A_DIFFERENT_USER'] },
    ]);
    expect(
      (await client.send(new ListFacesCommand({ CollectionId: C, UserId: 'taro' }))).Faces,
    ).toHaveLength(2);
  });

  it('searches users by face, by user and by image', async () => {
    const byFace = await client.send(
      new SearchUsersCommand({ CollectionId: C, FaceId: faceIds.taro1 }),
    );
    expect(byFace.SearchedFace).toEqual({ FaceId: faceIds.taro1 });
    expect(byFace.UserMatches!.map((m) => m.User!.UserId)).toEqual(['taro']);
    const byUser = await client.send(
      new SearchUsersCommand({ CollectionId: C, UserId: 'hanako', UserMatchThreshold: 0 }),
    );
    expect(byUser.SearchedUser).toEqual({ UserId: 'hanako' });
    const byImage = await client.send(
      new SearchUsersByImageCommand({ CollectionId: C, Image: { Bytes: photo(1, 5) } }),
    );
    expect(byImage.UserMatches![0]).toMatchObject({
      User: { UserId: 'taro', UserStatus: 'ACTIVE' },
    });
    expect(byImage.UserMatches![0]!.Similarity).toBeGreaterThan(95);
    expect(byImage.SearchedFace!.FaceDetail!.BoundingBox).toBeDefined();
    await expect(
      client.send(new SearchUsersCommand({ CollectionId: C, UserId: 'nobody' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('keeps associated faces from DeleteFaces, then disassociates and deletes users', async () => {
    const kept = await client.send(
      new DeleteFacesCommand({ CollectionId: C, FaceIds: [faceIds.taro2!] }),
    );
    expect(kept.DeletedFaces).toEqual([]);
    expect(kept.UnsuccessfulFaceDeletions).toEqual([
      { FaceId: faceIds.taro2, UserId: 'taro', Reasons: ['ASSOCIATED_TO_AN_EXISTING_USER'] },
    ]);
    const released = await client.send(
      new DisassociateFacesCommand({
        CollectionId: C,
        UserId: 'taro',
        FaceIds: [faceIds.taro2!, faceIds.hanako1!],
      }),
    );
    expect(released.DisassociatedFaces).toEqual([{ FaceId: faceIds.taro2 }]);
    expect(released.UnsuccessfulFaceDisassociations).toEqual([
      { FaceId: faceIds.hanako1, UserId: 'hanako', Reasons: ['ASSOCIATED_TO_A_DIFFERENT_USER'] },
    ]);
    expect(released.UserStatus).toBe('ACTIVE');
    await client.send(new DeleteUserCommand({ CollectionId: C, UserId: 'taro' }));
    expect(
      (await client.send(new ListUsersCommand({ CollectionId: C }))).Users!.map((u) => u.UserId),
    ).toEqual(['hanako']);
    expect(
      (await client.send(new DeleteFacesCommand({ CollectionId: C, FaceIds: [faceIds.taro1!] })))
        .DeletedFaces,
    ).toEqual([faceIds.taro1]);
  });
});
