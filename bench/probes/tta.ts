import { loadRecs, cos } from './variants.js';
import { protocol, searchAll, summary } from './openset.js';
const recs = new Map([...loadRecs()].filter(([, r]) => r.p));
const p = protocol(recs);
console.log(`gallery ${p.gallery.length} known ${p.known.length} strangers ${p.strangers.length}`);
summary(
  'query(no flip) vs index',
  searchAll(p, (q, g) => cos(recs.get(q)!.q, recs.get(g)!.i)),
);
summary(
  'flip query vs index',
  searchAll(p, (q, g) => cos(recs.get(q)!.i, recs.get(g)!.i)),
);
// margin rule: best cos + m * (best - second best) -- needs a second pass
for (const m of [0.5, 1, 2]) {
  const person = (f: string) => f.split('/')[0]!;
  const run = (probe: string) => {
    const sc = p.gallery
      .map((g) => ({ s: cos(recs.get(probe)!.q, recs.get(g)!.i), who: person(g) }))
      .sort((a, b) => b.s - a.s);
    return { s: sc[0]!.s + m * (sc[0]!.s - sc[1]!.s), right: sc[0]!.who === person(probe) };
  };
  summary(`cos + ${m} margin`, {
    known: p.known.map(run),
    strangers: p.strangers.map((f) => run(f).s),
  });
}
