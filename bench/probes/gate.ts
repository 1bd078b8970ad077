// Quality gating of the query: a search whose photo scores low on a quality signal answers "not
// sure" (no name) instead of its best match. Compared with plain thresholding at the same share of
// enrolled people named correctly. Signals: |yaw| and |pitch| from the 68 landmarks, BlazeFace's
// score, the norm of faceres' raw features (a quality cue for margin-trained descriptors).
// Usage: tsx gate.ts <faceres-file-prefix>   (fused as shipped: ResNet share 0.8915)
import fs from 'node:fs';
import { loadRecs, cos } from './variants.js';
import { protocol, searchAll, atNamed, pct, type Protocol } from './openset.js';
import { halfOf } from '../src/split.js';
import { poseOf } from '../../packages/engine/src/detail/face-detail.js';

const [prefix] = process.argv.slice(2) as [string];
const recs = new Map([...loadRecs()].filter(([, r]) => r.p));
const l2 = (v: number[]) => {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / n);
};
const fr = new Map<string, { e: number[]; norm: number }>();
for (const f of fs.readdirSync('/tmp/exp/emb').filter((f) => f.startsWith(prefix)))
  for (const line of fs.readFileSync('/tmp/exp/emb/' + f, 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { f: string; q: number[] };
    fr.set(r.f, { e: l2(r.q), norm: Math.hypot(...r.q) });
  }
const SHARE = 0.8915;
const fused = (a: string, b: string) =>
  SHARE * cos(recs.get(a)!.i, recs.get(b)!.i) + (1 - SHARE) * cos(fr.get(a)!.e, fr.get(b)!.e);
const quality: Record<string, (f: string) => number> = {
  yaw: (f) => -Math.abs(poseOf(recs.get(f)!.p.map(([x, y]) => ({ x, y }))).Yaw),
  pitch: (f) => -Math.abs(poseOf(recs.get(f)!.p.map(([x, y]) => ({ x, y }))).Pitch),
  detScore: (f) => (recs.get(f) as unknown as { score: number }).score,
  faceresNorm: (f) => fr.get(f)!.norm,
};
const r2 = new Map([...recs].filter(([f]) => fr.has(f)));
for (const [label, keep] of [
  ['held-out half 1', (p: string) => halfOf(p) === 1],
  ['all', () => true],
] as const) {
  const p: Protocol = protocol(r2, keep);
  const base = searchAll(p, fused);
  const b90 = atNamed(base, 0.9),
    b85 = atNamed(base, 0.85);
  console.log(
    `-- ${label}: no gate: at 85 % named strangers ${pct(b85?.strangers)}, at 90 % ${pct(b90?.strangers)}`,
  );
  for (const [name, q] of Object.entries(quality)) {
    // the cut on the quality signal: drop the worst 2 / 5 / 10 % of all queries of this scope
    const all = [...p.known, ...p.strangers].map(q).sort((a, b) => a - b);
    for (const drop of [0.02, 0.05, 0.1]) {
      const cut = all[Math.floor(drop * all.length)]!;
      const gated = {
        known: base.known.map((x, i) =>
          q(p.known[i]!) < cut ? { s: -Infinity, right: false } : x,
        ),
        strangers: base.strangers.map((s, i) => (q(p.strangers[i]!) < cut ? -Infinity : s)),
      };
      const g85 = atNamed(gated, 0.85),
        g90 = atNamed(gated, 0.9);
      console.log(
        `  gate ${name} worst ${drop * 100} %: at 85 % named strangers ${pct(g85?.strangers)}, at 90 % ${pct(g90?.strangers)}`,
      );
    }
  }
}
