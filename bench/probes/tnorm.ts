// Cohort score normalisation of the query (T-norm): a query that looks like many faces (a "hub")
// has its best score lowered. The cohort is the other half's photos (never the query's own people);
// the normalised best score is (best − μ)/σ over the query's cosines with the cohort, or best − the
// mean of its top-k cohort cosines. The best match never changes (the shift is per query), only
// whether it is named. Usage: tsx tnorm.ts (facegate-2.0's shares, faceres-pca64 features).
import { l2, loadFeatures } from './features.js';
import { loadRecs, cos } from './variants.js';
import { PEOPLE, protocol, searchAll, summary } from './openset.js';
import { halfOf } from '../src/split.js';

const SHARES = [0.9455, 0.0545];
const recs = new Map([...loadRecs()].filter(([, r]) => r.p));
const fr = new Map([...loadFeatures('faceres-pca64-')].map(([f, r]) => [f, l2(r.q)] as const));
const files = [...recs.keys()].filter((f) => fr.has(f)).sort();
const person = (f: string) => f.split('/')[0]!;
const fused = (a: string, b: string) =>
  SHARES[0]! * cos(recs.get(a)!.i, recs.get(b)!.i) + SHARES[1]! * cos(fr.get(a)!, fr.get(b)!);
const cohortOf = [0, 1].map((h) => files.filter((f) => halfOf(person(f)) !== h));
const stats = new Map<string, number[]>();
/** The query's cosines with its cohort, sorted descending (cached). */
const cohortScores = (q: string) => {
  let s = stats.get(q);
  if (!s) {
    s = cohortOf[halfOf(person(q))]!.map((c) => fused(q, c)).sort((a, b) => b - a);
    stats.set(q, s);
  }
  return s;
};
const r2 = new Map([...recs].filter(([f]) => fr.has(f)));
const norms: Array<[string, (q: string, s: number) => number]> = [
  ['raw', (_q, s) => s],
  [
    'z (all cohort)',
    (q, s) => {
      const c = cohortScores(q);
      const m = c.reduce((a, b) => a + b, 0) / c.length;
      const sd = Math.sqrt(c.reduce((a, b) => a + (b - m) ** 2, 0) / c.length);
      return (s - m) / sd;
    },
  ],
  ...[1, 5, 20, 100].map(
    (k) =>
      [
        `s − mean top-${k}`,
        (q: string, s: number) =>
          s -
          cohortScores(q)
            .slice(0, k)
            .reduce((a, b) => a + b, 0) /
            k,
      ] as [string, (q: string, s: number) => number],
  ),
  ...[0.25, 0.5].map(
    (w) =>
      [
        `s − ${w}·mean top-20`,
        (q: string, s: number) =>
          s -
          (w *
            cohortScores(q)
              .slice(0, 20)
              .reduce((a, b) => a + b, 0)) /
            20,
      ] as [string, (q: string, s: number) => number],
  ),
];
const queryVec = (f: string) => [
  ...recs.get(f)!.i.map((x) => x * Math.sqrt(SHARES[0]!)),
  ...fr.get(f)!.map((x) => x * Math.sqrt(SHARES[1]!)),
];
/** k-means centroids (unit length) of a half's photos: an aggregate cohort, no one's own face. */
function centroids(photos: string[], k: number): number[][] {
  const xs = photos.map(queryVec);
  let cs = Array.from({ length: k }, (_, j) => xs[(j * 7919) % xs.length]!);
  for (let it = 0; it < 10; it++) {
    const sums = cs.map(() => new Array<number>(xs[0]!.length).fill(0));
    for (const x of xs) {
      let best = 0,
        bs = -2;
      cs.forEach((c, j) => {
        const d = cos(x, c);
        if (d > bs) {
          bs = d;
          best = j;
        }
      });
      x.forEach((v, i) => (sums[best]![i]! += v));
    }
    cs = sums.map((s, j) => (s.every((v) => v === 0) ? cs[j]! : l2(s)));
  }
  return cs;
}
const centroidSets = new Map<number, number[][][]>();
for (const k of [64, 256])
  centroidSets.set(
    k,
    [0, 1].map((h) => centroids(cohortOf[h]!, k)),
  );
for (const k of [64, 256])
  for (const top of [1, 5])
    norms.push([
      `s − mean top-${top} of ${k} centroids`,
      (q, s) => {
        const set = centroidSets.get(k)![halfOf(person(q))]!;
        const c = set.map((x) => cos(queryVec(q), x)).sort((a, b) => b - a);
        return s - c.slice(0, top).reduce((a, b) => a + b, 0) / top;
      },
    ]);
// A Gaussian model of the cohort (its mean and covariance: aggregate statistics, like the PCA):
// a query's top cohort scores are about q·m + c·√(qᵀΣq), so subtract that for several c.
function gaussianOf(photos: string[]) {
  const xs = photos.map(queryVec);
  const d = xs[0]!.length;
  const m = new Array<number>(d).fill(0);
  for (const x of xs) for (let i = 0; i < d; i++) m[i]! += x[i]! / xs.length;
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const x of xs)
    for (let i = 0; i < d; i++) {
      const xi = x[i]! - m[i]!;
      for (let j = 0; j < d; j++) cov[i]![j]! += (xi * (x[j]! - m[j]!)) / xs.length;
    }
  return { m, cov };
}
const gaussians = [0, 1].map((h) => gaussianOf(cohortOf[h]!));
const gaussStats = new Map<string, { mu: number; sd: number }>();
const gaussOf = (q: string) => {
  let g = gaussStats.get(q);
  if (!g) {
    const { m, cov } = gaussians[halfOf(person(q))]!;
    const v = queryVec(q);
    const mu = cos(v, m);
    let varq = 0;
    for (let i = 0; i < v.length; i++) {
      let row = 0;
      for (let j = 0; j < v.length; j++) row += cov[i]![j]! * v[j]!;
      varq += v[i]! * row;
    }
    g = { mu, sd: Math.sqrt(varq) };
    gaussStats.set(q, g);
  }
  return g;
};
for (const c of (process.env.GAUSS_C ?? '0,1,2,3,4').split(',').map(Number))
  norms.push([
    `s − (q·m + ${c}·σ_q) (Gaussian cohort)`,
    (q, s) => {
      const g = gaussOf(q);
      return s - (g.mu + c * g.sd);
    },
  ]);
for (const [label, keep] of PEOPLE) {
  const proto = protocol(r2, keep);
  const raw = searchAll(proto, fused);
  console.log(`== ${label}: ${proto.gallery.length} enrolled, ${proto.strangers.length} strangers`);
  // the gallery itself as the cohort: best minus the mean of the next five
  const gal = (q: string) => proto.gallery.map((g) => fused(q, g)).sort((a, b) => b - a);
  const galNorm = (q: string, s: number) =>
    s -
    gal(q)
      .slice(1, 6)
      .reduce((a, b) => a + b, 0) /
      5;
  for (const [name, norm] of [...norms, ['gallery: s − mean of ranks 2–6', galNorm] as const]) {
    summary(name, {
      known: raw.known.map((x, i) => ({ s: norm(proto.known[i]!, x.s), right: x.right })),
      strangers: raw.strangers.map((s, i) => norm(proto.strangers[i]!, s)),
    });
  }
}
