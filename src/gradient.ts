/**
 * Backpropagation through a convolution y = conv(x, w) + b and a transposed convolution
 * y = convTranspose(x, w) + b, on the fast kernels (`fast/dispatch.ts`):
 *
 *   conv:            dL/dx = convTranspose(dy, w)   with the convolution's geometry
 *                    dL/dw = sum over images of dY_g col(X_g)^T        (kernel run gradWeight)
 *   convTranspose:   dL/dx = conv(dy, w)            with the same geometry
 *                    dL/dw = the convolution's weight gradient with x and dy swapped
 *   both:            dL/db = dy summed over the batch and every position
 *
 * The input gradient of a convolution IS its transpose (and the other way round): the record
 * from the checks module already says that the result is as large as x, so the transposed
 * kernels run on it unchanged. Spatial rank > 3 (no fast kernel) runs the definition loops
 * (input gradients) and the gradient view (weight gradients). `views/gradient.ts` holds the
 * same gradients as Caffe computes them, im2col/GEMM/col2im, which the tests compare against.
 */
import {
  prepareConvGradBias, prepareConvGradInput, prepareConvGradWeight, prepareConvTransposeGradInput, prepareConvTransposeGradWeight,
} from './checks';
import { convGather } from './conv';
import { convTransposeGather } from './convTranspose';
import { dispatch, runGradWeight, runKernel } from './fast/dispatch';
import type { ConvInfo, ConvOptions, ConvTransposeOptions } from './shape';
import { allocate, dtypeOf, sizeOf, type Tensor } from './tensor';
import { caffeConvGradWeight, caffeConvTransposeGradWeight } from './views/gradient';

/** Options of convGradInput: the convolution's options plus the shape of its input x. */
export interface ConvGradInputOptions extends ConvOptions {
  /** Shape of the convolution's input x: spatial [...in] or full [N, C, ...in]. Required. */
  inputShape: readonly number[];
}
/** Options of the weight gradients: the convolution's options plus the kernel's spatial shape. */
export interface ConvGradWeightOptions extends ConvOptions {
  /** Spatial kernel shape [...k] (or the full weight shape). Required. */
  kernelShape: readonly number[];
}
export interface ConvTransposeGradOptions extends ConvTransposeOptions {
  /** Shape of the transposed convolution's input x: spatial or full. Required by convTransposeGradInput. */
  inputShape?: readonly number[];
}

/** dL/dx of y = conv(x, w, options), given dy = dL/dy: the transposed convolution of dy, as large as x. */
export function convGradInput(dy: Tensor, w: Tensor, options: ConvGradInputOptions): Tensor {
  const { info } = prepareConvGradInput('convGradInput', dy, w, options);
  return transposedRun(info, dy, w);
}

/** dL/dw of y = conv(x, w, options), given dy = dL/dy, in the convolution's weight layout [M, C/G, ...k]. */
export function convGradWeight(x: Tensor, dy: Tensor, options: ConvGradWeightOptions): Tensor {
  const { info, wShape } = prepareConvGradWeight('convGradWeight', x, dy, options);
  if (info.rank > 3) return caffeConvGradWeight(x, dy, options);
  return runGradWeight(info, x, dy, wShape, dtypeOf(x.data));
}

/** dL/db of y = conv(x, w) + b (or of a transposed convolution): dy summed over the batch and every position. */
export function convGradBias(dy: Tensor): Tensor {
  prepareConvGradBias('convGradBias', dy);
  const channels = dy.shape[1];
  const size = sizeOf(dy.shape.slice(2));
  const sums = new Float64Array(channels);
  for (let n = 0; n < dy.shape[0]; n++) {
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let i = 0, at = (n * channels + c) * size; i < size; i++, at++) sum += dy.data[at];
      sums[c] += sum;
    }
  }
  const db = allocate(dtypeOf(dy.data), channels);
  db.set(sums);
  return { shape: [channels], data: db };
}

/** dL/dx of y = convTranspose(x, w, options), given dy = dL/dy: the forward convolution of dy with the same w. options.inputShape is x's shape. */
export function convTransposeGradInput(dy: Tensor, w: Tensor, options: ConvTransposeGradOptions): Tensor {
  const { info } = prepareConvTransposeGradInput('convTransposeGradInput', dy, w, options);
  const choice = dispatch('conv', info, w.data, dtypeOf(dy.data));
  if (choice.kernel === 'reference') return convGather(info, dy, w, undefined);
  return runKernel('conv', info, dy, w, undefined, choice);
}

/**
 * dL/dw of y = convTranspose(x, w, options), given dy = dL/dy, in the transposed convolution's
 * weight layout [C, M/G, ...k]. options.kernelShape is w's spatial shape.
 */
export function convTransposeGradWeight(x: Tensor, dy: Tensor, options: ConvTransposeGradOptions & { kernelShape: readonly number[] }): Tensor {
  const { info, wShape } = prepareConvTransposeGradWeight('convTransposeGradWeight', x, dy, options);
  if (info.rank > 3) return caffeConvTransposeGradWeight(x, dy, options);
  // In the forward convolution's terms dy is on the input side and x on the output side.
  return runGradWeight(info, dy, x, wShape, dtypeOf(x.data));
}

function transposedRun(info: ConvInfo, dy: Tensor, w: Tensor): Tensor {
  const choice = dispatch('convTranspose', info, w.data, dtypeOf(dy.data));
  if (choice.kernel === 'reference') return convTransposeGather(info, dy, w, undefined);
  return runKernel('convTranspose', info, dy, w, undefined, choice);
}
