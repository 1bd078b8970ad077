/**
 * The journal that makes `faces import` resumable: one JSON line per event, appended with a
 * synchronous write, so a kill -9 loses at most the line being written (ignored on reading).
 *
 * Before each IndexFaces call a `pending` line is written; after it, a `done` line with the
 * FaceIds it created. An image with `pending` but no `done` was interrupted: the server may or
 * may not have indexed it. If it did, the face is among those with its ExternalImageId that no
 * `done` line and the `baseline` (faces present when the journal began) account for, and the
 * image itself matches it at a similarity of 99 or more (the same bytes give the same
 * embedding): the next run adopts that face (writes the `done` line) instead of indexing the
 * image again. Faces it cannot attribute are left alone: they may have been indexed by other
 * means while the import ran.
 * @module
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

type Line =
  | { t: 'baseline'; faceIds: string[] }
  | { t: 'pending'; key: string; ext: string; file: string }
  | { t: 'done'; key: string; ext: string; file: string; faceIds: string[]; note?: string };

export interface DoneEntry {
  ext: string;
  faceIds: string[];
  note?: string;
}

/** One journal per endpoint and collection, kept under `<data>/imports/`. */
export function journalPath(dataDir: string, endpoint: string, collectionId: string): string {
  const tag = createHash('sha256')
    .update(`${endpoint}\n${collectionId}`)
    .digest('hex')
    .slice(0, 12);
  return path.join(dataDir, 'imports', `${collectionId}-${tag}.jsonl`);
}

/** An image's identity in the journal: who it is and what its bytes are, not where it lies. */
export const imageKey = (ext: string, bytes: Uint8Array): string =>
  `${ext}:${createHash('sha256').update(bytes).digest('hex')}`;

export class ImportJournal {
  readonly done = new Map<string, DoneEntry>();
  /** Interrupted images: key → ExternalImageId and the file they were read from. */
  readonly pending = new Map<string, { ext: string; file: string }>();
  baseline: Set<string> | undefined;

  constructor(readonly file: string) {
    if (!existsSync(file)) return;
    for (const text of readFileSync(file, 'utf8').split('\n')) {
      let line: Line;
      try {
        line = JSON.parse(text) as Line;
      } catch {
        continue; // an empty line, or the one a kill cut short
      }
      if (line.t === 'baseline') this.baseline ??= new Set(line.faceIds);
      else if (line.t === 'pending') this.pending.set(line.key, { ext: line.ext, file: line.file });
      else if (line.t === 'done') {
        this.pending.delete(line.key);
        this.done.set(line.key, {
          ext: line.ext,
          faceIds: line.faceIds,
          ...(line.note ? { note: line.note } : {}),
        });
      }
    }
  }

  private append(line: Line): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    appendFileSync(this.file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
  }

  setBaseline(faceIds: string[]): void {
    this.baseline = new Set(faceIds);
    this.append({ t: 'baseline', faceIds });
  }

  markPending(key: string, ext: string, file: string): void {
    this.pending.set(key, { ext, file });
    this.append({ t: 'pending', key, ext, file });
  }

  markDone(key: string, ext: string, file: string, faceIds: string[], note?: string): void {
    this.pending.delete(key);
    this.done.set(key, { ext, faceIds, ...(note ? { note } : {}) });
    this.append({ t: 'done', key, ext, file, faceIds, ...(note ? { note } : {}) });
  }

  /** Forgets a done entry whose faces are gone from the collection (deleted, or a new collection). */
  forget(key: string): void {
    this.done.delete(key);
  }
}
