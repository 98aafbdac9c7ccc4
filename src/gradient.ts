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
import { choose, runGradWeight, runKernel } from './fast/dispatch';
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
/**
 * Options of the transposed convolution's gradients: its options plus x's shape (inputShape,
 * required by convTransposeGradInput) and, for convTransposeGradWeight, the kernel's spatial shape.
 */
export interface ConvTransposeGradOptions extends ConvTransposeOptions {
  /** Shape of the transposed convolution's input x: spatial or full. Required by convTransposeGradInput. */
  inputShape?: readonly number[];
}

/**
 * dL/dx of y = conv(x, w, options), given dy = dL/dy: the transposed convolution of dy, as large as x:
 * dx[n, c, i] = sum_{m, k, o : o*s + k*d - padBegin = i} dy[n, m, o] * w[m, c, k] (chain rule on the
 * formula of `conv`). Source: Dumoulin & Visin 2016, "A guide to convolution arithmetic for deep
 * learning", section 4 (the transposed convolution is the convolution's backward pass); Caffe's
 * BaseConvolutionLayer::backward_cpu_gemm.
 *
 * Throws before computing: TypeError when dy or w is not a tensor; RangeError when
 * options.inputShape is missing or malformed, dy's shape is not the convolution's output shape
 * for that input, an option breaks its rule (as in `conv`; a bias is refused), or dx would hold
 * more than MAX_ELEMENTS values.
 *
 * @example
 * import { convGradInput, tensor } from 'deconv';
 * // y = conv(x, [1, 2]) on x of length 3 is [x0 + 2 x1, x1 + 2 x2]. By hand, with dy = [1, 1]:
 * // dL/dx0 = 1, dL/dx1 = 2 + 1 = 3, dL/dx2 = 2.
 * const dx = convGradInput(tensor([1, 1], [1, 1, 2]), tensor([1, 2], [1, 1, 2]), { inputShape: [3] });
 * console.log(dx.shape, Array.from(dx.data)); // => [1,1,3] [1,3,2]
 */
export function convGradInput(dy: Tensor, w: Tensor, options: ConvGradInputOptions): Tensor {
  const { info } = prepareConvGradInput('convGradInput', dy, w, options);
  return transposedRun(info, dy, w);
}

/**
 * dL/dw of y = conv(x, w, options), given dy = dL/dy, in the convolution's weight layout [M, C/G, ...k]:
 * dw[m, c, k] = sum_{n, o} dy[n, m, o] * x[n, g*C/G + c, o*s + k*d - padBegin] (chain rule on the
 * formula of `conv`; Caffe's BaseConvolutionLayer::weight_cpu_gemm, dW = dY col(x)^T).
 *
 * Throws before computing: TypeError when x or dy is not a tensor; RangeError when
 * options.kernelShape is missing or malformed, dy's shape is not the convolution's output shape,
 * an option breaks its rule (as in `conv`; a bias is refused), or dw would hold more than MAX_ELEMENTS values.
 *
 * @example
 * import { convGradWeight, tensor } from 'deconv';
 * // y = conv([1, 2, 3], [w0, w1]) = [w0 + 2 w1, 2 w0 + 3 w1]. By hand, with dy = [1, 1]:
 * // dL/dw0 = 1 + 2 = 3, dL/dw1 = 2 + 3 = 5.
 * const dw = convGradWeight(tensor([1, 2, 3], [1, 1, 3]), tensor([1, 1], [1, 1, 2]), { kernelShape: [2] });
 * console.log(dw.shape, Array.from(dw.data)); // => [1,1,2] [3,5]
 */
export function convGradWeight(x: Tensor, dy: Tensor, options: ConvGradWeightOptions): Tensor {
  const { info, wShape } = prepareConvGradWeight('convGradWeight', x, dy, options);
  if (info.rank > 3) return caffeConvGradWeight(x, dy, options);
  return runGradWeight(info, x, dy, wShape, dtypeOf(x.data));
}

/**
 * dL/db of y = conv(x, w) + b (or of a transposed convolution): dy summed over the batch and every
 * position, db[m] = sum_{n, o} dy[n, m, o] (every output value of channel m adds b[m] once).
 *
 * Throws before computing: TypeError when dy is not a tensor; RangeError when dy has fewer than
 * 2 axes ([batch, channels, ...spatial]).
 *
 * @example
 * import { convGradBias, tensor } from 'deconv';
 * // Two channels of two positions: 1 + 2 = 3 and 3 + 4 = 7.
 * console.log(Array.from(convGradBias(tensor([1, 2, 3, 4], [1, 2, 2])).data)); // => [3,7]
 * try {
 *   convGradBias(tensor([1, 2], [2]));
 * } catch (e) {
 *   console.log((e as Error).message); // => convGradBias: dy rank (1) must be at least 2: [batch, channels, ...spatial]
 * }
 */
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

/**
 * dL/dx of y = convTranspose(x, w, options), given dy = dL/dy: the forward convolution of dy with
 * the same w and geometry, dx[n, c, o] = sum_{m, k} dy[n, m, o*s + k*d - padBegin] * w[c, m, k]
 * (the adjoint of the adjoint; Caffe's Deconvolution layer runs its backward pass as a forward
 * Convolution). options.inputShape is x's shape.
 *
 * Throws before computing: TypeError when dy or w is not a tensor; RangeError when
 * options.inputShape is missing or malformed, dy's shape is not the transposed convolution's
 * output shape for that input, an option breaks its rule (as in `convTranspose`; a bias is
 * refused), or dx would hold more than MAX_ELEMENTS values.
 *
 * @example
 * import { convTransposeGradInput, tensor } from 'deconv';
 * // y = convTranspose([x0, x1], [1, 2, 3], stride 2) = [x0, 2 x0, 3 x0 + x1, 2 x1, 3 x1]. By hand,
 * // with dy = [1, 0, 0, 0, 1]: dL/dx0 = 1 (from y0), dL/dx1 = 3 (from y4).
 * const dx = convTransposeGradInput(tensor([1, 0, 0, 0, 1], [1, 1, 5]), tensor([1, 2, 3], [1, 1, 3]), { strides: 2, inputShape: [2] });
 * console.log(dx.shape, Array.from(dx.data)); // => [1,1,2] [1,3]
 */
export function convTransposeGradInput(dy: Tensor, w: Tensor, options: ConvTransposeGradOptions): Tensor {
  const { info } = prepareConvTransposeGradInput('convTransposeGradInput', dy, w, options);
  const choice = choose('conv', info, w.data, dtypeOf(dy.data));
  if (choice.kernel === 'reference') return convGather(info, dy, w, undefined);
  return runKernel('conv', info, dy, w, undefined, choice);
}

/**
 * dL/dw of y = convTranspose(x, w, options), given dy = dL/dy, in the transposed convolution's
 * weight layout [C, M/G, ...k]: dw[c, m, k] = sum_{n, o} x[n, c, o] * dy[n, g*M/G + m, o*s + k*d - padBegin]
 * (chain rule on the formula of `convTranspose`: the convolution's weight gradient with x and dy
 * swapped). options.kernelShape is w's spatial shape.
 *
 * Throws before computing: TypeError when x or dy is not a tensor; RangeError when
 * options.kernelShape is missing or malformed, dy's shape is not the transposed convolution's
 * output shape, an option breaks its rule (as in `convTranspose`; a bias is refused), or dw would
 * hold more than MAX_ELEMENTS values.
 *
 * @example
 * import { convTransposeGradWeight, tensor } from 'deconv';
 * // y = convTranspose([1, 2], [w0, w1, w2], stride 2) = [w0, w1, w2 + 2 w0, 2 w1, 2 w2]. By hand,
 * // with dy = [1, 0, 0, 0, 1]: dL/dw0 = 1, dL/dw1 = 0, dL/dw2 = 2.
 * const dw = convTransposeGradWeight(tensor([1, 2], [1, 1, 2]), tensor([1, 0, 0, 0, 1], [1, 1, 5]), { strides: 2, kernelShape: [3] });
 * console.log(dw.shape, Array.from(dw.data)); // => [1,1,3] [1,0,2]
 */
export function convTransposeGradWeight(x: Tensor, dy: Tensor, options: ConvTransposeGradOptions & { kernelShape: readonly number[] }): Tensor {
  const { info, wShape } = prepareConvTransposeGradWeight('convTransposeGradWeight', x, dy, options);
  if (info.rank > 3) return caffeConvTransposeGradWeight(x, dy, options);
  // In the forward convolution's terms dy is on the input side and x on the output side.
  return runGradWeight(info, dy, x, wShape, dtypeOf(x.data));
}

function transposedRun(info: ConvInfo, dy: Tensor, w: Tensor): Tensor {
  const choice = choose('convTranspose', info, w.data, dtypeOf(dy.data));
  if (choice.kernel === 'reference') return convTransposeGather(info, dy, w, undefined);
  return runKernel('convTranspose', info, dy, w, undefined, choice);
}
