/**
 * `facegate search <image>`: SearchFacesByImage on the largest face of a photo.
 * @module
 */
import { SearchFacesByImageCommand } from '@aws-sdk/client-rekognition';
import type { Command } from 'commander';
import { createClient, reach, withClientOptions, type ClientFlags } from '../rekognition/client.js';
import { imageArg, intOption, numberOption, printJson } from '../rekognition/output.js';

interface SearchFlags extends ClientFlags {
  collection?: string;
  threshold?: number;
  maxFaces?: number;
}

export function register(program: Command): void {
  withClientOptions(
    program
      .command('search <image>')
      .description('Find who the largest face in a photo is (a file, or s3://bucket/key)')
      .option(
        '-c, --collection <id>',
        'collection to search (default $FACEGATE_COLLECTION or "default")',
      )
      .option('--threshold <0-100>', 'FaceMatchThreshold (default 80)', numberOption)
      .option('--max-faces <n>', 'most matches to return', intOption),
  ).action(async (image: string, flags: SearchFlags) => {
    const request = {
      CollectionId: flags.collection ?? process.env.FACEGATE_COLLECTION ?? 'default',
      Image: await imageArg(image),
      FaceMatchThreshold: flags.threshold,
      MaxFaces: flags.maxFaces,
    };
    printJson(
      await reach(flags, () => createClient(flags).send(new SearchFacesByImageCommand(request))),
    );
  });
}
