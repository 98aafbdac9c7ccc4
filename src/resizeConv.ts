/**
 * Resize-convolution (Odena, Dumoulin & Olah 2016, "Deconvolution and Checkerboard
 * Artifacts", Distill): up-sample by interpolation (nearest or bilinear), then apply an
 * ordinary stride-1 convolution. Every output position sees the same number of kernel taps,
 * so a constant input gives a constant interior output for every kernel: no checkerboard
 * by construction, unlike a strided transposed convolution whose phase sums differ.
 *
 *     y = conv(resize(x, f * spatial, {mode, coordinates}), w, {pads, bias, groups})
 *
 * With no pads given the convolution pads SAME (ONNX SAME_UPPER), so y has f * spatial.
 * Nearest up-sampling followed by a convolution is itself a transposed convolution with a
 * larger kernel: see nearestUpsampleKernel in sampling.ts.
 */
import { checkIntegers, checkKnownKeys, checkOptions, fail } from './errors';
import { conv } from './conv';
import { checkResizeOptions, resize, type CoordinateMode, type ResizeMode } from './interpolate';
import { convInfo, type ConvOptions } from './shape';
import { checkTensor, type Tensor } from './tensor';

/**
 * Options of `resizeConvolution`: the factor is required; the rest default as listed.
 */
export interface ResizeConvOptions {
  /** Up-sampling factor per spatial axis (one number for all). Required. */
  factor: number | readonly number[];
  /** Interpolation (default 'nearest', as in Odena et al.). */
  mode?: ResizeMode;
  /** Coordinate convention of the interpolation (default 'half_pixel'). */
  coordinates?: CoordinateMode;
  /** Pads of the convolution (ONNX order); default SAME_UPPER. */
  pads?: number | readonly number[];
  groups?: number;
  bias?: Tensor;
}

/**
 * Resize-convolution of x [N, C, ...spatial] with a convolution weight w [M, C/G, ...k].
 *
 * Throws TypeError/RangeError for a bad x, w, factor, mode, coordinates or pads, naming
 * `resizeConvolution` (the checks of `resize` and `conv`).
 *
 * @example
 * import { resizeConvolution, tensor } from 'deconv';
 * // Nearest x2 gives [1, 1, 2, 2]; SAME pads [1, 1] give [0, 1, 1, 2, 2, 0]; summing windows of 3 gives [2, 4, 5, 4].
 * const y = resizeConvolution(tensor([1, 2], [1, 1, 2]), tensor([1, 1, 1], [1, 1, 3]), { factor: 2 });
 * console.log(Array.from(y.data)); // => [2,4,5,4]
 */
export function resizeConvolution(x: Tensor, w: Tensor, options: ResizeConvOptions): Tensor {
  const fn = 'resizeConvolution';
  checkTensor(fn, 'x', x);
  checkTensor(fn, 'w', w);
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, ['factor', 'mode', 'coordinates', 'pads', 'groups', 'bias']);
  if (x.shape.length < 3) fail(fn, `x rank (${x.shape.length}) must be at least 3: [batch, channels, ...spatial]`);
  if (opts.factor === undefined) fail(fn, 'factor=undefined is required: a positive integer per spatial axis', TypeError);
  const factor = checkIntegers(fn, 'factor', opts.factor, x.shape.length - 2, 1, 1);
  const resizeOptions = checkResizeOptions(fn, { mode: opts.mode ?? 'nearest', coordinates: opts.coordinates });
  const size = x.shape.slice(2).map((n, a) => n * factor[a]);
  const convOptions: ConvOptions = { groups: opts.groups, bias: opts.bias };
  if (opts.pads === undefined) convOptions.autoPad = 'SAME_UPPER';
  else convOptions.pads = opts.pads;
  if (opts.bias !== undefined) checkTensor(fn, 'bias', opts.bias);
  convInfo(fn, [x.shape[0], x.shape[1], ...size], w.shape, convOptions);
  return conv(resize(x, size, resizeOptions), w, convOptions);
}
