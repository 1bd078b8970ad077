/**
 * Per-photo embeddings of the engine, computed once per bench run: every section that needs the
 * stored ('index') or search ('query') embedding of an LFW photo asks here, and a photo another
 * section has embedded is not embedded again. Keyed by the engine's MODEL_VERSION and the file's
 * path; held in memory only (a later run may have a changed engine under the same version).
 * Only for the facegate engine: the face-api baseline embeds through `embedPhotos`.
 * @module
 */
import fs from 'node:fs';
import { MODEL_VERSION } from '@facegate/engine';
import { labelledFace, type Describer } from './labelled-face.js';
import { mapLimit } from './stats.js';

export type EmbeddingKind = 'index' | 'query';

interface Entry {
  /** undefined: no face found. */
  embedding: Float32Array | undefined;
  /** Wall time per photo of the batch that embedded it, with the pool busy. */
  ms: number;
}

const cache = new Map<string, Entry>();
const keyOf = (kind: EmbeddingKind, file: string) => `${MODEL_VERSION}\n${kind}\n${file}`;

export interface Embeddings {
  /** The labelled face's stored embedding of each file (undefined: no face found). */
  index: Map<string, Float32Array | undefined>;
  /** Its one-pass query embedding (what a search compares), when asked for. */
  query: Map<string, Float32Array | undefined>;
  /** Mean engine wall time per photo and kind, with the pool busy (from when each was embedded). */
  msPerPhoto: number;
  /** How many embeddings this call computed; the rest came from the cache. */
  computed: number;
}

/**
 * The embeddings of the labelled face (the one nearest the centre) of each of `files`, of each of
 * `kinds` (default both), four requests in flight, logging progress every 15 s as
 * `label done/total`. Photos already embedded in this run come from the cache.
 */
export async function embeddingsOf(
  engine: Describer,
  files: string[],
  opts: { label: string; log: (line: string) => void; kinds?: EmbeddingKind[] },
): Promise<Embeddings> {
  const kinds = opts.kinds ?? ['index', 'query'];
  const jobs = kinds.flatMap((kind) =>
    [...new Set(files)].filter((f) => !cache.has(keyOf(kind, f))).map((file) => ({ kind, file })),
  );
  if (jobs.length > 0) {
    const started = performance.now();
    let lastLog = 0;
    const results = await mapLimit(
      jobs,
      4,
      async ({ kind, file }) =>
        labelledFace(
          await engine.detect(
            fs.readFileSync(file),
            kind === 'query' ? { embedding: 'query' } : {},
          ),
        ),
      (done, total) => {
        if (performance.now() - lastLog > 15_000 || done === total) {
          lastLog = performance.now();
          const rate = (performance.now() - started) / done;
          opts.log(
            `  ${opts.label} ${done}/${total} embeddings (${files.length * kinds.length - total} cached), ` +
              `${rate.toFixed(0)} ms each, ~${Math.round(((total - done) * rate) / 1000)} s left`,
          );
        }
      },
    );
    const ms = (performance.now() - started) / jobs.length;
    jobs.forEach(({ kind, file }, i) =>
      cache.set(keyOf(kind, file), { embedding: results[i], ms }),
    );
  }
  const pick = (kind: EmbeddingKind) =>
    new Map(
      kinds.includes(kind) ? files.map((f) => [f, cache.get(keyOf(kind, f))!.embedding]) : [],
    );
  const all = kinds.flatMap((kind) => files.map((f) => cache.get(keyOf(kind, f))!.ms));
  return {
    index: pick('index'),
    query: pick('query'),
    msPerPhoto: (all.reduce((a, b) => a + b, 0) / Math.max(1, all.length)) * kinds.length,
    computed: jobs.length,
  };
}
