// Which per-pair FAR to anchor score 80 at, for the fused descriptor (ResNet flip + second
// descriptor one chip, weights from half-0 impostor statistics): fits the cosine at several FARs
// on half 0's different-person pairs and reports the open-set protocol at it on half 1 (held out)
// and on all people. Usage: tsx calib2.ts <emb-file-prefix>=<weight>[,<prefix>=<weight>...]
// (the ResNet gets 1 − the other weights; `none` for the ResNet alone)
import { impostorSpread, l2, loadFeatures } from './features.js';
import { loadRecs, cos } from './variants.js';
import { searchPeople, ratesAt, pct } from './openset.js';
import { halfOf } from '../src/split.js';

const [spec] = process.argv.slice(2) as [string];
const parts = spec === 'none' ? [] : spec.split(',').map((x) => x.split('=') as [string, string]);
const w = 1 - parts.reduce((s, [, v]) => s + Number(v), 0);
const recs = new Map([...loadRecs()].filter(([, r]) => r.p));
const others = parts.map(
  ([prefix]) => new Map([...loadFeatures(prefix)].map(([f, r]) => [f, l2(r.q)] as const)),
);
const files = [...recs.keys()].filter((f) => others.every((m) => m.has(f))).sort();
const person = (f: string) => f.split('/')[0]!;
const fit = files.filter((f) => halfOf(person(f)) === 0);
const stat = (s: (a: string, b: string) => number) => impostorSpread(fit, s).sd;
const raw = [w / stat((a, b) => cos(recs.get(a)!.i, recs.get(b)!.i))].concat(
  others.map((m, k) => Number(parts[k]![1]) / stat((a, b) => cos(m.get(a)!, m.get(b)!))),
);
const total = raw.reduce((s, x) => s + x, 0);
const shares = raw.map((x) => x / total);
console.log(`shares of the cosine: resnet ${shares.map((x) => x.toFixed(4)).join(', ')}`);
const fused = (a: string, b: string) =>
  shares[0]! * cos(recs.get(a)!.i, recs.get(b)!.i) +
  others.reduce((s, m, k) => s + shares[k + 1]! * cos(m.get(a)!, m.get(b)!), 0);
// every different-person pair of half 0
const diff: number[] = [];
for (let i = 0; i < fit.length; i++)
  for (let j = i + 1; j < fit.length; j++)
    if (person(fit[i]!) !== person(fit[j]!)) diff.push(fused(fit[i]!, fit[j]!));
diff.sort((x, y) => y - x);
console.log(`${diff.length} different-person pairs in half 0`);
const r2 = new Map([...recs].filter(([f]) => others.every((m) => m.has(f))));
const [held, inSample, all] = searchPeople(r2, fused);
for (const far of (process.env.FARS ?? '2e-4,1e-4,7e-5,5e-5,3e-5,2e-5,1e-5,5e-6')
  .split(',')
  .map(Number)) {
  const t = diff[Math.max(0, Math.ceil(far * diff.length) - 1)]!;
  const h = ratesAt(held, t),
    a = ratesAt(all, t),
    i = ratesAt(inSample, t);
  console.log(
    `FAR ${far.toExponential(1)} cos ${t.toFixed(4)} | fit half 0: named ${pct(i.named)} wrong ${pct(i.wrong)} strangers ${pct(i.strangers)} | held-out half 1: named ${pct(h.named)} wrong ${pct(h.wrong)} strangers ${pct(h.strangers)} | all: named ${pct(a.named)} wrong ${pct(a.wrong)} strangers ${pct(a.strangers)}`,
  );
}

// The user anchor: on half 0, the cut where user searches (best of up to three faces per person:
// the first, third and fourth photo) name as many strangers as single-face searches do at the
// score-80 cut of FAR_AT_80 (env, default 1.8e-4).
const far80 = Number(process.env.FAR_AT_80 ?? 1.8e-4);
const c80 = diff[Math.max(0, Math.ceil(far80 * diff.length) - 1)]!;
const byPerson = new Map<string, string[]>();
for (const f of files) byPerson.set(person(f), [...(byPerson.get(person(f)) ?? []), f]);
for (const half of [0, 1]) {
  const users: Array<{ who: string; faces: string[] }> = [];
  const known: string[] = [];
  const strangers: string[] = [];
  for (const [p, fs] of byPerson) {
    if (halfOf(p) !== half) continue;
    if (fs.length < 2) strangers.push(fs[0]!);
    else {
      users.push({ who: p, faces: [fs[0]!, ...fs.slice(2, 4)] });
      known.push(fs[1]!);
    }
  }
  const bestUser = (probe: string) => {
    let s = -2,
      who = '';
    for (const u of users) {
      const cs = u.faces.map((f) => fused(probe, f)).sort((a, b) => b - a);
      // USER_RULE: max (shipped), mean2 (mean of the best two), mean (of all the user's faces)
      const rule = process.env.USER_RULE ?? 'max';
      const c =
        rule === 'mean2'
          ? (cs[0]! + (cs[1] ?? cs[0]!)) / 2
          : rule === 'mean'
            ? cs.reduce((a, b) => a + b, 0) / cs.length
            : cs[0]!;
      if (c > s) {
        s = c;
        who = u.who;
      }
    }
    return { s, right: who === person(probe) };
  };
  const faceRun = half === 0 ? inSample : held;
  const target = ratesAt(faceRun, c80).strangers;
  const uk = known.map(bestUser);
  const us = strangers.map((p) => bestUser(p).s).sort((a, b) => b - a);
  // smallest cut with user strangers named <= target
  const k = Math.floor(target * us.length);
  const cut = (us[k]! + (us[k - 1] ?? us[k]! + 1e-3)) / 2;
  const named = (c: number) => uk.filter((x) => x.s >= c && x.right).length / uk.length;
  // named among the users enrolled with n photos (1, 2 or 3)
  const namedWith = (c: number, n: number) => {
    const sel = uk.filter((_, i) => users[i]!.faces.length === n);
    return `${n} photos (${sel.length}): ${pct(sel.filter((x) => x.s >= c && x.right).length / sel.length)}`;
  };
  const str = (c: number) => us.filter((x) => x >= c).length / us.length;
  console.log(
    `half ${half}: faces at c80 ${c80.toFixed(4)}: strangers ${pct(target)}; users at c80: named ${pct(named(c80))} strangers ${pct(str(c80))}; user cut for the same strangers ${cut.toFixed(4)}: named ${pct(named(cut))} strangers ${pct(str(cut))}; ${[1, 2, 3].map((n) => namedWith(cut, n)).join(', ')}`,
  );
}
