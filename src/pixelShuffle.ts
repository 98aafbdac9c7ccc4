/**
 * Pixel shuffle and sub-pixel convolution (Shi et al. 2016, "Real-Time Single Image and Video
 * Super-Resolution Using an Efficient Sub-Pixel Convolutional Neural Network"; PyTorch
 * nn.PixelShuffle / nn.PixelUnshuffle), and why a sub-pixel convolution is a transposed
 * convolution (Shi et al. 2016, "Is the deconvolution layer the same as a convolutional layer?").
 *
 * Pixel shuffle moves channels to space: for r and d spatial axes,
 *     y[n, c, ..., h_a*r + i_a, ...] = x[n, c*r^d + flat(i), ..., h_a, ...]
 * with flat(i) the row-major index of (i_0, ..., i_{d-1}) in [r, ..., r]; for d = 2 this is
 * PyTorch's channel order c*r^2 + i*r + j.
 */
import { checkInteger, checkIntegers, checkKnownKeys, checkOptions, fail } from './errors';
import { conv } from './conv';
import { convInfo, type ConvTransposeOptions } from './shape';
import { allocate, checkTensor, dtypeOf, forEachIndex, indicesOf, sizeOf, stridesOf, type Tensor } from './tensor';

function checkSpatialTensor(fn: string, name: string, x: Tensor): number {
  checkTensor(fn, name, x);
  if (x.shape.length < 3) fail(fn, `${name} rank (${x.shape.length}) must be at least 3: [batch, channels, ...spatial]`);
  return x.shape.length - 2;
}

/** Maps between [N, C r^d, ...S] (channels) and [N, C, ...rS] (space); `toSpace` picks the direction. */
function shuffle(x: Tensor, r: number, toSpace: boolean): Tensor {
  const d = x.shape.length - 2;
  const block = r ** d;
  const [n, channels] = x.shape;
  const small = toSpace ? x.shape.slice(2) : x.shape.slice(2).map((v) => v / r);
  const c = toSpace ? channels / block : channels;
  const big = small.map((v) => v * r);
  const deep = [n, c * block, ...small];
  const wide = [n, c, ...big];
  const deepStrides = stridesOf(deep);
  const wideStrides = stridesOf(wide);
  const out = allocate(dtypeOf(x.data), x.data.length);
  const phases = indicesOf(new Array<number>(d).fill(r));
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      phases.forEach((i, p) => {
        forEachIndex(small, (h) => {
          let from = b * deepStrides[0] + (ch * block + p) * deepStrides[1];
          let to = b * wideStrides[0] + ch * wideStrides[1];
          for (let a = 0; a < d; a++) {
            from += h[a] * deepStrides[a + 2];
            to += (h[a] * r + i[a]) * wideStrides[a + 2];
          }
          if (toSpace) out[to] = x.data[from];
          else out[from] = x.data[to];
        });
      });
    }
  }
  return { shape: toSpace ? wide : deep, data: out };
}

/**
 * [N, C r^d, ...S] -> [N, C, ...r S] (PyTorch pixel_shuffle for d = 2; any d >= 1 here).
 *
 * y[n, c, ..., o_a r + i_a, ...] = x[n, c r^d + flat(i), ..., o_a, ...] (Shi et al. 2016, "Real-Time Single
 * Image and Video Super-Resolution Using an Efficient Sub-Pixel Convolutional Neural Network"; PyTorch's
 * torch.nn.PixelShuffle). Throws TypeError/RangeError for an x of rank < 3, an r that is not a positive
 * integer, or a channel count not divisible by r^d.
 *
 * @example
 * import { pixelShuffle, tensor, toArray } from 'deconv';
 * // Four channels of one pixel become one channel of 2x2 pixels, in row-major order.
 * console.log(toArray(pixelShuffle(tensor([1, 2, 3, 4], [1, 4, 1, 1]), 2))); // => [[[[1,2],[3,4]]]]
 */
export function pixelShuffle(x: Tensor, r: number): Tensor {
  const fn = 'pixelShuffle';
  const d = checkSpatialTensor(fn, 'x', x);
  checkInteger(fn, 'r', r, 1);
  if (x.shape[1] % r ** d !== 0) fail(fn, `x.shape[1]=${x.shape[1]} must be divisible by r^${d}=${r ** d}`);
  return shuffle(x, r, true);
}

/**
 * [N, C, ...r S] -> [N, C r^d, ...S], the inverse of pixelShuffle (PyTorch pixel_unshuffle).
 *
 * Throws TypeError/RangeError for an x of rank < 3, an r that is not a positive integer, or a
 * spatial size not divisible by r.
 *
 * @example
 * import { pixelUnshuffle, tensor } from 'deconv';
 * const x = pixelUnshuffle(tensor([[[[1, 2], [3, 4]]]]), 2);
 * console.log(x.shape, Array.from(x.data)); // => [1,4,1,1] [1,2,3,4]
 */
export function pixelUnshuffle(x: Tensor, r: number): Tensor {
  const fn = 'pixelUnshuffle';
  checkSpatialTensor(fn, 'x', x);
  checkInteger(fn, 'r', r, 1);
  x.shape.slice(2).forEach((v, a) => {
    if (v % r !== 0) fail(fn, `x.shape[${a + 2}]=${v} must be divisible by r=${r}`);
  });
  return shuffle(x, r, false);
}

/**
 * Options of `subPixelConvolution`.
 */
export interface SubPixelOptions {
  /** Pads of the stride-1 convolution, ONNX order (default 0). */
  pads?: number | readonly number[];
  /** Bias of the convolution, one value per conv output channel (C r^d). */
  bias?: Tensor;
}

function checkSubPixel(fn: string, x: Tensor | undefined, w: Tensor, r: number, options: SubPixelOptions | undefined, known: string[]) {
  checkTensor(fn, 'w', w);
  const d = w.shape.length - 2;
  if (d < 1) fail(fn, `w rank (${w.shape.length}) must be at least 3: [C*r^d, inChannels, ...kernel]`);
  checkInteger(fn, 'r', r, 1);
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, known);
  if (w.shape[0] % r ** d !== 0) fail(fn, `w.shape[0]=${w.shape[0]} (conv output channels) must be divisible by r^${d}=${r ** d}`);
  // ONNX order: one number for every side, or [begin_0, ..., begin_{d-1}, end_0, ..., end_{d-1}].
  const pads = checkIntegers(fn, 'pads', opts.pads, 2 * d, 0, 0);
  const begin = pads.slice(0, d);
  const end = pads.slice(d);
  if (x !== undefined) {
    checkTensor(fn, 'x', x);
    if (opts.bias !== undefined) checkTensor(fn, 'bias', opts.bias);
    convInfo(fn, x.shape, w.shape, { pads: [...begin, ...end], bias: opts.bias });
  }
  return { d, begin, end, opts };
}

/**
 * Sub-pixel convolution: a stride-1 convolution to C r^d channels, then pixel shuffle.
 * x [N, Cin, ...S], w [C r^d, Cin, ...K] -> [N, C, ...r (S + pads - K + 1)].
 *
 * Source: Shi et al. 2016 (see pixelShuffle). Throws what `conv` and `pixelShuffle` throw, and
 * RangeError when w's output channels are not divisible by r^d.
 *
 * @example
 * import { subPixelConvolution, tensor } from 'deconv';
 * // 1-D, r = 2, a 1-tap kernel per output channel (1 and 10): channels [1, 2] and [10, 20], interleaved.
 * const y = subPixelConvolution(tensor([1, 2], [1, 1, 2]), tensor([1, 10], [2, 1, 1]), 2);
 * console.log(y.shape, Array.from(y.data)); // => [1,1,4] [1,10,2,20]
 */
export function subPixelConvolution(x: Tensor, w: Tensor, r: number, options?: SubPixelOptions): Tensor {
  const fn = 'subPixelConvolution';
  const { begin, end, opts } = checkSubPixel(fn, x, w, r, options, ['pads', 'bias']);
  return shuffle(conv(x, w, { pads: [...begin, ...end], bias: opts.bias }), r, true);
}

/**
 * The transposed-convolution weight equal to a sub-pixel convolution with weight w
 * [C r^d, Cin, ...K]: W [Cin, C, ...K r] with
 *     W[c, m, ..., (K_a - 1 - k_a) r + i_a, ...] = w[m r^d + flat(i), c, ..., k_a, ...].
 *
 * Why (one axis; the others factor): the convolution gives z[m r + i, o] = sum_{c,k}
 * x[c, o + k - pb] w[m r + i, c, k] and the shuffle puts it at y[m, o r + i]. A transposed
 * convolution with stride r, kernel W and begin pad P gives y[m, t] = sum_{c,j} x[c, j]
 * W[c, m, t + P - j r]. With j = o + k - pb and t = o r + i the tap index is
 * (pb - k) r + i + P, which starts at 0 for P = (K - 1 - pb) r: the conv kernel, flipped,
 * with its r^d output channels interleaved as the phases of a kernel r times larger.
 * Matching the sizes, r(L + pb + pe - K + 1), gives the end pad (K - 1 - pe) r.
 *
 * Throws TypeError/RangeError for a w of rank < 3, an r that is not a positive integer, or output
 * channels not divisible by r^d.
 *
 * @example
 * import { subPixelKernel, tensor } from 'deconv';
 * // K = 1, r = 2: W[0, 0, i] = w[i, 0, 0], the two 1-tap kernels side by side.
 * const W = subPixelKernel(tensor([1, 10], [2, 1, 1]), 2);
 * console.log(W.shape, Array.from(W.data)); // => [1,1,2] [1,10]
 */
export function subPixelKernel(w: Tensor, r: number): Tensor {
  const fn = 'subPixelKernel';
  const { d } = checkSubPixel(fn, undefined, w, r, undefined, []);
  return subPixelWeight(w, r, d);
}

function subPixelWeight(w: Tensor, r: number, d: number): Tensor {
  const block = r ** d;
  const [deep, cin] = w.shape;
  const c = deep / block;
  const k = w.shape.slice(2);
  const shape = [cin, c, ...k.map((v) => v * r)];
  const data = allocate(dtypeOf(w.data), sizeOf(shape));
  const ws = stridesOf(w.shape);
  const bs = stridesOf(shape);
  const phases = indicesOf(new Array<number>(d).fill(r));
  for (let m = 0; m < c; m++) {
    phases.forEach((i, p) => {
      for (let ch = 0; ch < cin; ch++) {
        forEachIndex(k, (tap) => {
          let from = (m * block + p) * ws[0] + ch * ws[1];
          let to = ch * bs[0] + m * bs[1];
          for (let a = 0; a < d; a++) {
            from += tap[a] * ws[a + 2];
            to += ((k[a] - 1 - tap[a]) * r + i[a]) * bs[a + 2];
          }
          data[to] = w.data[from];
        });
      }
    });
  }
  return { shape, data };
}

/**
 * A transposed convolution: its weight and options.
 *
 * Pass both to `convTranspose(x, w, options)`.
 */
export interface EquivalentConvTranspose {
  w: Tensor;
  options: ConvTransposeOptions;
}

/**
 * The transposed convolution that equals subPixelConvolution(x, w, r, {pads}) for every x:
 * weight subPixelKernel(w, r), strides r, pads [(K - 1 - pb) r..., (K - 1 - pe) r...].
 * Needs pads <= K - 1 (larger pads read only padding at the first positions).
 *
 * Throws RangeError when a pad exceeds K - 1, and what subPixelKernel throws.
 *
 * @example
 * import { convTranspose, subPixelConvTranspose, tensor } from 'deconv';
 * const { w, options } = subPixelConvTranspose(tensor([1, 10], [2, 1, 1]), 2);
 * // Stamps 1*[1, 10] at 0 and 2*[1, 10] at 2: the same [1, 10, 2, 20] as subPixelConvolution's example.
 * console.log(Array.from(convTranspose(tensor([1, 2], [1, 1, 2]), w, options).data)); // => [1,10,2,20]
 */
export function subPixelConvTranspose(w: Tensor, r: number, options?: { pads?: number | readonly number[] }): EquivalentConvTranspose {
  const fn = 'subPixelConvTranspose';
  const { d, begin, end } = checkSubPixel(fn, undefined, w, r, options, ['pads']);
  const k = w.shape.slice(2);
  [...begin, ...end].forEach((p, e) => {
    const a = e % d;
    if (p > k[a] - 1) fail(fn, `pads[${e}]=${p} must be <= kernel size - 1 = ${k[a] - 1} along spatial axis ${a}`);
  });
  return {
    w: subPixelWeight(w, r, d),
    options: { strides: r, pads: [...begin.map((p, a) => (k[a] - 1 - p) * r), ...end.map((p, a) => (k[a] - 1 - p) * r)] },
  };
}
