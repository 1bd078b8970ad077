/**
 * face-api's age and gender net: a TinyXception feature extractor (entry flow, two middle-flow
 * blocks, exit flow) on a 112×112 face crop, a global average, and two fully connected heads
 * (age in years; male/female logits). Our own forward pass over face-api's weights, with
 * fused kernels, so the engine does not load face-api's bundle.
 * @module
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Tf } from '../runtime/tf-runtime.js';
import { runBatch } from './input.js';
import { DENSE_NET_INPUT as INPUT } from './dense-net.js';
import { separableConv, separableParams, type SeparableParams } from './separable.js';

interface Conv {
  filters: TF.Tensor4D;
  bias: TF.Tensor1D;
}
interface ReductionBlock {
  sep0: SeparableParams;
  sep1: SeparableParams;
  expansion: Conv;
}
type MainBlock = [SeparableParams, SeparableParams, SeparableParams];
interface Fc {
  weights: TF.Tensor2D;
  bias: TF.Tensor1D;
}

export interface AgeGender {
  /** Years. */
  age: number;
  /** Probability that the face is male (0..1). */
  male: number;
}

export class AgeGenderNet {
  private readonly convIn: Conv;
  private readonly entry: [ReductionBlock, ReductionBlock];
  private readonly middle: MainBlock[] = [];
  private readonly exit: ReductionBlock;
  private readonly exitSep: SeparableParams;
  private readonly age: Fc;
  private readonly gender: Fc;

  /** From face-api's `age_gender_model` weights. */
  constructor(
    private readonly tf: Tf,
    weights: TF.NamedTensorMap,
  ) {
    const get = <T extends TF.Tensor>(name: string): T => {
      const t = weights[name];
      if (!t) throw new Error(`age_gender_model: no weight ${name}`);
      return t as T;
    };
    const sep = (prefix: string): SeparableParams => {
      const p = separableParams(weights, prefix);
      if (!p) throw new Error(`age_gender_model: no separable convolution ${prefix}`);
      return p;
    };
    const conv = (prefix: string): Conv => ({
      filters: get(`${prefix}/filters`),
      bias: get(`${prefix}/bias`),
    });
    const reduction = (prefix: string): ReductionBlock => ({
      sep0: sep(`${prefix}/separable_conv0`),
      sep1: sep(`${prefix}/separable_conv1`),
      expansion: conv(`${prefix}/expansion_conv`),
    });
    const fc = (prefix: string): Fc => ({
      weights: get(`${prefix}/weights`),
      bias: get(`${prefix}/bias`),
    });
    this.convIn = conv('entry_flow/conv_in');
    this.entry = [
      reduction('entry_flow/reduction_block_0'),
      reduction('entry_flow/reduction_block_1'),
    ];
    for (let i = 0; weights[`middle_flow/main_block_${i}/separable_conv0/bias`]; i++) {
      const p = `middle_flow/main_block_${i}`;
      this.middle.push([
        sep(`${p}/separable_conv0`),
        sep(`${p}/separable_conv1`),
        sep(`${p}/separable_conv2`),
      ]);
    }
    this.exit = reduction('exit_flow/reduction_block');
    this.exitSep = sep('exit_flow/separable_conv');
    this.age = fc('fc/age');
    this.gender = fc('fc/gender');
  }

  /** Age and gender of a 112×112 RGB crop (0–255, interleaved; the array is not changed). */
  async predict(crop: Float32Array): Promise<AgeGender> {
    const [out] = await runBatch(this.tf, [crop], INPUT, 3, (batch) => this.forward(batch));
    const [age, maleLogit, femaleLogit] = out!;
    // Softmax over the two gender logits.
    return { age: age!, male: 1 / (1 + Math.exp(femaleLogit! - maleLogit!)) };
  }

  /** [age, male logit, female logit] of one normalised crop. */
  private forward(crop: Float32Array): TF.Tensor {
    const tf = this.tf;
    const sep = (x: TF.Tensor4D, p: SeparableParams, relu: boolean) =>
      separableConv(tf, x, p, 1, relu);
    const conv = (x: TF.Tensor4D, c: Conv, strides: number, relu: boolean) =>
      tf.fused.conv2d({
        x,
        filter: c.filters,
        strides,
        pad: 'same',
        bias: c.bias,
        activation: relu ? 'relu' : 'linear',
      });
    const reduction = (x: TF.Tensor4D, b: ReductionBlock, activateInput: boolean) => {
      // ReLU(sep0) is all that sep1 sees, so it is fused into sep0.
      const out = sep(sep(activateInput ? tf.relu(x) : x, b.sep0, true), b.sep1, false);
      const pooled = tf.maxPool(out, [3, 3], [2, 2], 'same');
      return tf.add(pooled, conv(x, b.expansion, 2, false)) as TF.Tensor4D;
    };
    let x = conv(tf.tensor4d(crop, [1, INPUT, INPUT, 3]), this.convIn, 2, true);
    x = reduction(x, this.entry[0], false);
    x = reduction(x, this.entry[1], true);
    for (const [s0, s1, s2] of this.middle) {
      x = tf.add(sep(sep(sep(tf.relu(x), s0, true), s1, true), s2, false), x);
    }
    x = sep(reduction(x, this.exit, true), this.exitSep, true);
    const pooled = tf.mean(x, [1, 2]) as TF.Tensor2D;
    const head = (fc: Fc) => tf.add(tf.matMul(pooled, fc.weights), fc.bias);
    return tf.concat([head(this.age), head(this.gender)], 1);
  }
}
