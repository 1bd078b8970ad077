// Phase 2: which input each candidate descriptor wants. LFW pairs of folds 0–1, accuracy with the
// threshold picked on the other fold. Usage: tsx variants.ts <model> <variant,...>
import fs from 'node:fs';
import path from 'node:path';
import { loadRuntime } from '../../packages/engine/src/runtime/tf-runtime.js';
import { loadHumanGraphModel } from '../../packages/engine/src/runtime/model-files.js';
import { decodeRgb, probeImage } from '../../packages/engine/src/image/decode-image.js';
import { warpAffine } from '../../packages/engine/src/align/warp.js';
import {
  ARCFACE_112,
  fivePointsFrom68,
  similarityTransform,
} from '../../packages/engine/src/align/face-templates.js';

export interface Rec {
  f: string;
  p: [number, number][];
  q: number[];
  i: number[];
  none?: boolean;
  w: number;
  h: number;
}
export function loadRecs(): Map<string, Rec> {
  const m = new Map<string, Rec>();
  for (const part of [0, 1]) {
    const file = `/tmp/exp/lfw-${part}.jsonl`;
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const r = JSON.parse(line) as Rec;
        m.set(r.f, r);
      } catch {
        // the last line of a file another probe is still writing
      }
    }
  }
  return m;
}
const root = path.resolve(process.env.FACEGATE_DATASETS ?? '../shared/datasets', 'lfw');
export function pairs(folds: number[]) {
  return fs
    .readFileSync(path.join(root, 'pairs.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .filter((c) => folds.includes(Number(c[0])))
    .map((c) => ({
      fold: Number(c[0]),
      a: c[1]!.replace('images/', ''),
      b: c[2]!.replace('images/', ''),
      same: c[3]!.trim() === '1',
    }));
}
export function cos(a: ArrayLike<number>, b: ArrayLike<number>) {
  let s = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return s / Math.sqrt(na * nb);
}
export function accuracy(scored: { fold: number; s: number; same: boolean }[]) {
  const folds = [...new Set(scored.map((x) => x.fold))];
  let right = 0;
  for (const f of folds) {
    const train = scored.filter((x) => x.fold !== f);
    const cands = train.map((x) => x.s).sort((a, b) => a - b);
    let bestT = 0,
      bestA = -1;
    for (const t of cands) {
      const a = train.filter((x) => x.s >= t === x.same).length;
      if (a > bestA) {
        bestA = a;
        bestT = t;
      }
    }
    right += scored.filter((x) => x.fold === f && x.s >= bestT === x.same).length;
  }
  return right / scored.length;
}

export type Variant = {
  size: number;
  zoom: number;
  norm: 'raw' | 'unit' | 'sym' | 'mean';
  bgr: boolean;
  flip: boolean;
};
export function parseVariant(s: string): Variant {
  // e.g. 112:1:sym:bgr:flip
  const [size, zoom, norm, order, flip] = s.split(':');
  return {
    size: Number(size),
    zoom: Number(zoom),
    norm: norm as Variant['norm'],
    bgr: order === 'bgr',
    flip: flip === 'flip',
  };
}
export function chipFor(
  img: { data: Uint8Array; width: number; height: number },
  p: [number, number][],
  v: Variant,
  flip = false,
) {
  const pts = p.map(([x, y]) => ({ x, y }));
  const s = v.size / 112;
  // zoom < 1 shows more around the face (template shrunk towards the chip centre)
  const tpl = ARCFACE_112.map((q) => ({
    x: ((q.x - 56) * v.zoom + 56) * s,
    y: ((q.y - 56) * v.zoom + 56) * s,
  }));
  const m = similarityTransform(tpl, fivePointsFrom68(pts));
  const chip = warpAffine(img as never, m, v.size, v.size, flip);
  const out = new Float32Array(chip.length);
  for (let i = 0; i < chip.length; i += 3) {
    for (let c = 0; c < 3; c++) {
      const x = chip[i + (v.bgr ? 2 - c : c)]!;
      out[i + c] =
        v.norm === 'raw'
          ? x
          : v.norm === 'unit'
            ? x / 255
            : v.norm === 'sym'
              ? (x - 127.5) / 128
              : x;
    }
  }
  return out;
}

if (process.argv[1]?.endsWith('variants.ts')) {
  const [model, vs] = process.argv.slice(2) as [string, string];
  const recs = loadRecs();
  const ps = pairs([0, 1])
    .filter((p) => recs.get(p.a)?.p && recs.get(p.b)?.p)
    .filter((_, i) => i % 2 === 0);
  const files = [...new Set(ps.flatMap((p) => [p.a, p.b]))];
  console.log(`${ps.length} pairs, ${files.length} photos`);
  const tf = await loadRuntime();
  const net = await loadHumanGraphModel(tf, model);
  const outName =
    model === 'faceres' || model === 'faceres-deep' ? 'global_pooling/Mean' : undefined;
  const imgs = new Map<string, { data: Uint8Array; width: number; height: number }>();
  for (const f of files) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(root, 'images', f)));
    const info = await probeImage(bytes);
    imgs.set(f, await decodeRgb(bytes, info, Math.max(info.width, info.height)));
  }
  for (const vstr of vs.split(',')) {
    const v = parseVariant(vstr);
    const emb = new Map<string, Float32Array>();
    const t0 = Date.now();
    for (const f of files) {
      const r = recs.get(f)!;
      const chips = v.flip
        ? [chipFor(imgs.get(f)!, r.p, v), chipFor(imgs.get(f)!, r.p, v, true)]
        : [chipFor(imgs.get(f)!, r.p, v)];
      const x = tf.tensor4d(Float32Array.from(chips.flatMap((c) => Array.from(c))), [
        chips.length,
        v.size,
        v.size,
        3,
      ]);
      const y = (
        outName ? net.execute(x, outName) : net.execute(x)
      ) as import('@tensorflow/tfjs-core').Tensor;
      const d = y.dataSync() as Float32Array;
      const dim = d.length / chips.length;
      const e = new Float32Array(dim);
      for (let k = 0; k < chips.length; k++) {
        let n = 0;
        for (let i = 0; i < dim; i++) n += d[k * dim + i]! ** 2;
        n = Math.sqrt(n) || 1;
        for (let i = 0; i < dim; i++) e[i]! += d[k * dim + i]! / n;
      }
      emb.set(f, e);
      x.dispose();
      y.dispose();
    }
    const ms = (Date.now() - t0) / files.length;
    fs.mkdirSync('/tmp/exp/emb', { recursive: true });
    const acc = accuracy(
      ps.map((p) => ({ fold: p.fold, same: p.same, s: cos(emb.get(p.a)!, emb.get(p.b)!) })),
    );
    const dl = accuracy(
      ps.map((p) => ({ fold: p.fold, same: p.same, s: cos(recs.get(p.a)!.i, recs.get(p.b)!.i) })),
    );
    console.log(
      `${model} ${vstr}: ${(acc * 100).toFixed(2)} %  (dlib ${(dl * 100).toFixed(2)} %)  ${ms.toFixed(1)} ms/photo dim ${emb.values().next().value!.length}`,
    );
  }
}
