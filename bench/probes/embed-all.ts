// Embeds every cached LFW photo with a candidate descriptor (chip and mirror) -> /tmp/exp/emb/<name>.jsonl
import fs from 'node:fs';
import path from 'node:path';
import { loadRuntime } from '../../packages/engine/src/runtime/tf-runtime.js';
import {
  loadHumanGraphModel,
  loadHumanWeights,
} from '../../packages/engine/src/runtime/model-files.js';
import { FaceResDescriptor } from '../../packages/engine/src/nets/faceres-descriptor.js';
import { decodeRgb, probeImage } from '../../packages/engine/src/image/decode-image.js';
import { loadRecs, parseVariant, chipFor } from './variants.js';
const [model, vstr, part, parts] = process.argv.slice(2) as [string, string, string, string];
const v = parseVariant(vstr);
const recs = [...loadRecs().values()]
  .filter((r) => r.p)
  .filter((_, i) => i % Number(parts) === Number(part));
const tf = await loadRuntime();
// faceres runs on the engine's fused forward pass (same features as the graph, faster)
const fused =
  model === 'faceres'
    ? FaceResDescriptor.fromWeights(tf, loadHumanWeights(tf, model), v.size)
    : undefined;
const net = fused ? undefined : await loadHumanGraphModel(tf, model);
const outName = model.startsWith('faceres') ? 'global_pooling/Mean' : undefined;
fs.mkdirSync('/tmp/exp/emb', { recursive: true });
const file = `/tmp/exp/emb/${model}-${vstr.replace(/:/g, '_')}-${part}.jsonl`;
// resumable: photos already in the file are skipped
const done = new Set(
  fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.endsWith('}'))
        .map((l) => (JSON.parse(l) as { f: string }).f)
    : [],
);
if (fs.existsSync(file))
  fs.writeFileSync(
    file,
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.endsWith('}'))
      .map((l) => l + '\n')
      .join(''),
  );
const out = fs.openSync(file, 'a');
const root = path.resolve(process.env.FACEGATE_DATASETS ?? '../shared/datasets', 'lfw/images');
let n = 0;
const t0 = Date.now();
for (const r of recs) {
  if (done.has(r.f)) continue;
  const bytes = new Uint8Array(fs.readFileSync(path.join(root, r.f)));
  const info = await probeImage(bytes);
  const img = await decodeRgb(bytes, info, Math.max(info.width, info.height));
  const chips = [chipFor(img, r.p, v), chipFor(img, r.p, v, true)];
  if (fused) {
    const [a, b] = await fused.describe(chips);
    const round = (x: Float32Array) => Array.from(x, (z) => +z.toFixed(5));
    fs.writeSync(out, JSON.stringify({ f: r.f, q: round(a!), m: round(b!) }) + '\n');
    if (++n % 500 === 0)
      console.log(`${n}/${recs.length} ${((Date.now() - t0) / n).toFixed(0)} ms`);
    continue;
  }
  const x = tf.tensor4d(Float32Array.from(chips.flatMap((c) => Array.from(c))), [
    2,
    v.size,
    v.size,
    3,
  ]);
  const y = (
    outName ? net!.execute(x, outName) : net!.execute(x)
  ) as import('@tensorflow/tfjs-core').Tensor;
  const d = y.dataSync() as Float32Array;
  const dim = d.length / 2;
  const q = Array.from(d.subarray(0, dim), (z) => +z.toFixed(5));
  const m = Array.from(d.subarray(dim), (z) => +z.toFixed(5));
  fs.writeSync(out, JSON.stringify({ f: r.f, q, m }) + '\n');
  x.dispose();
  y.dispose();
  if (++n % 500 === 0) console.log(`${n}/${recs.length} ${((Date.now() - t0) / n).toFixed(0)} ms`);
}
console.log('done', n);
