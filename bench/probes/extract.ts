// Phase 1: every LFW photo through detection + landmarks; saves the 68 points and the dlib
// embeddings (query = chip alone, index = flip averaged). Usage: tsx extract.ts <part> <parts>
import fs from 'node:fs';
import path from 'node:path';
import { loadRuntime } from '../../packages/engine/src/runtime/tf-runtime.js';
import {
  loadFaceApiWeights,
  loadHumanGraphModel,
} from '../../packages/engine/src/runtime/model-files.js';
import {
  BlazeFace,
  BLAZEFACE_INPUT,
  type RawDetection,
} from '../../packages/engine/src/detect/blazeface.js';
import { probeImage, type RgbImage } from '../../packages/engine/src/image/decode-image.js';
import { openPhoto } from '../../packages/engine/src/image/photo.js';
import { landmarks68 } from '../../packages/engine/src/landmarks/landmarks68.js';
import { boundingBoxOf } from '../../packages/engine/src/detail/face-detail.js';
import { DenseNet } from '../../packages/engine/src/nets/dense-net.js';
import { ResNetDescriptor } from '../../packages/engine/src/nets/resnet-descriptor.js';
import { dlibChip, l2normalize } from '../../packages/engine/src/embed/descriptor.js';

const [part, parts] = process.argv.slice(2).map(Number) as [number, number];
const root = path.resolve(process.env.FACEGATE_DATASETS ?? '../shared/datasets', 'lfw/images');
const files: string[] = [];
for (const p of fs.readdirSync(root).sort())
  for (const f of fs.readdirSync(path.join(root, p)).sort()) files.push(`${p}/${f}`);
const mine = files.filter((_, i) => i % parts === part);

const tf = await loadRuntime();
const w = (n: Parameters<typeof loadFaceApiWeights>[1]) => loadFaceApiWeights(tf, n);
const detector = new BlazeFace(tf, await loadHumanGraphModel(tf, 'blazeface'), BLAZEFACE_INPUT);
const front = new BlazeFace(
  tf,
  await loadHumanGraphModel(tf, 'blazeface-front'),
  BLAZEFACE_INPUT / 2,
);
const nets = {
  full: new DenseNet(tf, w('face_landmark_68_model')),
  tiny: new DenseNet(tf, w('face_landmark_68_tiny_model')),
};
const desc = ResNetDescriptor.fromWeights(tf, w('face_recognition_model'));

const out = fs.openSync(`/tmp/exp/lfw-${part}.jsonl`, 'w');
const area = (d: RawDetection) => (d.x1 - d.x0) * (d.y1 - d.y0);
let n = 0;
const t0 = Date.now();
for (const f of mine) {
  const bytes = new Uint8Array(fs.readFileSync(path.join(root, f)));
  const info = await probeImage(bytes);
  const photo = await openPhoto(bytes, info);
  // as SearchFacesByImage: maxFaces 1 (front detector first, then the full one)
  let small: RgbImage = await photo.fit(front.size);
  let found = (await front.detect(small, 0.5)).sort((a, b) => area(b) - area(a));
  const top = found[0];
  if (!(top && Math.max(top.x1 - top.x0, top.y1 - top.y0) >= 0.2 * front.size)) {
    small = await photo.fit(detector.size);
    found = (await detector.detect(small, 0.5)).sort((a, b) => area(b) - area(a));
  }
  if (found.length === 0) {
    fs.writeSync(out, JSON.stringify({ f, none: true }) + '\n');
    continue;
  }
  const source = await photo.atLeast(1);
  const k = source.width / small.width;
  const cutoff = found.length > 1 ? area(found[0]!) * 0.5 : 0;
  let best: { points: { x: number; y: number }[]; a: number; score: number } | undefined;
  for (const d of found.filter((d) => area(d) >= cutoff)) {
    const side = Math.max(d.x1 - d.x0, d.y1 - d.y0) * k;
    const cx = ((d.x0 + d.x1) / 2) * k;
    const cy = ((d.y0 + d.y1) / 2) * k + 0.05 * side;
    const points = await landmarks68(nets, source, { cx, cy, side: side * 1.3 }, 2);
    const b = boundingBoxOf(points, source.width, source.height);
    const a = b.Width * b.Height;
    if (!best || a > best.a) best = { points, a, score: d.score };
  }
  const chips = [dlibChip(source, best!.points), dlibChip(source, best!.points, true)];
  const [a, b] = (await desc.describe(chips)).map(l2normalize);
  const q = Float32Array.from(a!);
  const idx = new Float32Array(128);
  for (let i = 0; i < 128; i++) idx[i] = a![i]! + b![i]!;
  l2normalize(idx);
  fs.writeSync(
    out,
    JSON.stringify({
      f,
      w: source.width,
      h: source.height,
      score: best!.score,
      n: found.length,
      p: best!.points.map((p) => [+p.x.toFixed(3), +p.y.toFixed(3)]),
      q: Array.from(q, (v) => +v.toFixed(6)),
      i: Array.from(idx, (v) => +v.toFixed(6)),
    }) + '\n',
  );
  if (++n % 200 === 0)
    console.log(`${part}: ${n}/${mine.length} ${((Date.now() - t0) / n).toFixed(0)} ms/photo`);
}
fs.closeSync(out);
console.log(`${part}: done ${n} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
