/**
 * face-api's DenseNet-style nets on a 112×112 face crop: a feature extractor of dense blocks of
 * depthwise-separable convolutions, a global average, one fully connected layer. Three models
 * share it: the 68-point landmark net (four blocks of four convolutions, 136 outputs), its tiny
 * version (three blocks of three) and the expression net (four of four, 7 outputs).
 *
 * Run with fused kernels: each separable convolution is a depthwise kernel and one fused 1×1
 * conv with bias (and ReLU where one follows), and the input is normalised in JS rather than by
 * face-api's pad/stack/cast/normalise kernels. Same weights, same answers as face-api's forward
 * pass (to ~2e-7), in about half the time.
 * @module
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Tf } from '../runtime/tf-runtime.js';
import { runBatch } from './input.js';
import { separableConv, separableParams, type SeparableParams } from './separable.js';

interface DenseBlock {
  /** The first block opens with a plain convolution, the others with a separable one. */
  conv0: SeparableParams | { filters: TF.Tensor4D; bias: TF.Tensor1D };
  /** The block's other convolutions, each fed the ReLU of the sum of all earlier outputs. */
  rest: SeparableParams[];
}

export const DENSE_NET_INPUT = 112;

export class DenseNet {
  private readonly blocks: DenseBlock[] = [];
  private readonly fc: { weights: TF.Tensor2D; bias: TF.Tensor1D };
  /** Numbers out per crop: 136 for landmarks (x, y pairs), 7 for expressions. */
  readonly outputs: number;

  /** From a face-api model's weights: `dense0/conv0/filters`, …, `fc/weights`, `fc/bias`. */
  constructor(
    private readonly tf: Tf,
    weights: TF.NamedTensorMap,
  ) {
    const get = <T extends TF.Tensor>(name: string) => weights[name] as T | undefined;
    const separable = (prefix: string) => separableParams(weights, prefix);
    for (let b = 0; get(`dense${b}/conv0/bias`); b++) {
      const filters = get<TF.Tensor4D>(`dense${b}/conv0/filters`);
      const conv0 = filters
        ? { filters, bias: get<TF.Tensor1D>(`dense${b}/conv0/bias`)! }
        : separable(`dense${b}/conv0`)!;
      const rest: SeparableParams[] = [];
      for (let c = 1; ; c++) {
        const p = separable(`dense${b}/conv${c}`);
        if (!p) break;
        rest.push(p);
      }
      this.blocks.push({ conv0, rest });
    }
    const fcWeights = get<TF.Tensor2D>('fc/weights');
    const fcBias = get<TF.Tensor1D>('fc/bias');
    if (this.blocks.length === 0 || !fcWeights || !fcBias) {
      throw new Error('not a face-api dense net: no dense0 block or fc layer');
    }
    this.fc = { weights: fcWeights, bias: fcBias };
    this.outputs = fcWeights.shape[1];
  }

  /**
   * The outputs for 112×112 RGB crops (0–255, interleaved), run as one batch: for the landmark
   * nets 68 x, y pairs relative to the crop (0..1), for the expression net the 7 logits.
   */
  predict(crops: Float32Array[]): Promise<Float32Array[]> {
    return runBatch(this.tf, crops, DENSE_NET_INPUT, this.outputs, (batch, n) =>
      this.forward(batch, n),
    );
  }

  /** `crops` holds `batch` normalised crops back to back. */
  forward(crops: Float32Array, batch = 1): TF.Tensor {
    const tf = this.tf;
    const separable = (x: TF.Tensor4D, p: SeparableParams, strides: number, relu: boolean) =>
      separableConv(tf, x, p, strides, relu);
    let x = tf.tensor4d(crops, [batch, DENSE_NET_INPUT, DENSE_NET_INPUT, 3]);
    for (const { conv0, rest } of this.blocks) {
      const out1 =
        'filters' in conv0
          ? tf.fused.conv2d({
              x,
              filter: conv0.filters,
              strides: 2,
              pad: 'same',
              bias: conv0.bias,
              activation: 'relu',
            })
          : separable(x, conv0, 2, true);
      let sum = tf.add(out1, separable(out1, rest[0]!, 1, false)) as TF.Tensor4D;
      for (const p of rest.slice(1)) sum = tf.add(sum, separable(tf.relu(sum), p, 1, false));
      x = tf.relu(sum);
    }
    return tf.add(tf.matMul(tf.mean(x, [1, 2]) as TF.Tensor2D, this.fc.weights), this.fc.bias);
  }
}
