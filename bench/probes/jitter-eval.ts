// The open-set protocol with jittered stored faces (jitter.ts) against facegate-2.0 as shipped:
// the enrolled face's ResNet part averaged over jittered alignments, the query's as today (or
// jittered too, the costly symmetric case). Shipped shares; faceres part unchanged.
import { l2, loadFeatures } from './features.js';
import { loadRecs, cos } from './variants.js';
import { PEOPLE, protocol, searchAll, summary } from './openset.js';

const SHARES = [0.9455, 0.0545];
const recs = new Map([...loadRecs()].filter(([, r]) => r.p));
const fr = new Map([...loadFeatures('faceres-pca64-')].map(([f, r]) => [f, l2(r.q)] as const));
const jit = new Map([...loadFeatures('resnet-jitter-')].map(([f, r]) => [f, r.q] as const));
const r2 = new Map([...recs].filter(([f]) => fr.has(f) && jit.has(f)));
const resnet = (f: string, jittered: boolean) => (jittered ? jit.get(f)! : recs.get(f)!.i);
const score = (queryJitter: boolean, storedJitter: boolean) => (q: string, g: string) =>
  SHARES[0]! * cos(resnet(q, queryJitter), resnet(g, storedJitter)) +
  SHARES[1]! * cos(fr.get(q)!, fr.get(g)!);
for (const [label, keep] of PEOPLE) {
  const proto = protocol(r2, keep);
  console.log(`== ${label}: ${proto.gallery.length} enrolled, ${proto.strangers.length} strangers`);
  summary('shipped', searchAll(proto, score(false, false)));
  summary('stored jittered', searchAll(proto, score(false, true)));
  summary('both jittered', searchAll(proto, score(true, true)));
}
