import fs from 'node:fs';
import { loadRecs, cos } from './variants.js';
import { protocol, searchAll, summary } from './openset.js';
import { halfOf } from '../src/split.js';
const [name] = process.argv.slice(2) as [string];
const recs = new Map([...loadRecs()].filter(([, r]) => r.p));
const l2 = (v: number[]) => {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / n);
};
const other = new Map<string, { q: number[]; i: number[] }>();
for (const f of fs.readdirSync('/tmp/exp/emb').filter((f) => f.startsWith(name))) {
  for (const line of fs.readFileSync('/tmp/exp/emb/' + f, 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { f: string; q: number[]; m: number[] };
    const q = l2(r.q),
      m = l2(r.m);
    other.set(r.f, { q, i: l2(q.map((x, k) => x + m[k]!)) });
  }
}
console.log(`${other.size} photos with ${name}`);
const keep = (f: string) => other.has(f);
const r2 = new Map([...recs].filter(([f]) => keep(f)));
for (const half of [0, 1] as const) {
  const p = protocol(r2, (person) => halfOf(person) === half);
  // impostor stats per model from the other half (random different-person pairs)
  const train = [...r2.keys()].filter((f) => halfOf(f.split('/')[0]!) !== half);
  const stats = (s: (a: string, b: string) => number) => {
    const xs: number[] = [];
    for (let k = 0; k < 20000; k++) {
      const a = train[(k * 7919) % train.length]!,
        b = train[(k * 104729 + 13) % train.length]!;
      if (a.split('/')[0] === b.split('/')[0]) continue;
      xs.push(s(a, b));
    }
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
    return { m, sd };
  };
  const sd = stats((a, b) => cos(recs.get(a)!.q, recs.get(b)!.i));
  const so = stats((a, b) => cos(other.get(a)!.q, other.get(b)!.i));
  console.log(
    `-- half ${half}: gallery ${p.gallery.length}, strangers ${p.strangers.length}; dlib imp ${sd.m.toFixed(3)}±${sd.sd.toFixed(3)} ${name} ${so.m.toFixed(3)}±${so.sd.toFixed(3)}`,
  );
  for (const w of [1, 0.8, 0.7, 0.6, 0.5, 0]) {
    summary(
      `w_dlib ${w}`,
      searchAll(
        p,
        (q, g) =>
          (w * (cos(recs.get(q)!.q, recs.get(g)!.i) - sd.m)) / sd.sd +
          ((1 - w) * (cos(other.get(q)!.q, other.get(g)!.i) - so.m)) / so.sd,
      ),
    );
  }
}
