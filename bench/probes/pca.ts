// Smaller embeddings: faceres' 1,024 features projected on their top-k principal components
// (fitted on half 0's photos, optionally whitened) before fusion, against the full features.
// Prints the score-80 operating point chosen as shipped (largest half-0 FAR with <= 5 % strangers
// on half 0) and the open-set protocol on half 1 and on all people at it.
// Usage: tsx pca.ts <faceres-file-prefix> <k,k,...> [whiten]
import fs from 'node:fs';
import { loadRecs, cos } from './variants.js';
import { searchPeople, ratesAt, atNamed, pct } from './openset.js';
import { halfOf } from '../src/split.js';
import { impostorSpread } from './features.js';

const [prefix, ks, mode] = process.argv.slice(2) as [string, string, string | undefined];
const recs = new Map([...loadRecs()].filter(([, r]) => r.p));
const l2 = (v: Float64Array | number[]) => {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  return Float64Array.from(v, (x) => x / n);
};
const raw = new Map<string, Float64Array>();
for (const f of fs.readdirSync('/tmp/exp/emb').filter((f) => f.startsWith(prefix)))
  for (const line of fs.readFileSync('/tmp/exp/emb/' + f, 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { f: string; q: number[] };
    raw.set(r.f, l2(r.q));
  }
const person = (f: string) => f.split('/')[0]!;
const files = [...raw.keys()].filter((f) => recs.has(f)).sort();
const fit = files.filter((f) => halfOf(person(f)) === 0);
const D = 1024;
const mean = new Float64Array(D);
for (const f of fit) raw.get(f)!.forEach((x, i) => (mean[i]! += x / fit.length));
// covariance of half 0
const C = new Float64Array(D * D);
for (const f of fit) {
  const v = raw.get(f)!.map((x, i) => x - mean[i]!);
  for (let i = 0; i < D; i++) {
    const vi = v[i]!;
    if (vi === 0) continue;
    for (let j = 0; j < D; j++) C[i * D + j]! += (vi * v[j]!) / fit.length;
  }
}
// top-K eigenvectors by subspace iteration
const K = Math.max(...ks.split(',').map(Number));
let Q: Float64Array[] = Array.from({ length: K }, (_, k) =>
  Float64Array.from({ length: D }, (_, i) => (Math.sin(i * 12.9898 + k * 78.233) * 43758.5453) % 1),
);
const orth = (vs: Float64Array[]) => {
  for (let a = 0; a < vs.length; a++) {
    for (let b = 0; b < a; b++) {
      let d = 0;
      for (let i = 0; i < D; i++) d += vs[a]![i]! * vs[b]![i]!;
      for (let i = 0; i < D; i++) vs[a]![i]! -= d * vs[b]![i]!;
    }
    vs[a] = l2(vs[a]!);
  }
  return vs;
};
Q = orth(Q);
for (let it = 0; it < 40; it++) {
  Q = orth(
    Q.map((q) => {
      const out = new Float64Array(D);
      for (let i = 0; i < D; i++) {
        let s = 0;
        for (let j = 0; j < D; j++) s += C[i * D + j]! * q[j]!;
        out[i] = s;
      }
      return out;
    }),
  );
}
const eig = Q.map((q) => {
  let s = 0;
  for (let i = 0; i < D; i++) {
    let t = 0;
    for (let j = 0; j < D; j++) t += C[i * D + j]! * q[j]!;
    s += q[i]! * t;
  }
  return s;
});
console.log(
  `top eigenvalues ${eig
    .slice(0, 5)
    .map((x) => x.toExponential(2))
    .join(' ')} … ${eig[K - 1]!.toExponential(2)}`,
);
for (const k of ['full', ...ks.split(',')]) {
  const proj = new Map<string, Float64Array>();
  for (const f of files) {
    const v = raw.get(f)!;
    if (k === 'full') proj.set(f, v);
    else
      proj.set(
        f,
        l2(
          Q.slice(0, Number(k)).map((q, c) => {
            let s = 0;
            for (let i = 0; i < D; i++) s += q[i]! * (v[i]! - mean[i]!);
            return mode === 'whiten' ? s / Math.sqrt(eig[c]!) : s;
          }),
        ),
      );
  }
  // shares from half-0 impostor spreads, as shipped (w = 0.8)
  const spread = (s: (a: string, b: string) => number) => impostorSpread(fit, s).sd;
  const A = 0.8 / spread((a, b) => cos(recs.get(a)!.i, recs.get(b)!.i));
  const B = 0.2 / spread((a, b) => cos(proj.get(a)!, proj.get(b)!));
  const aR = A / (A + B);
  const fused = (a: string, b: string) =>
    aR * cos(recs.get(a)!.i, recs.get(b)!.i) + (1 - aR) * cos(proj.get(a)!, proj.get(b)!);
  const r2 = new Map([...recs].filter(([f]) => proj.has(f)));
  const [h1, h0, all] = searchPeople(r2, fused);
  // the score-80 cut as shipped: the lowest cut where half 0 names <= 5 % of strangers
  const s0 = [...h0.strangers].sort((a, b) => b - a);
  const cut = s0[Math.floor(0.05 * s0.length)]! + 1e-6;
  const r1 = ratesAt(h1, cut),
    ra = ratesAt(all, cut);
  console.log(
    `${String(k).padStart(4)} dims (ResNet share ${aR.toFixed(3)}): at the half-0 5 % cut: held out named ${pct(r1.named)} wrong ${pct(r1.wrong)} strangers ${pct(r1.strangers)}; all ${pct(ra.named)} / ${pct(ra.wrong)} / ${pct(ra.strangers)}; at 90 % named: held out ${pct(atNamed(h1, 0.9)?.strangers)}, all ${pct(atNamed(all, 0.9)?.strangers)}`,
  );
}

// WRITE=<k>: the engine's projection file (packages/engine/models/faceres-pca<k>.bin: the 1,024
// means, then k rows of 1,024 components, float32 little-endian) and the projected features of
// every photo as /tmp/exp/emb/faceres-pca<k>-0.jsonl (for calib2.ts).
if (process.env.WRITE) {
  const k = Number(process.env.WRITE);
  const out = new Float32Array(D + k * D);
  out.set(mean, 0);
  for (let c = 0; c < k; c++) out.set(Q[c]!, D + c * D);
  fs.mkdirSync('packages/engine/models', { recursive: true });
  fs.writeFileSync(`packages/engine/models/faceres-pca${k}.bin`, Buffer.from(out.buffer));
  const lines: string[] = [];
  for (const f of files) {
    const v = raw.get(f)!;
    const p = Q.slice(0, k).map((q) => {
      let s = 0;
      for (let i = 0; i < D; i++) s += out[D + Q.indexOf(q) * D + i]! * (v[i]! - out[i]!);
      return s;
    });
    lines.push(JSON.stringify({ f, q: Array.from(l2(p), (z) => +z.toFixed(6)) }));
  }
  fs.writeFileSync(`/tmp/exp/emb/faceres-pca${k}-0.jsonl`, lines.join('\n') + '\n');
  console.log(
    `wrote packages/engine/models/faceres-pca${k}.bin and /tmp/exp/emb/faceres-pca${k}-0.jsonl`,
  );
}
