// Open-set protocol on cached embeddings, shared by the probes: enrolled = people with >= 2
// photos (first enrolled, second searched), strangers = people with 1 photo; the rates at a cut and
// at the cut that names a given share.
import type { Rec } from './variants.js';
import { halfOf } from '../src/split.js';

/** The people the probes run the protocol on: the held-out half, the fitting half, everyone. */
export const PEOPLE: ReadonlyArray<readonly [string, (person: string) => boolean]> = [
  ['held-out half 1', (p) => halfOf(p) === 1],
  ['half 0', (p) => halfOf(p) === 0],
  ['all 747', () => true],
];

export interface Protocol {
  gallery: string[];
  known: string[];
  strangers: string[];
}
export function protocol(
  recs: Map<string, Rec>,
  keep: (person: string) => boolean = () => true,
): Protocol {
  const byPerson = new Map<string, string[]>();
  for (const f of [...recs.keys()].sort()) {
    const person = f.split('/')[0]!;
    if (!keep(person)) continue;
    byPerson.set(person, [...(byPerson.get(person) ?? []), f]);
  }
  const gallery: string[] = [],
    known: string[] = [],
    strangers: string[] = [];
  for (const [, fs] of byPerson) {
    if (fs.length >= 2) {
      gallery.push(fs[0]!);
      known.push(fs[1]!);
    } else strangers.push(fs[0]!);
  }
  return { gallery, known, strangers };
}

/** best[i] = { s: best score, right: whether the best is the same person } per probe. */
export function searchAll(
  p: Protocol,
  score: (probe: string, enrolled: string) => number,
): { known: { s: number; right: boolean }[]; strangers: number[] } {
  const person = (f: string) => f.split('/')[0]!;
  const best = (probe: string) => {
    let s = -Infinity,
      who = '';
    for (const g of p.gallery) {
      const x = score(probe, g);
      if (x > s) {
        s = x;
        who = person(g);
      }
    }
    return { s, right: who === person(probe) };
  };
  return { known: p.known.map(best), strangers: p.strangers.map((f) => best(f).s) };
}

/** searchAll on each of PEOPLE, in its order: the held-out half, half 0, everyone. */
export function searchPeople(
  recs: Map<string, Rec>,
  score: (probe: string, enrolled: string) => number,
): [Searched, Searched, Searched] {
  return PEOPLE.map(([, keep]) => searchAll(protocol(recs, keep), score)) as [
    Searched,
    Searched,
    Searched,
  ];
}

/** What searchAll gives: each probe's best score, and whether it names the right person. */
export type Searched = ReturnType<typeof searchAll>;

export function ratesAt(r: Searched, t: number) {
  const named = r.known.filter((x) => x.s >= t && x.right).length / r.known.length;
  const wrong = r.known.filter((x) => x.s >= t && !x.right).length / r.known.length;
  const strangers = r.strangers.filter((s) => s >= t).length / r.strangers.length;
  return { named, wrong, strangers };
}
/** Strangers named (and wrong) at the cut that keeps `target` of enrolled people named correctly. */
export function atNamed(r: Searched, target: number) {
  const rights = r.known
    .filter((x) => x.right)
    .map((x) => x.s)
    .sort((a, b) => b - a);
  const k = Math.ceil(target * r.known.length) - 1;
  if (k >= rights.length) return undefined;
  const t = rights[k]!;
  return { t, ...ratesAt(r, t) };
}
export function pct(x: number | undefined) {
  return x === undefined ? '  n/a' : (x * 100).toFixed(1).padStart(5);
}
export function summary(name: string, r: Searched) {
  const parts = [0.85, 0.9, 0.93].map((t) => {
    const a = atNamed(r, t);
    return a ? `${t * 100}%: str ${pct(a.strangers)} wrong ${pct(a.wrong)}` : `${t * 100}%: n/a`;
  });
  console.log(`${name.padEnd(28)} ${parts.join(' | ')}`);
}
