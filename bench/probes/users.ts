import { loadRecs, cos } from './variants.js';
import { pct } from './openset.js';
import { halfOf } from '../src/split.js';
const recs = new Map([...loadRecs()].filter(([, r]) => r.p));
const l2 = (v: number[]) => {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / n);
};
const byPerson = new Map<string, string[]>();
for (const f of [...recs.keys()].sort()) {
  const p = f.split('/')[0]!;
  byPerson.set(p, [...(byPerson.get(p) ?? []), f]);
}
function setup(keep: (p: string) => boolean) {
  const users: { who: string; faces: number[][]; tmpl: number[] }[] = [];
  const known: string[] = [];
  const strangers: string[] = [];
  for (const [p, fs] of byPerson) {
    if (!keep(p)) continue;
    if (fs.length < 2) {
      strangers.push(fs[0]!);
      continue;
    }
    const enrol = [fs[0]!, ...fs.slice(2, 4)];
    const faces = enrol.map((f) => recs.get(f)!.i);
    users.push({
      who: p,
      faces,
      tmpl: l2(faces[0]!.map((_, k) => faces.reduce((s, v) => s + v[k]!, 0))),
    });
    known.push(fs[1]!);
  }
  return { users, known, strangers };
}
const best = (u: ReturnType<typeof setup>['users'], probe: string, mode: 'max' | 'tmpl') => {
  const q = recs.get(probe)!.i;
  let s = -2,
    who = '';
  for (const x of u) {
    const c = mode === 'max' ? Math.max(...x.faces.map((f) => cos(q, f))) : cos(q, x.tmpl);
    if (c > s) {
      s = c;
      who = x.who;
    }
  }
  return { s, right: who === probe.split('/')[0] };
};
for (const fit of [0, 1] as const) {
  // fit the template cut on the fit half: template vs different-person photos, FAR 5e-5
  const F = setup((p) => halfOf(p) === fit);
  const photos = [...recs.keys()].filter((f) => halfOf(f.split('/')[0]!) === fit);
  const diff: number[] = [];
  for (const u of F.users)
    for (const f of photos) if (f.split('/')[0] !== u.who) diff.push(cos(recs.get(f)!.i, u.tmpl));
  diff.sort((a, b) => b - a);
  const diffMax: number[] = [];
  for (const u of F.users)
    for (const f of photos)
      if (f.split('/')[0] !== u.who)
        diffMax.push(Math.max(...u.faces.map((g) => cos(recs.get(f)!.i, g))));
  diffMax.sort((a, b) => b - a);
  const E = setup((p) => halfOf(p) !== fit);
  console.log(
    `fit ${fit}: ${F.users.length} users, ${diff.length} template impostor pairs; eval users ${E.users.length}, strangers ${E.strangers.length}, users with 3 faces ${E.users.filter((u) => u.faces.length === 3).length}`,
  );
  for (const far of [1e-4, 5e-5, 2e-5]) {
    const ct = diff[Math.floor(diff.length * far)]!,
      cm = diffMax[Math.floor(diffMax.length * far)]!;
    for (const [mode, c] of [
      ['max', 0.9445],
      ['max', cm],
      ['tmpl', ct],
    ] as const) {
      const k = E.known.map((p) => best(E.users, p, mode));
      const s = E.strangers.map((p) => best(E.users, p, mode).s);
      console.log(
        `  FAR ${far} ${mode} cut ${c.toFixed(4)}: named ${pct(k.filter((x) => x.s >= c && x.right).length / k.length)} wrong ${pct(k.filter((x) => x.s >= c && !x.right).length / k.length)} strangers ${pct(s.filter((x) => x >= c).length / s.length)}`,
      );
    }
  }
}
