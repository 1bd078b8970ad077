import { loadRecs, cos } from './variants.js';
import { protocol, searchAll, ratesAt, pct } from './openset.js';
import { halfOf } from '../src/split.js';
const recs = new Map([...loadRecs()].filter(([, r]) => r.p));
const kind = (process.argv[2] ?? 'i') as 'i' | 'q';
for (const fit of [0, 1] as const) {
  const files = [...recs.keys()].filter((f) => halfOf(f.split('/')[0]!) === fit);
  const diff: number[] = [];
  const same: number[] = [];
  for (let a = 0; a < files.length; a++)
    for (let b = a + 1; b < files.length; b++) {
      const s = files[a]!.split('/')[0] === files[b]!.split('/')[0];
      const c = cos(recs.get(files[a]!)!.i, recs.get(files[b]!)![kind]);
      (s ? same : diff).push(c);
    }
  diff.sort((x, y) => y - x);
  same.sort((x, y) => y - x);
  const at = (far: number) => diff[Math.max(0, Math.floor(diff.length * far) - 1)]!;
  const evalHalf = (1 - fit) as 0 | 1;
  const pe = protocol(recs, (p) => halfOf(p) === evalHalf);
  const re = searchAll(pe, (q, g) => cos(recs.get(q)![kind], recs.get(g)!.i));
  const pf = protocol(recs);
  const rf = searchAll(pf, (q, g) => cos(recs.get(q)![kind], recs.get(g)!.i));
  console.log(
    `fit half ${fit}: ${diff.length} diff, ${same.length} same pairs; eval half ${evalHalf} gallery ${pe.gallery.length}`,
  );
  for (const far of [1e-3, 3e-4, 1e-4, 5e-5, 3e-5, 2e-5, 1e-5]) {
    const c = at(far);
    const tar = same.filter((s) => s >= c).length / same.length;
    const h = ratesAt(re, c),
      f = ratesAt(rf, c);
    console.log(
      `FAR ${far.toExponential(0)} cos ${c.toFixed(4)} TAR(fit) ${pct(tar)} | held-out half: named ${pct(h.named)} wrong ${pct(h.wrong)} strangers ${pct(h.strangers)} | full: named ${pct(f.named)} wrong ${pct(f.wrong)} strangers ${pct(f.strangers)}`,
    );
  }
}
