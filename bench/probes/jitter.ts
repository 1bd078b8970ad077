// Stored faces averaged over jittered alignments (dlib's num_jitters idea): the ResNet on the
// chip and its mirror at K small random similarity transforms of the landmarks (scale ±4 %,
// rotation ±3°, shift ±2 % of the face), all averaged with the plain pair. Writes
// /tmp/exp/emb/resnet-jitter-<part>.jsonl. Usage: tsx jitter.ts <part> <parts> (after extract.ts).
import fs from 'node:fs';
import path from 'node:path';
import { loadRuntime } from '../../packages/engine/src/runtime/tf-runtime.js';
import { loadFaceApiWeights } from '../../packages/engine/src/runtime/model-files.js';
import { probeImage } from '../../packages/engine/src/image/decode-image.js';
import { openPhoto } from '../../packages/engine/src/image/photo.js';
import { ResNetDescriptor } from '../../packages/engine/src/nets/resnet-descriptor.js';
import { dlibChip, l2normalize } from '../../packages/engine/src/embed/descriptor.js';
import { loadRecs } from './variants.js';

const [part, parts] = process.argv.slice(2).map(Number) as [number, number];
const K = Number(process.env.JITTERS ?? 3);
const root = path.resolve(process.env.FACEGATE_DATASETS ?? '../shared/datasets', 'lfw/images');
const recs = [...loadRecs()].filter(([, r]) => r.p).sort(([a], [b]) => (a < b ? -1 : 1));
const mine = recs.filter((_, i) => i % parts === part);
const tf = await loadRuntime();
const desc = ResNetDescriptor.fromWeights(
  tf,
  await loadFaceApiWeights(tf, 'face_recognition_model'),
);
let seed = 12345 + part;
const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
const out = fs.openSync(`/tmp/exp/emb/resnet-jitter-${part}.jsonl`, 'w');
const t0 = Date.now();
for (const [n, [f, r]] of mine.entries()) {
  const bytes = new Uint8Array(fs.readFileSync(path.join(root, f)));
  const photo = await openPhoto(bytes, await probeImage(bytes));
  const source = await photo.atLeast(1);
  const pts = r.p.map(([x, y]) => ({ x, y }));
  const cx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
  const cy = pts.reduce((s, p) => s + p.y, 0) / pts.length;
  const size = Math.max(...pts.map((p) => p.x)) - Math.min(...pts.map((p) => p.x));
  const chips: Float32Array[] = [];
  for (let k = 0; k <= K; k++) {
    // k = 0: the plain alignment; then K jittered ones
    const s = k === 0 ? 1 : 1 + 0.04 * rnd();
    const a = k === 0 ? 0 : (3 * Math.PI * rnd()) / 180;
    const dx = k === 0 ? 0 : 0.02 * size * rnd();
    const dy = k === 0 ? 0 : 0.02 * size * rnd();
    const moved = pts.map((p) => ({
      x: cx + s * (Math.cos(a) * (p.x - cx) - Math.sin(a) * (p.y - cy)) + dx,
      y: cy + s * (Math.sin(a) * (p.x - cx) + Math.cos(a) * (p.y - cy)) + dy,
    }));
    chips.push(dlibChip(source, moved), dlibChip(source, moved, true));
  }
  const vs = (await desc.describe(chips)).map(l2normalize);
  const mean = new Float32Array(128);
  for (const v of vs) for (let i = 0; i < 128; i++) mean[i]! += v[i]!;
  l2normalize(mean);
  fs.writeSync(out, JSON.stringify({ f, q: Array.from(mean, (v) => +v.toFixed(6)) }) + '\n');
  if ((n + 1) % 400 === 0)
    console.log(
      `${part}: ${n + 1}/${mine.length} ${((Date.now() - t0) / (n + 1)).toFixed(0)} ms/photo`,
    );
}
fs.closeSync(out);
console.log(`${part}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
