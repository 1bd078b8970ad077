/**
 * Accuracy of the yes/no face attributes (DetectionAttributes ALL) on labelled photos:
 * bench/data/lfw-attribute-labels.csv, 96 LFW photos (every 44th of lfw/images) labelled by eye
 * for a smile and for an open mouth (lips apart). Smile uses the expression net's own 50 % point;
 * the MouthOpen cut is fitted on the labelled photos of one half of the people (`halfOf`) and
 * reported on the other half, then the other way round.
 * @module
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BooleanAttribute, FaceEngine } from '@facegate/core';
import { MOUTH_OPEN_RATIO, MOUTH_OPEN_SCALE } from '@facegate/engine';
import { datasetsDir, repoRoot } from './datasets.js';
import { halfOf } from './split.js';
import { fmt, mapLimit } from './stats.js';

export interface Confusion {
  photos: number;
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
  trueNegative: number;
  accuracy: number;
}

export interface AttributesResult {
  photos: number;
  smile: Confusion;
  mouthOpen: Confusion;
  /** The MouthOpen cut fitted on each half, and the accuracy it gives on the other half. */
  mouthFits: Array<{ fitHalf: 0 | 1; cut: number; heldOut: Confusion }>;
  shippedMouthCut: number;
}

interface Labelled {
  file: string;
  person: string;
  smile: boolean;
  mouthOpen: boolean;
}

export function attributeLabels(): Labelled[] {
  const lines = fs
    .readFileSync(path.join(repoRoot, 'bench/data/lfw-attribute-labels.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1);
  return lines.map((line) => {
    const [file, smile, mouth] = line.split(',');
    return {
      file: path.join(datasetsDir(), 'lfw', file!),
      person: path.basename(path.dirname(file!)),
      smile: smile === '1',
      mouthOpen: mouth === '1',
    };
  });
}

/** Counts of predicted against labelled. */
export function confusion(pairs: Array<{ predicted: boolean; truth: boolean }>): Confusion {
  const c = { truePositive: 0, falsePositive: 0, falseNegative: 0, trueNegative: 0 };
  for (const { predicted, truth } of pairs) {
    if (predicted && truth) c.truePositive++;
    else if (predicted) c.falsePositive++;
    else if (truth) c.falseNegative++;
    else c.trueNegative++;
  }
  const photos = pairs.length;
  return { photos, ...c, accuracy: (c.truePositive + c.trueNegative) / Math.max(1, photos) };
}

/** The score a BooleanAttribute was decided from, read back from its confidence. */
export function scoreOf(a: BooleanAttribute, cut: number, scale: number): number {
  const sure = Math.min(1 - 1e-6, Math.max(1e-6, a.Confidence / 100));
  const p = a.Value ? sure : 1 - sure;
  return cut + scale * Math.log(p / (1 - p));
}

/** The cut on `scores` that labels the most of them right (the midpoint between neighbours). */
export function bestCut(scored: Array<{ score: number; truth: boolean }>): number {
  const sorted = [...scored].sort((a, b) => a.score - b.score);
  let best = { cut: -Infinity, right: scored.filter((s) => s.truth).length };
  let right = best.right;
  for (let i = 0; i < sorted.length; i++) {
    right += sorted[i]!.truth ? -1 : 1;
    const next = sorted[i + 1]?.score ?? sorted[i]!.score + 1e-3;
    if (right > best.right) best = { cut: (sorted[i]!.score + next) / 2, right };
  }
  return best.cut;
}

export async function attributesSection(
  engine: FaceEngine,
  opts: { log: (line: string) => void },
): Promise<AttributesResult> {
  const labels = attributeLabels();
  const found = await mapLimit(labels, 4, async (l) => {
    const r = await engine.detect(new Uint8Array(fs.readFileSync(l.file)), {
      attributes: 'ALL',
      maxFaces: 1,
      embed: false,
    });
    return r.faces[0]?.detail;
  });
  const rows = labels.flatMap((l, i) => {
    const d = found[i];
    return d?.Smile && d.MouthOpen
      ? [
          {
            ...l,
            smileSaid: d.Smile.Value,
            mouthScore: scoreOf(d.MouthOpen, MOUTH_OPEN_RATIO, MOUTH_OPEN_SCALE),
          },
        ]
      : [];
  });
  const mouthAt = (cut: number, set: typeof rows) =>
    confusion(set.map((r) => ({ predicted: r.mouthScore >= cut, truth: r.mouthOpen })));
  const mouthFits = ([0, 1] as const).map((fitHalf) => {
    const cut = bestCut(
      rows
        .filter((r) => halfOf(r.person) === fitHalf)
        .map((r) => ({ score: r.mouthScore, truth: r.mouthOpen })),
    );
    return {
      fitHalf,
      cut,
      heldOut: mouthAt(
        cut,
        rows.filter((r) => halfOf(r.person) !== fitHalf),
      ),
    };
  });
  const result: AttributesResult = {
    photos: rows.length,
    smile: confusion(rows.map((r) => ({ predicted: r.smileSaid, truth: r.smile }))),
    mouthOpen: mouthAt(MOUTH_OPEN_RATIO, rows),
    mouthFits,
    shippedMouthCut: MOUTH_OPEN_RATIO,
  };
  opts.log(
    `  ${rows.length} labelled photos: Smile ${fmt(result.smile.accuracy * 100, 1)} %, MouthOpen ${fmt(result.mouthOpen.accuracy * 100, 1)} % at ${MOUTH_OPEN_RATIO}; ` +
      mouthFits
        .map(
          (f) =>
            `fitted on half ${f.fitHalf}: ${fmt(f.cut, 3)} → ${fmt(f.heldOut.accuracy * 100, 1)} % on the other`,
        )
        .join('; '),
  );
  return result;
}

/** The section of docs/benchmarks.md. */
export function renderAttributes(a: AttributesResult): string[] {
  const p = (v: number) => `${fmt(v * 100, 1)} %`;
  const row = (name: string, c: Confusion) =>
    `| ${name} | ${c.photos} | ${p(c.accuracy)} | ${c.truePositive} / ${c.falsePositive} / ${c.falseNegative} / ${c.trueNegative} |`;
  return [
    `${a.photos} LFW photos (bench/data/lfw-attribute-labels.csv: every 44th photo of lfw/images, labelled by eye for a smile and for lips apart). ` +
      "Smile is the expression net's HAPPY probability at its own 50 % point (nothing fitted). MouthOpen is the inner-lip gap over the mouth width " +
      `from the 68 landmarks, cut at ${a.shippedMouthCut}, about the mean of the per-half fits below (each fitted on one half of the people, reported on the other).`,
    '',
    '| attribute | photos | accuracy | true pos. / false pos. / false neg. / true neg. |',
    '|---|---|---|---|',
    row('Smile', a.smile),
    row(`MouthOpen (cut ${a.shippedMouthCut}, all photos: partly in-sample)`, a.mouthOpen),
    ...a.mouthFits.map((f) =>
      row(
        `MouthOpen, cut ${fmt(f.cut, 3)} fitted on half ${f.fitHalf}, on half ${1 - f.fitHalf} (held out)`,
        f.heldOut,
      ),
    ),
    '',
    'Left out, and why (DetectionAttributes ALL on Rekognition also gives them): EyesOpen (the landmarks place the eyelids, but ' +
      'LFW has almost no closed eyes to measure it on), EyeDirection, Eyeglasses, Sunglasses, Beard, Mustache, FaceOccluded and the ' +
      'CONFUSED emotion (no shipped model gives them). None is ever returned with a made-up value.',
    '',
  ];
}
