// The fused descriptor as the engine would ship it: ResNet (query flip-averaged like the stored face)
// and a second descriptor concatenated with weights, so one cosine ranks. Weights come from impostor
// statistics of half 0 only. Reports the open-set protocol on all people and on each half.
// Usage: tsx fuse2.ts <model> [center]   (center: subtract the half-0 mean of the second descriptor)
import { impostorSpread, l2, loadFeatures } from './features.js';
import { loadRecs, cos } from './variants.js';
import { PEOPLE, protocol, searchAll, summary } from './openset.js';
import { halfOf } from '../src/split.js';

const [name, mode] = process.argv.slice(2) as [string, string | undefined];
const recs = new Map([...loadRecs()].filter(([, r]) => r.p));
// chip and mirror features (embed-all.ts files have both)
const raw = new Map([...loadFeatures(name)].map(([f, r]) => [f, { q: r.q, m: r.m ?? r.q }]));
const fitFiles = [...raw.keys()].filter((f) => halfOf(f.split('/')[0]!) === 0);
const dim = raw.values().next().value!.q.length;
const mean = new Array<number>(dim).fill(0);
if (mode === 'center') {
  for (const f of fitFiles) {
    const r = raw.get(f)!;
    const a = l2(r.q),
      b = l2(r.m);
    for (let i = 0; i < dim; i++) mean[i]! += (a[i]! + b[i]!) / (2 * fitFiles.length);
  }
}
const other = new Map<string, { q: number[]; i: number[] }>();
for (const [f, r] of raw) {
  const q = l2(l2(r.q).map((x, i) => x - mean[i]!));
  const m = l2(l2(r.m).map((x, i) => x - mean[i]!));
  other.set(f, { q, i: l2(q.map((x, k) => x + m[k]!)) });
}
console.log(`${other.size} photos with ${name} (${dim}-d)${mode === 'center' ? ', centred' : ''}`);
const r2 = new Map([...recs].filter(([f]) => other.has(f)));

// impostor statistics on half 0 (different-person pairs, stored vs stored)
const stats = (s: (a: string, b: string) => number) => impostorSpread(fitFiles, s);
const sd = stats((a, b) => cos(recs.get(a)!.i, recs.get(b)!.i));
const so = stats((a, b) => cos(other.get(a)!.i, other.get(b)!.i));
console.log(
  `impostors (half 0): resnet ${sd.m.toFixed(3)}±${sd.sd.toFixed(4)}  ${name} ${so.m.toFixed(3)}±${so.sd.toFixed(4)}`,
);
for (const [label, keep] of PEOPLE) {
  const p = protocol(r2, keep);
  console.log(`-- ${label}: gallery ${p.gallery.length}, strangers ${p.strangers.length}`);
  const ws = (process.env.WEIGHTS ?? '1,0.9,0.8,0.7').split(',').map(Number);
  const modes = (process.env.MODES ?? 'flip/flip,one/flip').split(',');
  for (const w of ws) {
    for (const mode of w === 1 ? ['flip/flip'] : modes) {
      const [q, st] = mode.split('/');
      summary(
        `w ${w} ${name} ${mode}`,
        searchAll(p, (a, g) => {
          const c1 = cos(recs.get(a)!.i, recs.get(g)!.i);
          const o = other.get(a)!;
          const og = other.get(g)!;
          const c2 = cos(q === 'flip' ? o.i : o.q, st === 'flip' ? og.i : og.q);
          return (w * (c1 - sd.m)) / sd.sd + ((1 - w) * (c2 - so.m)) / so.sd;
        }),
      );
    }
  }
}
