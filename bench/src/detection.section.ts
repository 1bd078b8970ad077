/**
 * Multi-face and no-face behaviour: faces found in every group photo (names that carry a count
 * are checked against it) and in every no-face photo, engine and baseline side by side.
 * @module
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FaceEngine } from '@facegate/core';
import type { Baseline } from './baseline.js';
import { datasetsDir, detectionPhotos } from './datasets.js';

export interface DetectionRow {
  photo: string;
  expected?: number;
  engine: number;
  baseline?: number;
}

export async function detection(
  engine: FaceEngine,
  baseline: Baseline | undefined,
  log: (l: string) => void,
): Promise<DetectionRow[]> {
  const rows: DetectionRow[] = [];
  for (const p of detectionPhotos()) {
    const bytes = fs.readFileSync(p.file);
    const r = await engine.detect(bytes, { embed: false });
    const row: DetectionRow = {
      photo: path.relative(datasetsDir(), p.file),
      expected: p.expected,
      engine: r.faces.length,
      baseline: baseline ? await baseline.detect(bytes) : undefined,
    };
    rows.push(row);
  }
  log(`  ${rows.length} photos`);
  return rows;
}
