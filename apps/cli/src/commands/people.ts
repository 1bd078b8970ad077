/**
 * `facegate people list|delete`: the people of a collection with their display names, and the
 * hard delete of one (faces through DeleteFaces on the endpoint, so the server's index agrees;
 * then name, thumbnails and the name in the recognition log from the data folder).
 * @module
 */
import { DeleteFacesCommand } from '@aws-sdk/client-rekognition';
import type { Command } from 'commander';
import {
  createClient,
  dataDirOf,
  reach,
  withClientOptions,
  type ClientFlags,
} from '../rekognition/client.js';
import { existingDatabase, table } from './keys-data.js';

interface PeopleFlags extends ClientFlags {
  collection?: string;
  query?: string;
  json?: boolean;
}

const collectionOf = (flags: PeopleFlags): string =>
  flags.collection ?? process.env.FACEGATE_COLLECTION ?? 'default';

async function withPeople<T>(
  dataDir: string,
  work: (people: import('@facegate/store').PeopleStore) => Promise<T> | T,
): Promise<T> {
  const { openDatabase, PeopleStore } = await import('@facegate/store');
  const db = openDatabase(existingDatabase(dataDir));
  try {
    return await work(new PeopleStore(db));
  } finally {
    db.close();
  }
}

export function register(program: Command): void {
  const group = program
    .command('people')
    .description('People (display names in any script) and their faces');

  group
    .command('list')
    .description('List people with their ids and face counts')
    .option('-c, --collection <id>', 'collection (default $FACEGATE_COLLECTION or "default")')
    .option('-q, --query <text>', 'only names or ids containing this')
    .option('--json', 'print JSON')
    .option('--data <dir>', 'data folder (default $FACEGATE_DATA or ./data)')
    .action(async (flags: PeopleFlags) => {
      const people = await withPeople(dataDirOf(flags), (p) =>
        p.list(collectionOf(flags), flags.query ? { query: flags.query } : {}),
      );
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(people, null, 2)}\n`);
        return;
      }
      if (people.length === 0) {
        process.stdout.write('No people.\n');
        return;
      }
      process.stdout.write(
        `${table([
          ['NAME', 'ID', 'FACES'],
          ...people.map((p) => [p.displayName, p.id, String(p.faces)]),
        ])}\n`,
      );
    });

  withClientOptions(
    group
      .command('delete <name-or-id>')
      .description('Delete a person for good: faces, thumbnails, name, and the name in the log')
      .option('-c, --collection <id>', 'collection (default $FACEGATE_COLLECTION or "default")'),
  ).action(async (who: string, flags: PeopleFlags) => {
    const CollectionId = collectionOf(flags);
    const { personIdFor } = await import('@facegate/store/person-id');
    await withPeople(dataDirOf(flags), async (people) => {
      // A display name or an id: try the id as given first, then the id the name maps to.
      let id = who;
      if (!people.get(CollectionId, id)) {
        try {
          id = personIdFor(who);
        } catch {
          /* not a name either */
        }
      }
      if (!people.get(CollectionId, id))
        throw new Error(`no person "${who}" in collection ${CollectionId}`);
      const faceIds = people.faces(CollectionId, id).map((f) => f.faceId);
      const deleted: string[] = [];
      for (let i = 0; i < faceIds.length; i += 4096) {
        const out = await reach(flags, () =>
          createClient(flags).send(
            new DeleteFacesCommand({ CollectionId, FaceIds: faceIds.slice(i, i + 4096) }),
          ),
        );
        deleted.push(...(out.DeletedFaces ?? []));
      }
      const kept = faceIds.filter((f) => !deleted.includes(f));
      if (kept.length > 0)
        throw new Error(
          `${kept.length} face(s) are associated with a user and were kept; disassociate them, then run this again`,
        );
      people.forget(CollectionId, id);
      process.stdout.write(`Deleted ${id} and ${deleted.length} face(s).\n`);
    });
  });
}
