/**
 * Every implementation of the transposed convolution in the core, by name: the conformance
 * vectors run against each of them.
 */
import {
  convTranspose, convTransposeReference, fastConvTranspose, gradientConvTranspose, matrixConvTranspose, polyphase, scatter,
  zeroInsertion,
} from '../../src/index';
import type { ConvTransposeImpl } from './run';

export const VIEWS: Record<string, ConvTransposeImpl> = {
  convTranspose,
  scatter,
  zeroInsertion,
  matrix: matrixConvTranspose,
  gradient: gradientConvTranspose,
  polyphase,
  // The fast kernels (GEMM/col2im, depthwise, separable) and the gather they replace in convTranspose.
  fast: fastConvTranspose,
  reference: convTransposeReference,
};
