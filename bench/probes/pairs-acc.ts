// LFW verification (folds 0–4, threshold from the other folds) of the fused descriptor at several
// ResNet weights, with the ResNet query one-pass (as bench section `lfw` compares) or flip-averaged
// like the stored face (as searches compare). Usage: tsx pairs-acc.ts <emb-file-prefix>
import fs from 'node:fs';
import { loadRecs, cos, pairs, accuracy } from './variants.js';
import { halfOf } from '../src/split.js';

const [prefix] = process.argv.slice(2) as [string];
const recs = loadRecs();
const l2 = (v: number[]) => {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / n);
};
const other = new Map<string, number[]>();
for (const f of fs.readdirSync('/tmp/exp/emb').filter((f) => f.startsWith(prefix)))
  for (const line of fs.readFileSync('/tmp/exp/emb/' + f, 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { f: string; q: number[] };
    other.set(r.f, l2(r.q));
  }
const fit = [...other.keys()].filter((f) => halfOf(f.split('/')[0]!) === 0);
const sd = (s: (a: string, b: string) => number) => {
  const xs: number[] = [];
  for (let k = 0; k < 40000; k++) {
    const a = fit[(k * 7919) % fit.length]!,
      b = fit[(k * 104729 + 13) % fit.length]!;
    if (a.split('/')[0] !== b.split('/')[0]) xs.push(s(a, b));
  }
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
};
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
