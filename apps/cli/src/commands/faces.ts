/**
 * `facegate faces index|import|list|delete`. `index --name` and `import` of folders named in any
 * script keep display names (and console thumbnails) in the data folder's facegate.db.
 * @module
 */
import {
  DeleteFacesCommand,
  IndexFacesCommand,
  ListFacesCommand,
  type ListFacesCommandOutput,
} from '@aws-sdk/client-rekognition';
import type { Command } from 'commander';
import {
  createClient,
  dataDirOf,
  endpointOf,
  reach,
  withClientOptions,
  type ClientFlags,
} from '../rekognition/client.js';
import { importFolder } from '../rekognition/import-folder.js';
import { ImportJournal, journalPath } from '../rekognition/import-journal.js';
import { imageArg, intOption, printJson } from '../rekognition/output.js';
import { PeopleRecorder } from './people-data.js';

interface CollectionFlags extends ClientFlags {
  collection?: string;
}

const collectionOf = (flags: CollectionFlags): string =>
  flags.collection ?? process.env.FACEGATE_COLLECTION ?? 'default';

const COLLECTION_HELP = 'collection (default $FACEGATE_COLLECTION or "default")';

export function register(program: Command): void {
  const group = program.command('faces').description('Index, import, list and delete faces');

  withClientOptions(
    group
      .command('index <image>')
      .description('Index the faces of one photo (a file, or s3://bucket/key)')
      .option('-c, --collection <id>', COLLECTION_HELP)
      .option('-e, --external-image-id <name>', 'who it is, e.g. Taro_Yamada')
      .option(
        '-n, --name <display name>',
        'who it is, in any script, e.g. "山田 花子" (kept in --data\'s facegate.db; the face gets the id it maps to)',
      )
      .option('--max-faces <n>', 'most faces to index (1-100)', intOption)
      .option('--quality-filter <filter>', 'NONE, AUTO, LOW, MEDIUM or HIGH (default AUTO)')
      .option('--detection-attributes <attrs>', 'DEFAULT or ALL (comma-separated)'),
  ).action(
    async (
      image: string,
      flags: CollectionFlags & {
        externalImageId?: string;
        name?: string;
        maxFaces?: number;
        qualityFilter?: string;
        detectionAttributes?: string;
      },
    ) => {
      if (flags.name !== undefined && flags.externalImageId !== undefined)
        throw new Error('give --name or --external-image-id, not both');
      if (flags.name !== undefined && endpointOf(flags) === undefined)
        throw new Error(
          '--name keeps the name in a facegate data folder; use --external-image-id with Amazon',
        );
      const { personIdFor } = await import('@facegate/store/person-id');
      let externalImageId = flags.externalImageId;
      if (flags.name !== undefined) {
        try {
          externalImageId = personIdFor(flags.name);
        } catch (err) {
          throw new Error(`--name: ${(err as Error).message}`);
        }
      }
      const CollectionId = collectionOf(flags);
      const Image = await imageArg(image);
      const request = {
        CollectionId,
        Image,
        ExternalImageId: externalImageId,
        MaxFaces: flags.maxFaces,
        QualityFilter: flags.qualityFilter as 'AUTO' | undefined,
        DetectionAttributes: flags.detectionAttributes?.split(',').map((s) => s.trim()) as
          ['ALL'] | undefined,
      };
      const out = await reach(flags, () =>
        createClient(flags).send(new IndexFacesCommand(request)),
      );
      printJson(out);
      // Rekognition answers "nothing indexed" with success; a script should not take it for one.
      if ((out.FaceRecords ?? []).length === 0) {
        const reasons = [...new Set((out.UnindexedFaces ?? []).flatMap((u) => u.Reasons ?? []))];
        process.stderr.write(
          `facegate: no face was indexed from ${image} (${
            reasons.length ? `faces left out: ${reasons.join(', ')}` : 'no face found in it'
          })\n`,
        );
        process.exitCode = 1;
      }
      if (flags.name !== undefined && externalImageId !== undefined) {
        // The face is indexed whatever happens here: a name that cannot be kept is reported
        // (exit code 1) with what to do, not thrown over the answer.
        const recorder = new PeopleRecorder(dataDirOf(flags), CollectionId);
        try {
          const faces = (out.FaceRecords ?? []).flatMap((r) =>
            r.Face?.FaceId ? [{ FaceId: r.Face.FaceId, BoundingBox: r.Face.BoundingBox }] : [],
          );
          await recorder.keep(externalImageId, flags.name, faces, Image.Bytes);
          process.stderr.write(
            `facegate: "${flags.name.trim()}" is ExternalImageId ${externalImageId}\n`,
          );
        } catch (err) {
          process.stderr.write(
            `facegate: the face was indexed as ${externalImageId}, but the name could not be kept in ${dataDirOf(flags)}: ${(err as Error).message} (point --data at the server's data folder)\n`,
          );
          process.exitCode = 1;
        } finally {
          await recorder.close();
        }
      }
    },
  );

  withClientOptions(
    group
      .command('import <dir>')
      .description('Index every photo of <dir>/<person>/ as that person; re-run to resume')
      .option('-c, --collection <id>', `${COLLECTION_HELP}; created when missing`)
      .option('--concurrency <n>', 'photos in flight at once', intOption, 2)
      .option('--quality-filter <filter>', 'NONE, AUTO, LOW, MEDIUM or HIGH', 'AUTO')
      .option(
        '--journal <file>',
        'resume journal (default <data>/imports/<collection>-<hash>.jsonl)',
      )
      .option(
        '--engine <engine>',
        "local (this endpoint) or aws (upload to the deployed stack's bucket, index from S3Object)",
        'local',
      )
      .option('--stack <name>', 'AWS stack for --engine aws (default $FACEGATE_STACK or Facegate)'),
  ).action(
    async (
      dir: string,
      flags: CollectionFlags & {
        concurrency: number;
        qualityFilter: string;
        journal?: string;
        engine: string;
        stack?: string;
      },
    ) => {
      if (flags.engine === 'aws') {
        // The hands-on's step 2 on AWS: photos go to the stack's bucket, faces are indexed
        // from their S3Object into the stack's collection.
        const { importToAws } = await import('../aws/import.js');
        const summary = await importToAws(dir, { stack: flags.stack, region: flags.region });
        printJson(summary);
        if (summary.Failed > 0) process.exitCode = 1;
        return;
      }
      if (flags.engine !== 'local')
        throw new Error(`--engine must be local or aws, not ${flags.engine}`);
      const collectionId = collectionOf(flags);
      const file =
        flags.journal ?? journalPath(dataDirOf(flags), endpointOf(flags) ?? 'aws', collectionId);
      // Ctrl-C: the journal is written synchronously, so stopping here loses nothing; say how
      // to go on instead of exiting silently.
      const interrupted = () => {
        process.stderr.write(
          `\nfacegate: import interrupted. Run the same command again to resume: photos already indexed are skipped (journal ${file}).\n`,
        );
        process.exit(130);
      };
      process.once('SIGINT', interrupted);
      // Display names (folders like 山田 花子) and thumbnails go to the data folder's database,
      // which only a local facegate has.
      const recorder =
        endpointOf(flags) !== undefined
          ? new PeopleRecorder(dataDirOf(flags), collectionId)
          : undefined;
      const summary = await reach(flags, () =>
        importFolder(createClient(flags), {
          dir,
          collectionId,
          journal: new ImportJournal(file),
          concurrency: flags.concurrency,
          qualityFilter: flags.qualityFilter,
          ...(recorder ? { onIndexed: recorder.onIndexed } : {}),
        }),
      ).finally(() => {
        process.off('SIGINT', interrupted);
        return recorder?.close();
      });
      printJson(summary);
      if (summary.Failed > 0) {
        throw new Error(
          `${summary.Failed} image(s) failed; run the same command again to retry them`,
        );
      }
    },
  );

  withClientOptions(
    group
      .command('list')
      .description(
        'List the faces of a collection (every page unless --max-results or --next-token)',
      )
      .option('-c, --collection <id>', COLLECTION_HELP)
      .option('--max-results <n>', 'page size', intOption)
      .option('--next-token <token>', 'continue a previous listing'),
  ).action(async (flags: CollectionFlags & { maxResults?: number; nextToken?: string }) => {
    const client = createClient(flags);
    const CollectionId = collectionOf(flags);
    if (flags.maxResults !== undefined || flags.nextToken !== undefined) {
      printJson(
        await reach(flags, () =>
          client.send(
            new ListFacesCommand({
              CollectionId,
              MaxResults: flags.maxResults,
              NextToken: flags.nextToken,
            }),
          ),
        ),
      );
      return;
    }
    const merged: Pick<ListFacesCommandOutput, 'Faces' | 'FaceModelVersion'> = { Faces: [] };
    let NextToken: string | undefined;
    for (let pages = 0; pages < 100_000; pages++) {
      const page = await reach(flags, () =>
        client.send(new ListFacesCommand({ CollectionId, NextToken, MaxResults: 4096 })),
      );
      merged.Faces!.push(...(page.Faces ?? []));
      merged.FaceModelVersion = page.FaceModelVersion;
      NextToken = page.NextToken;
      if (!NextToken) break;
    }
    printJson(merged);
  });

  withClientOptions(
    group
      .command('delete <faceIds...>')
      .description('Delete faces by FaceId')
      .option('-c, --collection <id>', COLLECTION_HELP),
  ).action(async (FaceIds: string[], flags: CollectionFlags) =>
    printJson(
      await reach(flags, () =>
        createClient(flags).send(
          new DeleteFacesCommand({ CollectionId: collectionOf(flags), FaceIds }),
        ),
      ),
    ),
  );
}
