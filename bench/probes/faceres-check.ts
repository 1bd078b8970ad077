// The engine's fused faceres pass against the human-models graph on random chips: largest
// difference, and time per chip at 224/192/160/128 px (medians of 8). Usage: tsx faceres-check.ts
import type { Tensor } from '@tensorflow/tfjs-core';
import { loadRuntime } from '../../packages/engine/src/runtime/tf-runtime.js';
import {
  loadHumanGraphModel,
  loadHumanWeights,
} from '../../packages/engine/src/runtime/model-files.js';
import { FaceResDescriptor } from '../../packages/engine/src/nets/faceres-descriptor.js';
const tf = await loadRuntime();
const w = loadHumanWeights(tf, 'faceres');
for (const k of Object.keys(w))
  if (/Cast$|Const_1$/.test(k)) {
    const v = w[k]!.dataSync()[0];
    if (v !== 6 && v !== 0) console.log('odd', k, v);
  }
const g = await loadHumanGraphModel(tf, 'faceres');
for (const size of [224, 192, 160, 128]) {
  const net = FaceResDescriptor.fromWeights(tf, loadHumanWeights(tf, 'faceres'), size);
  const chip = new Float32Array(size * size * 3).map(() => Math.random() * 255);
  const a = (await net.describe([chip]))[0]!;
  const x = tf.tensor4d(chip, [1, size, size, 3]);
  const b =
    size === 224 ? ((g.execute(x, 'global_pooling/Mean') as Tensor).dataSync() as Float32Array) : a;
  let d = 0,
    n = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    n = Math.max(n, Math.abs(b[i]!));
  }
  const time = async (f: () => Promise<unknown>) => {
    const ts: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t0 = performance.now();
      await f();
      ts.push(performance.now() - t0);
    }
    ts.sort((p, q) => p - q);
    return ts[4]!.toFixed(1);
  };
  const tf1 = await time(() => net.describe([chip]));
  const tf2 = await time(() => net.describe([chip, chip]));
  const tg =
    size !== 224
      ? '-'
      : await time(async () => {
          const y = g.execute(x, 'global_pooling/Mean') as Tensor;
          await y.data();
          y.dispose();
        });
  console.log(
    `size ${size}: max diff ${d.toExponential(2)} (max |v| ${n.toFixed(2)}); fused ${tf1} ms (2 chips ${tf2}), graph ${tg} ms`,
  );
}
