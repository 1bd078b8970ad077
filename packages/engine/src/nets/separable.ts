/**
 * The depthwise-separable convolution of face-api's nets (`depthwise_filter`,
 * `pointwise_filter`, `bias`), as a depthwise kernel and one fused 1×1 conv + bias (+ ReLU).
 * @module
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Tf } from '../runtime/tf-runtime.js';

export interface SeparableParams {
  depthwise: TF.Tensor4D;
  pointwise: TF.Tensor4D;
  bias: TF.Tensor1D;
}

/** The separable convolution's weights under `prefix`, or undefined when there are none. */
export function separableParams(
  weights: TF.NamedTensorMap,
  prefix: string,
): SeparableParams | undefined {
  const depthwise = weights[`${prefix}/depthwise_filter`] as TF.Tensor4D | undefined;
  const pointwise = weights[`${prefix}/pointwise_filter`] as TF.Tensor4D | undefined;
  const bias = weights[`${prefix}/bias`] as TF.Tensor1D | undefined;
  return depthwise && pointwise && bias ? { depthwise, pointwise, bias } : undefined;
}

/** `same`-padded separable convolution; `relu` applies ReLU to the output in the same kernel. */
export function separableConv(
  tf: Tf,
  x: TF.Tensor4D,
  p: SeparableParams,
  strides: number,
  relu: boolean,
): TF.Tensor4D {
  return tf.fused.conv2d({
    x: tf.depthwiseConv2d(x, p.depthwise, strides, 'same'),
    filter: p.pointwise,
    strides: 1,
    pad: 'same',
    bias: p.bias,
    activation: relu ? 'relu' : 'linear',
  });
}
