/**
 * Display names in any script → Rekognition-valid ExternalImageIds. Pure, so the CLI, the folder
 * importer and the server derive the same id without asking each other (docs/design/people.md).
 * @module
 */
import { createHash } from 'node:crypto';

/** Rekognition's ExternalImageId/UserId pattern. */
export const REKOGNITION_ID = /^[a-zA-Z0-9_.\-:]{1,255}$/;
/** Longest display name accepted, in characters after normalisation. */
export const MAX_DISPLAY_NAME = 100;

/** Prefix of ids derived by hashing: such an id always has a display name behind it. */
export const HASHED_ID_PREFIX = 'p-';

/**
 * NFC, trimmed, runs of white space (including the ideographic space) as one ASCII space.
 * @throws Error with a user-facing message when the name is empty, too long or has control characters.
 */
export function normaliseDisplayName(raw: string): string {
  const name = raw.normalize('NFC').trim().replace(/\s+/gu, ' ');
  if (name.length === 0) throw new Error('the name is empty');
  if ([...name].length > MAX_DISPLAY_NAME)
    throw new Error(`the name is longer than ${MAX_DISPLAY_NAME} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/u.test(name)) throw new Error('the name contains control characters');
  return name;
}

/**
 * The ExternalImageId for a display name: the name itself with spaces as `_` when that is a
 * valid Rekognition id (`Taro Yamada` → `Taro_Yamada`, as before), else `p-` and 20 hex digits
 * of the SHA-256 of the normalised name (`山田 花子` → `p-…`).
 *
 * @example
 * personIdFor('山田 花子'); // 'p-' + 20 hex digits, the same on every machine
 * personIdFor('Taro Yamada'); // 'Taro_Yamada'
 */
export function personIdFor(displayName: string): string {
  const name = normaliseDisplayName(displayName);
  const plain = name.replace(/ /g, '_');
  // A plain name that happens to look like a hashed id would be mistaken for one: hash it too.
  if (REKOGNITION_ID.test(plain) && !plain.startsWith(HASHED_ID_PREFIX)) return plain;
  const digest = createHash('sha256').update(name, 'utf8').digest('hex');
  return `${HASHED_ID_PREFIX}${digest.slice(0, 20)}`;
}
