// Shared by the fusion probes: the cached features of a second descriptor, and the spread of a
// score among different-person pairs (what the z-scored fusion divides by).
import fs from 'node:fs';

/** L2-normalised copy. */
export function l2(v: ArrayLike<number>): number[] {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  n = Math.sqrt(n) || 1;
  return Array.from(v, (x) => x / n);
}

/** /tmp/exp/emb/<prefix>*.jsonl (embed-all.ts, pca.ts): photo → raw features of the chip (q) and its mirror (m). */
export function loadFeatures(prefix: string): Map<string, { q: number[]; m?: number[] }> {
  const out = new Map<string, { q: number[]; m?: number[] }>();
  for (const f of fs.readdirSync('/tmp/exp/emb').filter((f) => f.startsWith(prefix)))
    for (const line of fs.readFileSync('/tmp/exp/emb/' + f, 'utf8').split('\n')) {
      if (!line) continue;
      const r = JSON.parse(line) as { f: string; q: number[]; m?: number[] };
      out.set(r.f, r.m ? { q: r.q, m: r.m } : { q: r.q });
    }
  return out;
}

/** Mean and spread of `score` over up to 40,000 different-person pairs drawn from `files`. */
export function impostorSpread(
  files: string[],
  score: (a: string, b: string) => number,
): { m: number; sd: number } {
  const person = (f: string) => f.split('/')[0];
  const xs: number[] = [];
  for (let k = 0; k < 40000; k++) {
    const a = files[(k * 7919) % files.length]!,
      b = files[(k * 104729 + 13) % files.length]!;
    if (person(a) !== person(b)) xs.push(score(a, b));
  }
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return { m, sd: Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length) };
}
