/**
 * The CLI's side of people: display names and console thumbnails written to the data folder's
 * facegate.db (the server's, found by --data as for credentials.json), after the face was
 * indexed through the Rekognition endpoint. Opened lazily, once per command.
 * @module
 */
import type { PeopleStore } from '@facegate/store';
import type { IndexedHook } from '../rekognition/import-folder.js';

export class PeopleRecorder {
  private opened?: Promise<{ people: PeopleStore; close: () => void }>;

  constructor(
    private readonly dataDir: string,
    private readonly collectionId: string,
  ) {}

  private open() {
    this.opened ??= (async () => {
      const { openDatabase, PeopleStore } = await import('@facegate/store');
      const { existingDatabase } = await import('./keys-data.js');
      const db = openDatabase(existingDatabase(this.dataDir));
      return { people: new PeopleStore(db), close: () => db.close() };
    })();
    return this.opened;
  }

  /** Keeps `displayName` for `id` and a thumbnail of each face (cut from `bytes`). */
  async keep(
    id: string,
    displayName: string | undefined,
    faces: Parameters<IndexedHook>[1],
    bytes: Uint8Array | undefined,
  ): Promise<void> {
    const { people } = await this.open();
    if (displayName !== undefined) people.name(this.collectionId, id, displayName);
    if (!bytes) return;
    const { sharpCropper } = await import('@facegate/server/mounts/search');
    for (const face of faces) {
      const b = face.BoundingBox;
      if (!b || b.Width === undefined || b.Height === undefined) continue;
      const box = { Width: b.Width, Height: b.Height, Left: b.Left ?? 0, Top: b.Top ?? 0 };
      people.setThumbnail(
        this.collectionId,
        face.FaceId,
        await sharpCropper.thumbnail!(bytes, box),
      );
    }
  }

  private warned = false;

  /** The import's hook: a data folder without the database is reported once, not per photo. */
  readonly onIndexed: IndexedHook = async (item, faces, bytes) => {
    try {
      await this.open();
    } catch (err) {
      if (this.warned) return;
      this.warned = true;
      throw new Error(`names and thumbnails are not kept: ${(err as Error).message}`);
    }
    await this.keep(item.ext, item.displayName, faces, bytes);
  };

  async close(): Promise<void> {
    if (this.opened) (await this.opened).close();
  }
}
