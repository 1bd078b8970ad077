/**
 * Deleted faces scrubbed from the import journals of `faces import` (`<data>/imports/*.jsonl`,
 * written by apps/cli/src/rekognition/import-journal.ts): a journal names people (the
 * ExternalImageId, the photo's path) and lists FaceIds, so it must forget what the store deleted.
 *
 * The line format is the CLI's: `{"t":"baseline","faceIds":[...]}`,
 * `{"t":"pending","key","ext","file"}`, `{"t":"done","key","ext","file","faceIds":[...],"note"?}`.
 * A journal belongs to one endpoint and collection and is named `<CollectionId>-<12 hex>.jsonl`;
 * the endpoint is only in the hash, so a journal is taken to be this store's when it lists one of
 * the deleted FaceIds. Rewrites go to a 0600 temporary file renamed into place, so a crash leaves
 * the old journal or the new one, never half of one.
 * @module
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const IMPORTS_FOLDER = 'imports';

interface JournalLine {
  t?: unknown;
  ext?: unknown;
  faceIds?: unknown;
}

export interface ScrubRequest {
  collectionId: string;
  /** FaceIds deleted. */
  faceIds: ReadonlySet<string>;
  /** ExternalImageIds that no face of the collection carries any more. */
  goneExternalIds: ReadonlySet<string>;
  /** The whole collection was deleted: its journals go entirely. */
  collectionDeleted: boolean;
}

/** The journals of a collection, whatever endpoint they were for. */
function journalsOf(dataDir: string, collectionId: string): string[] {
  const dir = path.join(dataDir, IMPORTS_FOLDER);
  if (!existsSync(dir)) return [];
  const prefix = `${collectionId}-`;
  return readdirSync(dir)
    .filter((n) => n.startsWith(prefix) && /^[0-9a-f]{12}\.jsonl$/.test(n.slice(prefix.length)))
    .map((n) => path.join(dir, n));
}

const listed = (line: JournalLine): string[] =>
  Array.isArray(line.faceIds) ? line.faceIds.filter((x): x is string => typeof x === 'string') : [];

/** Applies one delete to every journal of its collection. Returns the journals changed. */
export function scrubImportJournals(dataDir: string, request: ScrubRequest): string[] {
  const changed: string[] = [];
  for (const file of journalsOf(dataDir, request.collectionId)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n').filter((l) => l.length > 0);
    const parsed = lines.map((l): JournalLine | undefined => {
      try {
        return JSON.parse(l) as JournalLine;
      } catch {
        return undefined; // a line a kill cut short: dropped below
      }
    });
    const ids = parsed.flatMap((l) => (l ? listed(l) : []));
    const ours = ids.some((id) => request.faceIds.has(id));
    if (request.collectionDeleted) {
      // Gone with the collection: a journal of ours, or one that never indexed any face.
      if (ours || ids.length === 0) {
        rmSync(file, { force: true });
        changed.push(file);
      }
      continue;
    }
    if (!ours) continue;
    const kept: string[] = [];
    for (const line of parsed) {
      if (!line) continue;
      const before = listed(line);
      const after = before.filter((id) => !request.faceIds.has(id));
      if (typeof line.ext === 'string' && request.goneExternalIds.has(line.ext)) continue;
      if (line.t === 'done' && before.length > 0 && after.length === 0) continue; // re-imported next run
      kept.push(
        JSON.stringify(before.length === after.length ? line : { ...line, faceIds: after }),
      );
    }
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, kept.length > 0 ? `${kept.join('\n')}\n` : '', { mode: 0o600 });
    renameSync(tmp, file);
    changed.push(file);
  }
  return changed;
}
