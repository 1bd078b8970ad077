/**
 * Every Rekognition operation and the named exceptions, through @aws-sdk/client-rekognition
 * against the real server (real engine, real SQLite, HTTP on loopback).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CompareFacesCommand,
  CreateCollectionCommand,
  DeleteCollectionCommand,
  DeleteFacesCommand,
  DescribeCollectionCommand,
  DetectFacesCommand,
  IndexFacesCommand,
  ListCollectionsCommand,
  ListFacesCommand,
  RekognitionClient,
  SearchFacesByImageCommand,
  SearchFacesCommand,
} from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cropFace,
  demoPhoto,
  engineAvailable,
  failure,
  startFacegate,
  type Facegate,
} from './rekognition-support.js';

const available = await engineAvailable();

describe.skipIf(!available)(
  'Rekognition endpoint through the AWS SDK',
  { timeout: 240_000 },
  () => {
    let fg: Facegate;
    let group: Uint8Array;
    let taro: Buffer;
    let hanako: Buffer;
    const C = 'e2e_sdk';

    beforeAll(async () => {
      fg = await startFacegate();
      group = new Uint8Array(readFileSync(demoPhoto(1)));
      const detected = await fg.client.send(new DetectFacesCommand({ Image: { Bytes: group } }));
      const boxes = (detected.FaceDetails ?? []).map((d) => d.BoundingBox!);
      expect(boxes.length).toBeGreaterThanOrEqual(3);
      taro = await cropFace(group, boxes[0]!);
      hanako = await cropFace(group, boxes[1]!);
      mkdirSync(path.join(fg.dataDir, 'buckets', 'B'), { recursive: true });
      writeFileSync(path.join(fg.dataDir, 'buckets', 'B', 'Taro_Yamada.jpg'), taro);
    });
    afterAll(() => fg?.stop(true));

    it('answers parameters outside the declared constraints with AWS ValidationException and its wording', async () => {
      // The hands-on's Lambda left unedited: COLLECTION_ID = '{collection_id}'.
      const unedited = await failure(
        fg.client.send(
          new SearchFacesByImageCommand({
            CollectionId: '{collection_id}',
            Image: { Bytes: taro },
            MaxFaces: 10,
          }),
        ),
      );
      expect([unedited.name, unedited.message, unedited.$metadata?.httpStatusCode]).toEqual([
        'ValidationException',
        "1 validation error detected: Value '{collection_id}' at 'collectionId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.\\-]+",
        400,
      ]);
      // Checked before the collection is looked up, as AWS's validation layer does.
      const tooHigh = await failure(
        fg.client.send(
          new SearchFacesByImageCommand({
            CollectionId: 'no_such_collection',
            Image: { Bytes: taro },
            FaceMatchThreshold: 150,
          }),
        ),
      );
      expect([tooHigh.name, tooHigh.message]).toEqual([
        'ValidationException',
        "1 validation error detected: Value '150.0' at 'faceMatchThreshold' failed to satisfy constraint: Member must have value less than or equal to 100",
      ]);
      const long = await failure(
        fg.client.send(new CreateCollectionCommand({ CollectionId: 'x'.repeat(256) })),
      );
      expect(long.message).toBe(
        `1 validation error detected: Value '${'x'.repeat(256)}' at 'collectionId' failed to satisfy constraint: Member must have length less than or equal to 255`,
      );
      const filter = await failure(
        fg.client.send(
          new SearchFacesByImageCommand({
            CollectionId: 'default',
            Image: { Bytes: taro },
            QualityFilter: 'BEST' as 'HIGH',
          }),
        ),
      );
      expect([filter.name, filter.message]).toEqual([
        'ValidationException',
        "1 validation error detected: Value 'BEST' at 'qualityFilter' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AUTO, LOW, MEDIUM, HIGH]",
      ]);
      const attrs = await failure(
        fg.client.send(
          new DetectFacesCommand({ Image: { Bytes: taro }, Attributes: ['BOGUS' as 'ALL'] }),
        ),
      );
      expect([attrs.name, attrs.message]).toEqual([
        'ValidationException',
        "1 validation error detected: Value '[BOGUS]' at 'attributes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [DEFAULT, ALL, AGE_RANGE, BEARD, EMOTIONS, EYE_DIRECTION, EYEGLASSES, EYES_OPEN, GENDER, MOUTH_OPEN, MUSTACHE, FACE_OCCLUDED, SMILE, SUNGLASSES]]",
      ]);
      // Well-formed but unservable stays InvalidParameterException (IndexFaces MaxFaces > 100).
      const many = await failure(
        fg.client.send(
          new IndexFacesCommand({ CollectionId: 'default', Image: { Bytes: taro }, MaxFaces: 101 }),
        ),
      );
      expect(many.name).toBe('InvalidParameterException');
    });

    it('names the region the client signed for in the collection ARN', async () => {
      const tokyo = new RekognitionClient({
        endpoint: fg.url,
        region: 'ap-northeast-1',
        credentials: fg.keys,
        maxAttempts: 1,
      });
      try {
        const created = await tokyo.send(new CreateCollectionCommand({ CollectionId: 'tokyo' }));
        expect(created.CollectionArn).toBe(
          'aws:rekognition:ap-northeast-1:000000000000:collection/tokyo',
        );
        const described = await tokyo.send(
          new DescribeCollectionCommand({ CollectionId: 'tokyo' }),
        );
        expect(described.CollectionARN).toBe(created.CollectionArn);
      } finally {
        tokyo.destroy();
      }
    });

    it('creates, describes and lists collections, with the named exceptions', async () => {
      const created = await fg.client.send(new CreateCollectionCommand({ CollectionId: C }));
      expect(created.StatusCode).toBe(200);
      expect(created.CollectionArn).toBe(`aws:rekognition:us-east-1:000000000000:collection/${C}`);
      expect(created.FaceModelVersion).toBeTruthy();
      await fg.client.send(new CreateCollectionCommand({ CollectionId: `${C}_2` }));

      const exists = await failure(
        fg.client.send(new CreateCollectionCommand({ CollectionId: C })),
      );
      expect(exists.name).toBe('ResourceAlreadyExistsException');
      expect(exists.$metadata?.httpStatusCode).toBe(400);
      expect(
        (await failure(fg.client.send(new CreateCollectionCommand({ CollectionId: 'bad id!' }))))
          .name,
      ).toBe('ValidationException');
      expect(
        (await failure(fg.client.send(new DescribeCollectionCommand({ CollectionId: 'nope' }))))
          .name,
      ).toBe('ResourceNotFoundException');

      const described = await fg.client.send(new DescribeCollectionCommand({ CollectionId: C }));
      expect(described).toMatchObject({
        FaceCount: 0,
        UserCount: 0,
        CollectionARN: created.CollectionArn,
      });
      expect(described.CreationTimestamp).toBeInstanceOf(Date);

      const ids: string[] = [];
      let NextToken: string | undefined;
      for (let page = 0; page < 10; page++) {
        const out = await fg.client.send(new ListCollectionsCommand({ MaxResults: 1, NextToken }));
        expect(out.CollectionIds!.length).toBeLessThanOrEqual(1);
        ids.push(...out.CollectionIds!);
        NextToken = out.NextToken;
        if (!NextToken) break;
      }
      expect(ids).toEqual(expect.arrayContaining([C, `${C}_2`]));
      await fg.client.send(new DeleteCollectionCommand({ CollectionId: `${C}_2` }));
      expect(
        (await failure(fg.client.send(new DeleteCollectionCommand({ CollectionId: `${C}_2` }))))
          .name,
      ).toBe('ResourceNotFoundException');
    });

    it('indexes from Bytes and S3Object, reports unindexed faces, lists and searches', async () => {
      const fromGroup = await fg.client.send(
        new IndexFacesCommand({
          CollectionId: C,
          Image: { Bytes: group },
          ExternalImageId: 'group_photo',
          MaxFaces: 1,
          DetectionAttributes: ['ALL'],
        }),
      );
      expect(fromGroup.FaceRecords).toHaveLength(1);
      expect(fromGroup.UnindexedFaces!.length).toBeGreaterThanOrEqual(2);
      expect(fromGroup.UnindexedFaces!.every((u) => u.Reasons!.includes('EXCEEDS_MAX_FACES'))).toBe(
        true,
      );
      const detail = fromGroup.FaceRecords![0]!.FaceDetail!;
      expect(detail.BoundingBox!.Width).toBeGreaterThan(0);
      expect(detail.Landmarks!.length).toBeGreaterThanOrEqual(5);
      expect(detail.Pose).toBeDefined();
      expect(detail.Quality).toBeDefined();

      const fromS3 = await fg.client.send(
        new IndexFacesCommand({
          CollectionId: C,
          Image: { S3Object: { Bucket: 'B', Name: 'Taro_Yamada.jpg' } },
          ExternalImageId: 'Taro_Yamada',
          MaxFaces: 1,
          QualityFilter: 'AUTO',
        }),
      );
      expect(fromS3.FaceRecords![0]!.Face).toMatchObject({ ExternalImageId: 'Taro_Yamada' });
      const taroId = fromS3.FaceRecords![0]!.Face!.FaceId!;
      const hanakoOut = await fg.client.send(
        new IndexFacesCommand({
          CollectionId: C,
          Image: { Bytes: hanako },
          ExternalImageId: 'Hanako',
        }),
      );
      expect(hanakoOut.FaceRecords).toHaveLength(1);
      expect(
        (
          await failure(
            fg.client.send(
              new IndexFacesCommand({
                CollectionId: C,
                Image: { S3Object: { Bucket: 'B', Name: 'missing.jpg' } },
              }),
            ),
          )
        ).name,
      ).toBe('InvalidS3ObjectException');

      const listed = await fg.client.send(new ListFacesCommand({ CollectionId: C, MaxResults: 2 }));
      expect(listed.Faces).toHaveLength(2);
      expect(listed.NextToken).toBeTruthy();
      const rest = await fg.client.send(
        new ListFacesCommand({ CollectionId: C, NextToken: listed.NextToken }),
      );
      expect(rest.Faces).toHaveLength(1);
      expect(
        (await fg.client.send(new DescribeCollectionCommand({ CollectionId: C }))).FaceCount,
      ).toBe(3);

      const byImage = await fg.client.send(
        new SearchFacesByImageCommand({ CollectionId: C, Image: { Bytes: taro } }),
      );
      expect(byImage.FaceMatches![0]!.Face!.ExternalImageId).toBe('Taro_Yamada');
      expect(byImage.FaceMatches![0]!.Similarity).toBeGreaterThan(90);
      expect(byImage.SearchedFaceBoundingBox!.Width).toBeGreaterThan(0);

      const byId = await fg.client.send(
        new SearchFacesCommand({ CollectionId: C, FaceId: taroId }),
      );
      expect(byId.SearchedFaceId).toBe(taroId);
      expect(byId.FaceMatches!.map((m) => m.Face!.FaceId)).not.toContain(taroId);

      const deleted = await fg.client.send(
        new DeleteFacesCommand({ CollectionId: C, FaceIds: [taroId] }),
      );
      expect(deleted.DeletedFaces).toEqual([taroId]);
      const after = await fg.client.send(
        new SearchFacesByImageCommand({ CollectionId: C, Image: { Bytes: taro } }),
      );
      expect(after.FaceMatches!.map((m) => m.Face!.ExternalImageId)).not.toContain('Taro_Yamada');
    });

    it('detects and compares faces', async () => {
      const detected = await fg.client.send(
        new DetectFacesCommand({ Image: { Bytes: group }, Attributes: ['ALL'] }),
      );
      expect(detected.FaceDetails!.length).toBeGreaterThanOrEqual(3);
      const png = await sharp(taro).png().toBuffer();
      const onPng = await fg.client.send(new DetectFacesCommand({ Image: { Bytes: png } }));
      expect(onPng.FaceDetails).toHaveLength(1);

      const compared = await fg.client.send(
        new CompareFacesCommand({ SourceImage: { Bytes: taro }, TargetImage: { Bytes: group } }),
      );
      expect(compared.SourceImageFace!.BoundingBox).toBeDefined();
      expect(compared.FaceMatches).toHaveLength(1);
      expect(compared.FaceMatches![0]!.Similarity).toBeGreaterThan(80);
      expect(compared.UnmatchedFaces!.length).toBeGreaterThanOrEqual(2);
    });

    it('answers bad images with Rekognition exceptions', async () => {
      const blank = await sharp({
        create: { width: 320, height: 240, channels: 3, background: '#888' },
      })
        .jpeg()
        .toBuffer();
      const noFace = await failure(
        fg.client.send(new SearchFacesByImageCommand({ CollectionId: C, Image: { Bytes: blank } })),
      );
      expect(noFace.name).toBe('InvalidParameterException');
      expect(noFace.message).toBe('There are no faces in the image. Should be at least 1.');

      const gif = Buffer.from('474946383961010001000000002c00000000010001000002', 'hex');
      expect(
        (await failure(fg.client.send(new DetectFacesCommand({ Image: { Bytes: gif } })))).name,
      ).toBe('InvalidImageFormatException');

      const huge = new Uint8Array(5 * 1024 * 1024 + 1);
      huge.set([0xff, 0xd8, 0xff, 0xe0]);
      const tooLarge = await failure(
        fg.client.send(new IndexFacesCommand({ CollectionId: C, Image: { Bytes: huge } })),
      );
      expect(tooLarge.name).toBe('ImageTooLargeException');

      const tiny = await sharp(taro).resize(60, 60).jpeg().toBuffer();
      expect(
        (await failure(fg.client.send(new DetectFacesCommand({ Image: { Bytes: tiny } })))).name,
      ).toBe('InvalidParameterException');
      expect(
        (
          await failure(
            fg.client.send(new SearchFacesCommand({ CollectionId: C, FaceId: 'not-a-face-id' })),
          )
        ).name,
      ).toBe('ValidationException');
    });

    it('rejects unknown keys and bad signatures', async () => {
      const client = (accessKeyId: string, secretAccessKey: string) =>
        new RekognitionClient({
          endpoint: fg.url,
          region: 'us-east-1',
          credentials: { accessKeyId, secretAccessKey },
          maxAttempts: 1,
        });
      const wrongSecret = await failure(
        client(fg.keys.accessKeyId, 'not-the-secret').send(new ListCollectionsCommand({})),
      );
      expect(wrongSecret.name).toBe('InvalidSignatureException');
      expect(wrongSecret.$metadata?.httpStatusCode).toBe(403);
      expect(
        (await failure(client('AKIAUNKNOWNUNKNOWN00', 'x').send(new ListCollectionsCommand({}))))
          .name,
      ).toBe('UnrecognizedClientException');

      const unsigned = await fetch(`${fg.url}/`, {
        method: 'POST',
        headers: {
          'X-Amz-Target': 'RekognitionService.ListCollections',
          'Content-Type': 'application/x-amz-json-1.1',
        },
        body: '{}',
      });
      expect(unsigned.status).toBe(403);
      expect(((await unsigned.json()) as { __type?: string }).__type).toBe(
        'MissingAuthenticationTokenException',
      );
    });

    it('deletes the collection', async () => {
      expect(
        (await fg.client.send(new DeleteCollectionCommand({ CollectionId: C }))).StatusCode,
      ).toBe(200);
      expect((await failure(fg.client.send(new ListFacesCommand({ CollectionId: C })))).name).toBe(
        'ResourceNotFoundException',
      );
    });
  },
);
