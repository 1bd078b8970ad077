import { loadRecs, cos } from './variants.js';
import { protocol, searchAll, summary } from './openset.js';
import { fitLda, project } from './metric.js';
import { halfOf } from '../src/split.js';
const recs = new Map([...loadRecs()].filter(([, r]) => r.p));
const dimsList = (process.argv[2] ?? '32,64,96,128').split(',').map(Number);
const shrinks = (process.argv[3] ?? '0.1').split(',').map(Number);
for (const evalHalf of [0, 1] as const) {
  const p = protocol(recs, (person) => halfOf(person) === evalHalf);
  console.log(
    `-- eval half ${evalHalf}: gallery ${p.gallery.length} known ${p.known.length} strangers ${p.strangers.length}`,
  );
  summary(
    'raw cosine',
    searchAll(p, (q, g) => cos(recs.get(q)!.q, recs.get(g)!.i)),
  );
  // training classes: the other half, all photos (index and query embeddings both)
  const classes = new Map<string, Float32Array[]>();
  for (const [f, r] of recs) {
    const person = f.split('/')[0]!;
    if (halfOf(person) === evalHalf) continue;
    classes.set(person, [...(classes.get(person) ?? []), Float32Array.from(r.i)]);
  }
  for (const shrink of shrinks)
    for (const dims of dimsList) {
      const { P, mean } = fitLda([...classes.values()], dims, shrink);
      const cache = new Map<string, Float32Array>();
      const pr = (f: string, kind: 'q' | 'i') => {
        const k = f + kind;
        let v = cache.get(k);
        if (!v) {
          v = project(P, recs.get(f)![kind], mean);
          cache.set(k, v);
        }
        return v;
      };
      summary(
        `lda ${dims} shrink ${shrink}`,
        searchAll(p, (q, g) => cos(pr(q, 'q'), pr(g, 'i'))),
      );
    }
}
