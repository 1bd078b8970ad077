/**
 * Where the benchmark's photos come from: FACEGATE_DATASETS (default ../shared/datasets from the
 * repository root), in that folder's layout. Photos are read in place, never copied.
 * @module
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function datasetsDir(): string {
  return path.resolve(repoRoot, process.env.FACEGATE_DATASETS ?? '../shared/datasets');
}

export interface LfwPair {
  fold: number;
  a: string;
  b: string;
  same: boolean;
}

/** LFW View-2 pairs of `lfw/pairs.csv` (fold,file_a,file_b,same), paths made absolute. */
export function lfwPairs(): LfwPair[] {
  const dir = path.join(datasetsDir(), 'lfw');
  const lines = fs.readFileSync(path.join(dir, 'pairs.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((line) => {
    const [fold, a, b, same] = line.split(',');
    return {
      fold: Number(fold),
      a: path.join(dir, a!),
      b: path.join(dir, b!),
      same: same!.trim() === '1',
    };
  });
}

/** Every `<set>/group_photos/<photo>` and `<set>/no_face/<photo>` with the face count its name says, if any. */
export function detectionPhotos(): Array<{ file: string; expected?: number; noFace: boolean }> {
  const root = datasetsDir();
  const out: Array<{ file: string; expected?: number; noFace: boolean }> = [];
  for (const set of fs.readdirSync(root).sort()) {
    for (const [sub, noFace] of [
      ['group_photos', false],
      ['no_face', true],
    ] as const) {
      const dir = path.join(root, set, sub);
      if (!fs.existsSync(dir)) continue;
      for (const f of fs.readdirSync(dir).sort()) {
        if (!/\.(jpe?g|png)$/i.test(f)) continue;
        out.push({ file: path.join(dir, f), expected: noFace ? 0 : countFromName(f), noFace });
      }
    }
  }
  return out;
}

const WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

/** `four-plus-one-faces.jpg` → 5, `three-people.jpg` → 3; undefined when the name says nothing. */
export function countFromName(name: string): number | undefined {
  const words = name
    .toLowerCase()
    .replace(/\.[a-z]+$/, '')
    .split(/[-_ ]/);
  if (!words.some((w) => w === 'faces' || w === 'people' || w === 'face')) return undefined;
  let total = 0;
  for (const w of words) total += WORDS[w] ?? 0;
  return total || undefined;
}
