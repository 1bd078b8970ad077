/**
 * `facegate collections create|list|describe|delete`.
 * @module
 */
import {
  CreateCollectionCommand,
  DeleteCollectionCommand,
  DescribeCollectionCommand,
  ListCollectionsCommand,
} from '@aws-sdk/client-rekognition';
import type { Command } from 'commander';
import { createClient, reach, withClientOptions, type ClientFlags } from '../rekognition/client.js';
import { intOption, printJson } from '../rekognition/output.js';

export function register(program: Command): void {
  const group = program
    .command('collections')
    .description('Manage face collections (Rekognition collections)');

  withClientOptions(
    group.command('create <collectionId>').description('Create a collection'),
  ).action(async (CollectionId: string, flags: ClientFlags) =>
    printJson(
      await reach(flags, () =>
        createClient(flags).send(new CreateCollectionCommand({ CollectionId })),
      ),
    ),
  );

  withClientOptions(
    group
      .command('list')
      .description('List collections')
      .option('--max-results <n>', 'page size', intOption)
      .option('--next-token <token>', 'continue a previous listing'),
  ).action(async (flags: ClientFlags & { maxResults?: number; nextToken?: string }) =>
    printJson(
      await reach(flags, () =>
        createClient(flags).send(
          new ListCollectionsCommand({ MaxResults: flags.maxResults, NextToken: flags.nextToken }),
        ),
      ),
    ),
  );

  withClientOptions(
    group.command('describe <collectionId>').description('Show a collection'),
  ).action(async (CollectionId: string, flags: ClientFlags) =>
    printJson(
      await reach(flags, () =>
        createClient(flags).send(new DescribeCollectionCommand({ CollectionId })),
      ),
    ),
  );

  withClientOptions(
    group.command('delete <collectionId>').description('Delete a collection and its faces'),
  ).action(async (CollectionId: string, flags: ClientFlags) =>
    printJson(
      await reach(flags, () =>
        createClient(flags).send(new DeleteCollectionCommand({ CollectionId })),
      ),
    ),
  );
}
