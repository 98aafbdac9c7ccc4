/**
 * Every implementation of the transposed convolution in the core, by name: the conformance
 * vectors run against each of them. The gradient view is convGradInput with the forward
 * input's size fixed by the options.
 */
import {
  convGradInput, convTranspose, convTransposeInfo, matrixConvTranspose, polyphase, scatter, zeroInsertion,
  type ConvTransposeOptions, type Tensor,
} from '../../src/index';
import type { ConvTransposeImpl } from './run';

function gradientView(x: Tensor, w: Tensor, options: ConvTransposeOptions = {}): Tensor {
  const info = convTransposeInfo('gradient', x.shape, w.shape, options);
  const { bias, strides, dilations, groups } = options;
  const dx = convGradInput(x, w, {
    strides, dilations, groups, pads: [...info.padsBegin, ...info.padsEnd], inputShape: info.inShape,
  });
  if (bias) {
    const size = dx.data.length / (dx.shape[0] * dx.shape[1]);
    dx.data.forEach((v, i) => (dx.data[i] = v + bias.data[Math.floor(i / size) % dx.shape[1]]));
  }
  return dx;
}

export const VIEWS: Record<string, ConvTransposeImpl> = {
  convTranspose,
  scatter,
  zeroInsertion,
  matrix: matrixConvTranspose,
  gradient: gradientView,
  polyphase,
};
