import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AssociateFacesCommand,
  CreateCollectionCommand,
  CreateUserCommand,
  DeleteFacesCommand,
  DeleteUserCommand,
  DetectFacesCommand,
  DisassociateFacesCommand,
  IndexFacesCommand,
  ListFacesCommand,
  ListUsersCommand,
  RekognitionClient,
  type BoundingBox,
  SearchUsersByImageCommand,
  SearchUsersCommand,
} from '@aws-sdk/client-rekognition';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { loadConfig } from './load-config.js';
import { startServer, type RunningServer } from './server.js';

/**
 * The user operations on the real server: the real engine (its calibration decides every
 * similarity and LOW_MATCH_CONFIDENCE), the real SQLite store in a temp folder, the AWS SDK on
 * loopback. Faces come from the group photos shipped in @vladmandic/face-api, which hold one
 * woman twice: the rightmost face of sample1.jpg and the middle face of sample3.jpg are two
 * photos of "taro" (scored ~98 by the engine); the leftmost face of sample1.jpg is "hanako"
 * (scored < 50 against taro); the rightmost face of sample6.jpg is a stranger.
 */
const demoPhoto = (n: number) =>
  readFileSync(
    path.resolve(
      path.dirname(fileURLToPath(import.meta.url)),
      '../../../node_modules/@vladmandic/face-api/demo',
      `sample${n}.jpg`,
    ),
  );

/** Face number `index` from the left of a demo photo, with a margin around it, as a JPEG. */
async function faceFromLeft(n: number, index: number): Promise<Buffer> {
  const photo = demoPhoto(n);
  const out = await client.send(new DetectFacesCommand({ Image: { Bytes: photo } }));
  const centre = (b: BoundingBox) => b.Left! + b.Width! / 2;
  const boxes = (out.FaceDetails ?? [])
    .map((d) => d.BoundingBox!)
    .sort((a, b) => centre(a) - centre(b));
  const box = boxes[index]!;
  const { width: W, height: H } = await sharp(photo).metadata();
  const w = box.Width! * W!;
  const h = box.Height! * H!;
  const left = Math.max(0, Math.round(box.Left! * W! - w * 0.6));
  const top = Math.max(0, Math.round(box.Top! * H! - h * 0.6));
  return sharp(photo)
    .extract({
      left,
      top,
      width: Math.min(W! - left, Math.round(w * 2.2)),
      height: Math.min(H! - top, Math.round(h * 2.2)),
    })
    .jpeg({ quality: 92 })
    .toBuffer();
}
const photos: Record<'taro1' | 'taro2' | 'taroProbe' | 'hanako1' | 'stranger', Buffer> = {
  taro1: Buffer.alloc(0),
  taro2: Buffer.alloc(0),
  taroProbe: Buffer.alloc(0),
  hanako1: Buffer.alloc(0),
  stranger: Buffer.alloc(0),
};

let data: string;
let server: RunningServer;
let client: RekognitionClient;
const C = 'users';
const faceIds: Record<string, string> = {};

beforeAll(async () => {
  data = mkdtempSync(path.join(tmpdir(), 'facegate-users-'));
  server = await startServer(loadConfig({ port: 0, host: '127.0.0.1', data }, {}), {
    log: () => {},
  });
  client = new RekognitionClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: server.ctx.config.accessKeys[0]!,
    maxAttempts: 1,
  });
  await client.send(new CreateCollectionCommand({ CollectionId: C }));
  photos.taro1 = await faceFromLeft(1, 2);
  photos.taro2 = await faceFromLeft(3, 1);
  // Searches use another copy of her second photo: mirrored, smaller, recompressed.
  const { width } = await sharp(photos.taro2).metadata();
  photos.taroProbe = await sharp(photos.taro2)
    .flop()
    .resize({ width: Math.round(width! * 0.7) })
    .jpeg({ quality: 50 })
    .toBuffer();
  photos.hanako1 = await faceFromLeft(1, 0);
  photos.stranger = await faceFromLeft(6, 3);
  for (const name of ['taro1', 'taro2', 'hanako1'] as const) {
    const bytes = photos[name];
    const out = await client.send(
      new IndexFacesCommand({ CollectionId: C, Image: { Bytes: bytes }, ExternalImageId: name }),
    );
    faceIds[name] = out.FaceRecords![0]!.Face!.FaceId!;
  }
}, 240_000);
afterAll(async () => {
  await server?.close();
  rmSync(data, { recursive: true, force: true });
});

describe(
  'user-vector operations over the wire, real engine and store',
  { timeout: 120_000 },
  () => {
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
      // Her second photo joins her user; hanako's face does not look like taro's faces.
      expect(second.AssociatedFaces).toEqual([{ FaceId: faceIds.taro2 }]);
      const low = second.UnsuccessfulFaceAssociations!.find((u) => u.FaceId === faceIds.hanako1);
      expect(low?.Confidence).toBeLessThan(75); // AssociateFaces' default UserMatchThreshold
      expect(second.UnsuccessfulFaceAssociations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ FaceId: faceIds.hanako1, Reasons: ['LOW_MATCH_CONFIDENCE'] }),
          { FaceId: missing, Reasons: ['FACE_NOT_FOUND'] },
        ]),
      );
      await client.send(
        new AssociateFacesCommand({
          CollectionId: C,
          UserId: 'hanako',
          FaceIds: [faceIds.hanako1!],
        }),
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
      // Taro is listed only because the threshold is 0: the engine scores the two women far
      // below 80, so at the default threshold hanako's user matches nobody.
      expect(byUser.UserMatches!.map((m) => m.User!.UserId)).toEqual(['taro']);
      expect(byUser.UserMatches![0]!.Similarity).toBeLessThan(80);
      const byUserDefault = await client.send(
        new SearchUsersCommand({ CollectionId: C, UserId: 'hanako' }),
      );
      expect(byUserDefault.UserMatches).toEqual([]);
      const byImage = await client.send(
        new SearchUsersByImageCommand({ CollectionId: C, Image: { Bytes: photos.taroProbe } }),
      );
      expect(byImage.UserMatches).toHaveLength(1);
      expect(byImage.UserMatches![0]).toMatchObject({
        User: { UserId: 'taro', UserStatus: 'ACTIVE' },
      });
      expect(byImage.UserMatches![0]!.Similarity).toBeGreaterThan(90);
      expect(byImage.SearchedFace!.FaceDetail!.BoundingBox).toBeDefined();
      // A face nobody enrolled matches no user at the default threshold 80.
      const stranger = await client.send(
        new SearchUsersByImageCommand({ CollectionId: C, Image: { Bytes: photos.stranger } }),
      );
      expect(stranger.UserMatches).toEqual([]);
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
  },
);
