/**
 * `faces import <dir>`: every image in `<dir>/<person>/` indexed with ExternalImageId = the
 * folder's name (or, for a name in another script, the id it maps to, with the name kept as the
 * person's display name), resumable through an ImportJournal.
 * @module
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CreateCollectionCommand,
  DescribeCollectionCommand,
  IndexFacesCommand,
  ListFacesCommand,
  SearchFacesByImageCommand,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { personIdFor } from '@facegate/store/person-id';
import { imageKey, type ImportJournal } from './import-journal.js';
import { Progress } from './progress.js';
import { fitForBytes } from './shrink.js';

const IMAGE = /\.(jpe?g|png)$/i;

export interface ImportItem {
  ext: string;
  file: string;
  /** The folder's name when it says more than the id (`山田 花子`, `Taro Yamada`). */
  displayName?: string;
}

/** A face the import indexed, for keeping the person's name and a console thumbnail. */
export type IndexedHook = (
  item: ImportItem,
  faces: Array<{
    FaceId: string;
    BoundingBox?: { Width?: number; Height?: number; Left?: number; Top?: number };
  }>,
  bytes: Uint8Array,
) => void | Promise<void>;

export interface ImportSummary {
  CollectionId: string;
  Images: number;
  Indexed: number;
  AlreadyIndexed: number;
  NoFace: number;
  Rejected: number;
  Failed: number;
  /** Faces of interrupted images found already indexed, and recorded instead of indexed again. */
  AdoptedFaces: number;
  /** The photos counted in NoFace and Rejected, each with why (this run's or an earlier one's). */
  NotIndexed: Array<{ File: string; Reason: string }>;
  Journal: string;
}

/**
 * A folder name as an ExternalImageId. ASCII names keep the `Person_Name` convention
 * (characters Rekognition refuses become `_`, so resume journals stay valid); any other script
 * gets the id its display name maps to (`山田 花子` → `p-…`, see personIdFor), the same id the
 * enrol page and `faces index --name` use.
 */
export const externalIdOf = (folder: string): string =>
  /^[\x20-\x7e]*$/.test(folder)
    ? folder.replace(/[^a-zA-Z0-9_.\-:]/g, '_').slice(0, 255)
    : personIdFor(folder);

/** The images of `<dir>/<person>/`, person by person, file by file, in name order. */
export async function scanFolder(dir: string): Promise<ImportItem[]> {
  const people = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const items: ImportItem[] = [];
  for (const person of people) {
    const files = (await readdir(path.join(dir, person), { withFileTypes: true }))
      .filter((f) => f.isFile() && IMAGE.test(f.name))
      .map((f) => f.name)
      .sort();
    const ext = externalIdOf(person);
    const name = person.normalize('NFC').trim().replace(/\s+/gu, ' ');
    for (const f of files)
      items.push({
        ext,
        file: path.join(dir, person, f),
        ...(name !== ext && name.length > 0 ? { displayName: name } : {}),
      });
  }
  return items;
}

async function ensureCollection(client: RekognitionClient, CollectionId: string): Promise<void> {
  try {
    await client.send(new DescribeCollectionCommand({ CollectionId }));
  } catch (err) {
    if ((err as Error).name !== 'ResourceNotFoundException') throw err;
    await client.send(new CreateCollectionCommand({ CollectionId })).catch((e: Error) => {
      if (e.name !== 'ResourceAlreadyExistsException') throw e;
    });
  }
}

async function allFaces(
  client: RekognitionClient,
  CollectionId: string,
): Promise<Map<string, string | undefined>> {
  const faces = new Map<string, string | undefined>();
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListFacesCommand({ CollectionId, MaxResults: 4096, NextToken }),
    );
    for (const f of page.Faces ?? []) if (f.FaceId) faces.set(f.FaceId, f.ExternalImageId);
    NextToken = page.NextToken;
  } while (NextToken);
  return faces;
}

/** Header of facegate's idempotent IndexFaces (Rekognition ignores it). */
export const CLIENT_TOKEN_HEADER = 'x-facegate-client-token';

/** The photo's token: the same person and bytes give the same token in every run. */
export const clientTokenOf = (key: string): string =>
  createHash('sha256').update(`faces-import\n${key}`).digest('hex');

/**
 * Sends `token` in X-Facegate-Client-Token (added before signing, so it is signed): a facegate
 * server then indexes the photo at most once per collection, however many runs send it. This
 * is what closes the resume race: a killed run's call still queued on the server, and the next
 * run sending the photo again because the face was not listed yet.
 */
export function withClientToken<C extends IndexFacesCommand>(command: C, token: string): C {
  command.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers[CLIENT_TOKEN_HEADER] = token;
      return next(args);
    },
    { step: 'build', name: 'facegateClientToken' },
  );
  return command;
}

/** Errors that say the image itself is unusable: retrying will not help, so they are recorded. */
const PERMANENT = new Set([
  'InvalidImageFormatException',
  'ImageTooLargeException',
  'InvalidParameterException',
]);

/** Similarity at which a face is taken to come from the very same image (same bytes, same embedding). */
const SAME_IMAGE_SIMILARITY = 99;

/**
 * Squares the journal with the collection: forgets done images whose faces are gone, and
 * records the faces of interrupted images that the server did index, so each image is indexed
 * exactly once. Returns how many faces were adopted that way.
 */
async function reconcile(
  client: RekognitionClient,
  CollectionId: string,
  journal: ImportJournal,
): Promise<number> {
  const faces = await allFaces(client, CollectionId);
  if (!journal.baseline) journal.setBaseline([...faces.keys()]);
  const accounted = new Set(journal.baseline);
  for (const [key, entry] of journal.done) {
    if (entry.faceIds.length > 0 && !entry.faceIds.some((id) => faces.has(id))) journal.forget(key);
    else entry.faceIds.forEach((id) => accounted.add(id));
  }
  let adopted = 0;
  for (const [key, { ext, file }] of [...journal.pending]) {
    const candidates = new Set(
      [...faces].filter(([id, e]) => e === ext && !accounted.has(id)).map(([id]) => id),
    );
    if (candidates.size === 0) continue; // not indexed: the run indexes it
    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes || imageKey(ext, bytes) !== key) continue; // gone or changed: nothing to compare
    const match = await client
      .send(
        new SearchFacesByImageCommand({
          CollectionId,
          Image: { Bytes: await fitForBytes(new Uint8Array(bytes)) },
          FaceMatchThreshold: SAME_IMAGE_SIMILARITY,
          MaxFaces: 100,
        }),
      )
      .then((out) => out.FaceMatches?.find((m) => m.Face?.FaceId && candidates.has(m.Face.FaceId)))
      .catch((err: Error) => {
        if (PERMANENT.has(err.name)) return undefined; // e.g. no face in it: nothing was indexed
        throw err;
      });
    const faceId = match?.Face?.FaceId;
    if (!faceId) continue;
    journal.markDone(key, ext, file, [faceId]);
    accounted.add(faceId);
    adopted++;
  }
  return adopted;
}

export async function importFolder(
  client: RekognitionClient,
  options: {
    dir: string;
    collectionId: string;
    journal: ImportJournal;
    concurrency: number;
    qualityFilter: string;
    /** Called after each image is indexed (names and thumbnails for the console). */
    onIndexed?: IndexedHook;
  },
): Promise<ImportSummary> {
  const { collectionId: CollectionId, journal } = options;
  const items = await scanFolder(options.dir);
  await ensureCollection(client, CollectionId);
  const adopted = await reconcile(client, CollectionId, journal);
  const summary: ImportSummary = {
    CollectionId,
    Images: items.length,
    Indexed: 0,
    AlreadyIndexed: 0,
    NoFace: 0,
    Rejected: 0,
    Failed: 0,
    AdoptedFaces: adopted,
    NotIndexed: [],
    Journal: journal.file,
  };
  const progress = new Progress(items.length);
  const inFlight = new Set<string>();
  let next = 0;
  let finished = 0;
  // The same counts, under the same names, as the summary printed at the end.
  const status = () =>
    `indexed ${summary.Indexed}, skipped ${summary.AlreadyIndexed}, no face ${summary.NoFace}, rejected ${summary.Rejected}, failed ${summary.Failed}`;
  /** A photo that will not be indexed: named in the summary, counted as no face or rejected. */
  const notIndexed = (file: string, reason: string) => {
    if (/no face/i.test(reason)) summary.NoFace++;
    else summary.Rejected++;
    summary.NotIndexed.push({ File: file, Reason: reason });
  };

  const indexOne = async (item: ImportItem): Promise<void> => {
    const bytes = new Uint8Array(await readFile(item.file));
    const key = imageKey(item.ext, bytes);
    // The same photo twice in a folder is one image.
    const prior = journal.done.get(key);
    if (prior && prior.faceIds.length === 0 && !inFlight.has(key)) {
      // Refused earlier (this run or a previous one): still not indexed, and said so again.
      notIndexed(item.file, prior.note ?? 'no face indexed');
      return;
    }
    if (prior || inFlight.has(key)) {
      summary.AlreadyIndexed++;
      return;
    }
    inFlight.add(key);
    journal.markPending(key, item.ext, item.file);
    try {
      const out = await client.send(
        withClientToken(
          new IndexFacesCommand({
            CollectionId,
            Image: { Bytes: await fitForBytes(bytes) },
            ExternalImageId: item.ext,
            MaxFaces: 1,
            QualityFilter: options.qualityFilter as 'AUTO',
          }),
          clientTokenOf(key),
        ),
      );
      const faceIds = (out.FaceRecords ?? [])
        .map((r) => r.Face?.FaceId)
        .filter((id): id is string => !!id);
      journal.markDone(
        key,
        item.ext,
        item.file,
        faceIds,
        faceIds.length === 0 ? 'no face indexed' : undefined,
      );
      if (faceIds.length > 0) summary.Indexed++;
      else notIndexed(item.file, 'no face indexed');
      if (faceIds.length > 0 && options.onIndexed) {
        const faces = (out.FaceRecords ?? []).flatMap((r) =>
          r.Face?.FaceId ? [{ FaceId: r.Face.FaceId, BoundingBox: r.Face.BoundingBox }] : [],
        );
        // The face is indexed and journalled: a name or thumbnail that cannot be kept is a warning.
        try {
          await options.onIndexed(item, faces, bytes);
        } catch (err) {
          process.stderr.write(`\nfacegate: ${item.file}: ${(err as Error).message}\n`);
        }
      }
    } catch (err) {
      const name = (err as Error).name;
      if (!PERMANENT.has(name)) throw err;
      const reason = `${name}: ${(err as Error).message}`;
      journal.markDone(key, item.ext, item.file, [], reason);
      notIndexed(item.file, reason);
    } finally {
      inFlight.delete(key);
    }
  };

  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await indexOne(item);
      } catch (err) {
        summary.Failed++;
        process.stderr.write(
          `\nfacegate: ${item.file}: ${(err as Error).name}: ${(err as Error).message}\n`,
        );
      }
      progress.update(++finished, status());
    }
  };
  progress.update(0, status());
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  progress.finish();
  return summary;
}
