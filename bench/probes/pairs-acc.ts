// LFW verification (folds 0–4, threshold from the other folds) of the fused descriptor at several
// ResNet weights, with the ResNet query one-pass (as bench section `lfw` compares) or flip-averaged
// like the stored face (as searches compare). Usage: tsx pairs-acc.ts <emb-file-prefix>
import { impostorSpread, l2, loadFeatures } from './features.js';
import { loadRecs, cos, pairs, accuracy } from './variants.js';
import { halfOf } from '../src/split.js';

const [prefix] = process.argv.slice(2) as [string];
const recs = loadRecs();
const other = new Map([...loadFeatures(prefix)].map(([f, r]) => [f, l2(r.q)] as const));
const fit = [...other.keys()].filter((f) => halfOf(f.split('/')[0]!) === 0);
const sd = (s: (a: string, b: string) => number) => impostorSpread(fit, s).sd;
const sR = sd((a, b) => cos(recs.get(a)!.i, recs.get(b)!.i));
const sO = sd((a, b) => cos(other.get(a)!, other.get(b)!));
const ps = pairs([0, 1, 2, 3, 4]).filter(
  (p) => recs.get(p.a)?.p && recs.get(p.b)?.p && other.has(p.a) && other.has(p.b),
);
console.log(`${ps.length} pairs`);
for (const w of [1, 0.95, 0.9, 0.85, 0.8]) {
  const A = w / sR,
    B = (1 - w) / sO;
  const aR = A / (A + B);
  for (const q of ['one-pass', 'flip'] as const) {
    const acc = accuracy(
      ps.map((p) => ({
        fold: p.fold,
        same: p.same,
        s:
          aR * cos(q === 'flip' ? recs.get(p.a)!.i : recs.get(p.a)!.q, recs.get(p.b)!.i) +
          (1 - aR) * cos(other.get(p.a)!, other.get(p.b)!),
      })),
    );
    console.log(
      `w ${w} (ResNet share ${aR.toFixed(4)}), ResNet query ${q}: ${(acc * 100).toFixed(2)} %`,
    );
  }
}
