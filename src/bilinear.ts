/**
 * FCN's fixed up-sampling filter (Long, Shelhamer & Darrell 2015; surgery.py upsample_filt):
 *     factor = ceil(size / 2)
 *     center = factor - 1 (odd size) or factor - 0.5 (even size)
 *     w[i][j] = (1 - |i - center| / factor) * (1 - |j - center| / factor)
 * Used as a transposed-convolution kernel with stride = factor it performs bilinear
 * up-sampling (see the up-sampling chapter for the border and the conventions).
 *
 * For an up-sampling factor f, FCN (and Caffe's BilinearFiller, and most ports) use
 *     kernel k = 2f - f%2,  stride s = f,  pad p = ceil((f - 1) / 2)
 * so that the output is exactly f times the input. With these, the transposed convolution
 * equals half-pixel bilinear interpolation (PyTorch align_corners=False, TF2
 * half_pixel_centers) wherever both neighbours exist: the weight on x[o] at output i is
 * 1 - |(i + p - center)/f - o| and center = p + f/2 - 1/2, so it is 1 - |src - o| with the
 * half-pixel source position src = (i + 0.5)/f - 0.5. At the border the missing neighbour
 * is the zero padding, not a copy of x[0]: the first output is 0.75 x[0] for f = 2.
 */
import { checkElements } from './checks';
import { checkInteger, fail } from './errors';
import { convTranspose } from './convTranspose';
import { checkTensor, forEachIndex, sizeOf, type Tensor } from './tensor';

/**
 * factor and center of FCN's bilinear kernel of the given size.
 *
 * Source: FCN (Long, Shelhamer & Darrell 2015), surgery.py's upsample_filt, and Caffe's BilinearFiller. factor = ceil(size/2), center = factor - 1 (odd size) or factor - 0.5 (even).
 * Throws RangeError when size is not a positive integer.
 *
 * @example
 * import { bilinearParameters } from 'deconv';
 * console.log(bilinearParameters(4), bilinearParameters(3)); // => {"factor":2,"center":1.5} {"factor":2,"center":1}
 */
export function bilinearParameters(size: number): { factor: number; center: number } {
  checkInteger('bilinearParameters', 'size', size, 1);
  const factor = Math.ceil(size / 2);
  return { factor, center: size % 2 === 1 ? factor - 1 : factor - 0.5 };
}

/**
 * The 1-D profile of FCN's bilinear kernel: p[i] = 1 - |i - center| / factor. Its outer product with itself is the 2-D kernel.
 *
 * Source: FCN (Long, Shelhamer & Darrell 2015), surgery.py's upsample_filt, and Caffe's BilinearFiller. Throws RangeError when size is not a positive integer.
 *
 * @example
 * import { bilinearProfile } from 'deconv';
 * // size 4: factor 2, center 1.5, so 1 - |i - 1.5| / 2 for i = 0..3.
 * console.log(Array.from(bilinearProfile(4))); // => [0.25,0.75,0.75,0.25]
 */
export function bilinearProfile(size: number): Float64Array {
  checkInteger('bilinearProfile', 'size', size, 1);
  checkElements('bilinearProfile', 'the profile', [size]);
  return profile(size);
}

function profile(size: number): Float64Array {
  const factor = Math.ceil(size / 2);
  const center = size % 2 === 1 ? factor - 1 : factor - 0.5;
  return Float64Array.from({ length: size }, (_, i) => 1 - Math.abs(i - center) / factor);
}

/**
 * FCN's size x size bilinear up-sampling kernel, shape [size, size], float64.
 *
 * Source: FCN (Long, Shelhamer & Darrell 2015), surgery.py's upsample_filt, and Caffe's BilinearFiller. Throws RangeError when size is not a positive integer.
 *
 * @example
 * import { bilinearKernel } from 'deconv';
 * const k = bilinearKernel(4);
 * // Row 0 is 0.25 times the profile [0.25, 0.75, 0.75, 0.25].
 * console.log(k.shape, Array.from(k.data.slice(0, 4))); // => [4,4] [0.0625,0.1875,0.1875,0.0625]
 */
export function bilinearKernel(size: number): Tensor {
  checkInteger('bilinearKernel', 'size', size, 1);
  checkElements('bilinearKernel', 'the kernel', [size, size]);
  const p = bilinearProfile(size);
  const data = new Float64Array(size * size);
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) data[i * size + j] = p[i] * p[j];
  return { shape: [size, size], data };
}

function checkRank(fn: string, rank: unknown): number {
  return rank === undefined ? 2 : checkInteger(fn, 'rank', rank, 1);
}

/** The outer product p ⊗ p ⊗ ... (rank times), as a flat row-major array of size^rank values. */
function outerPower(p: Float64Array, rank: number): Float64Array {
  const shape = new Array<number>(rank).fill(p.length);
  const out = new Float64Array(sizeOf(shape));
  forEachIndex(shape, (index, flat) => {
    let v = 1;
    for (const i of index) v *= p[i];
    out[flat] = v;
  });
  return out;
}

/**
 * The bilinear kernel for C channels as a depthwise (grouped) transposed-convolution weight
 * [C, 1, ...k] (rank spatial axes, default 2): w[c, 0] = the bilinear kernel, used with
 * groups = C so that every channel is up-sampled on its own.
 *
 * Throws RangeError when channels, size or rank is not a positive integer.
 *
 * @example
 * import { bilinearDepthwiseWeight } from 'deconv';
 * console.log(bilinearDepthwiseWeight(3, 4).shape); // => [3,1,4,4]
 * // 1-D, two channels: the profile [0.25, 0.75, 0.75, 0.25] for each.
 * console.log(Array.from(bilinearDepthwiseWeight(2, 4, 1).data)); // => [0.25,0.75,0.75,0.25,0.25,0.75,0.75,0.25]
 */
export function bilinearDepthwiseWeight(channels: number, size: number, rank?: number): Tensor {
  const fn = 'bilinearDepthwiseWeight';
  checkInteger(fn, 'channels', channels, 1);
  checkInteger(fn, 'size', size, 1);
  const r = checkRank(fn, rank);
  const kernel = outerPower(profile(size), r);
  const data = new Float64Array(channels * kernel.length);
  for (let c = 0; c < channels; c++) data.set(kernel, c * kernel.length);
  return { shape: [channels, 1, ...new Array<number>(r).fill(size)], data };
}

/**
 * FCN's own layout (surgery.py interp): a full [C, C, ...k] weight with the bilinear kernel
 * on the diagonal, w[c, c] = kernel and w[c, m != c] = 0, used with groups = 1. Same result
 * as the depthwise weight, at C times the work.
 *
 * Throws RangeError when channels, size or rank is not a positive integer.
 *
 * @example
 * import { bilinearDiagonalWeight, toArray } from 'deconv';
 * console.log(toArray(bilinearDiagonalWeight(2, 4, 1))); // => [[[0.25,0.75,0.75,0.25],[0,0,0,0]],[[0,0,0,0],[0.25,0.75,0.75,0.25]]]
 */
export function bilinearDiagonalWeight(channels: number, size: number, rank?: number): Tensor {
  const fn = 'bilinearDiagonalWeight';
  checkInteger(fn, 'channels', channels, 1);
  checkInteger(fn, 'size', size, 1);
  const r = checkRank(fn, rank);
  const kernel = outerPower(profile(size), r);
  const data = new Float64Array(channels * channels * kernel.length);
  for (let c = 0; c < channels; c++) data.set(kernel, (c * channels + c) * kernel.length);
  return { shape: [channels, channels, ...new Array<number>(r).fill(size)], data };
}

/** Kernel, stride and (symmetric) pad of FCN-style up-sampling by an integer factor f. */
export interface UpsamplingParameters {
  /** k = 2f - f % 2 */
  kernel: number;
  /** s = f */
  stride: number;
  /** p = ceil((f - 1) / 2), on both sides of every axis */
  pad: number;
}

/**
 * k = 2f - f%2, s = f, p = ceil((f-1)/2) (FCN's nets and Caffe's BilinearFiller docs). The
 * output size is s(in-1) + k - 2p = f*in for every f, and the bilinear kernel of size k has
 * factor ceil(k/2) = f.
 *
 * Throws RangeError when factor is not a positive integer.
 *
 * @example
 * import { upsamplingParameters } from 'deconv';
 * // f = 2: k = 4, s = 2, p = 1, and 2(in-1) + 4 - 2 = 2 in. f = 3: k = 5, s = 3, p = 1.
 * console.log(upsamplingParameters(2), upsamplingParameters(3)); // => {"kernel":4,"stride":2,"pad":1} {"kernel":5,"stride":3,"pad":1}
 */
export function upsamplingParameters(factor: number): UpsamplingParameters {
  checkInteger('upsamplingParameters', 'factor', factor, 1);
  return { kernel: 2 * factor - (factor % 2), stride: factor, pad: Math.ceil((factor - 1) / 2) };
}

/**
 * Bilinear up-sampling of x [N, C, ...spatial] by an integer factor f on every spatial axis,
 * the FCN way: a depthwise transposed convolution (groups = C) with the bilinear kernel and
 * upsamplingParameters(f). Output [N, C, ...f*spatial], dtype of x. Equal to half-pixel
 * bilinear interpolation away from the border; attenuated at the border (zero padding).
 * The kernel is an outer product, so the public op may run it separably.
 *
 * Throws TypeError/RangeError for an x of rank < 3 or a factor that is not a positive integer.
 *
 * @example
 * import { bilinearUpsample, tensor } from 'deconv';
 * // x = [0, 4], f = 2: the stamp 4*[0.25, 0.75, 0.75, 0.25] at 2 gives [0, 0, 1, 3, 3, 1]; pad 1 crops to [0, 1, 3, 3].
 * // Half-pixel bilinear interpolation gives [0, 1, 3, 4]: equal inside, attenuated at the border (zero padding).
 * console.log(Array.from(bilinearUpsample(tensor([0, 4], [1, 1, 2]), 2).data)); // => [0,1,3,3]
 */
export function bilinearUpsample(x: Tensor, factor: number): Tensor {
  const fn = 'bilinearUpsample';
  checkTensor(fn, 'x', x);
  checkInteger(fn, 'factor', factor, 1);
  if (x.shape.length < 3) fail(fn, `x rank (${x.shape.length}) must be at least 3: [batch, channels, ...spatial]`);
  // The kernel (2f - f mod 2 per axis) and the output (f times x per axis) must fit before either is built.
  checkElements(fn, 'the output', x.shape.map((n, a) => (a < 2 ? n : n * factor)));
  checkElements(fn, 'the kernel', x.shape.map((_, a) => (a < 2 ? 1 : 2 * factor)));
  const { kernel, stride, pad } = upsamplingParameters(factor);
  const rank = x.shape.length - 2;
  const w = bilinearDepthwiseWeight(x.shape[1], kernel, rank);
  return convTranspose(x, w, { strides: stride, pads: pad, groups: x.shape[1] });
}
