/**
 * The signal-processing view of strided and transposed convolutions (Oppenheim & Schafer,
 * "Discrete-Time Signal Processing", ch. 4: down-sampling and up-sampling; Vaidyanathan,
 * "Multirate Systems and Filter Banks", the noble identities; Dumoulin & Visin 2016,
 * "A guide to convolution arithmetic for deep learning"):
 *
 *   down-sampling D_s:  (D_s x)[o] = x[o s]                 (keep every s-th sample)
 *   up-sampling   U_s:  (U_s x)[o s] = x[o], zero elsewhere  (insert s - 1 zeros)
 *   U_s = D_s^T (for matching lengths): <D_s x, y> = <x, U_s y>
 *   strided conv        = D_s after the stride-1 conv         (conv(x, w, {strides: s}) = D_s conv(x, w))
 *   transposed conv     = stride-1 full conv with the flipped kernel after U_s
 *   nearest up-sampling = U_s then a box of s ones; followed by a conv with q it is one
 *                         transposed conv whose kernel is q (flipped) convolved with the box.
 *
 * Spatial axes are [N, C, ...spatial] as everywhere; strides are per axis or one for all.
 */
import { checkElements } from './checks';
import { checkInteger, checkIntegers, checkKnownKeys, checkOptions, fail, show } from './errors';
import { type ConvTransposeOptions } from './shape';
import { allocate, checkTensor, dtypeOf, forEachIndex, sizeOf, stridesOf, type Tensor } from './tensor';
import type { SparseMatrix } from './views/matrix';

function checkSpatial(fn: string, x: Tensor): number {
  checkTensor(fn, 'x', x);
  if (x.shape.length < 3) fail(fn, `x rank (${x.shape.length}) must be at least 3: [batch, channels, ...spatial]`);
  return x.shape.length - 2;
}

/**
 * Copies x into a new spatial shape: out[..., o] = x[..., i] for every pair from `map`
 * (i = map(o), or -1 for a zero). The map works on one spatial index at a time.
 */
function remap(fn: string, x: Tensor, spatial: number[], map: (o: number[]) => number[] | null): Tensor {
  const shape = [x.shape[0], x.shape[1], ...spatial];
  checkElements(fn, 'the output', shape);
  const out = allocate(dtypeOf(x.data), sizeOf(shape));
  const xs = stridesOf(x.shape);
  const planeIn = xs[1];
  const planeOut = sizeOf(spatial);
  const planes = x.shape[0] * x.shape[1];
  forEachIndex(spatial, (o, flat) => {
    const i = map(o);
    if (i === null) return;
    let from = 0;
    i.forEach((v, a) => (from += v * xs[a + 2]));
    for (let p = 0; p < planes; p++) out[p * planeOut + flat] = x.data[p * planeIn + from];
  });
  return { shape, data: out };
}

/**
 * D_s: y[n, c, o] = x[n, c, o s] on every spatial axis; out = ceil(in / s).
 *
 * Throws TypeError/RangeError, naming the function, for an x that is not a tensor of rank >= 3 or strides that are not positive integers (one per spatial axis or one for all).
 *
 * @example
 * import { downsample, tensor } from 'deconv';
 * // Keep every second sample, starting with the first: ceil(5 / 2) = 3 values.
 * console.log(Array.from(downsample(tensor([1, 2, 3, 4, 5], [1, 1, 5]), 2).data)); // => [1,3,5]
 */
export function downsample(x: Tensor, strides: number | readonly number[]): Tensor {
  const fn = 'downsample';
  const rank = checkSpatial(fn, x);
  const s = checkIntegers(fn, 'strides', strides, rank, 1, 1);
  return remap(fn, x, x.shape.slice(2).map((n, a) => Math.ceil(n / s[a])), (o) => o.map((v, a) => v * s[a]));
}

/**
 * U_s: y[n, c, o s] = x[n, c, o], zero elsewhere; out = s(in - 1) + 1 (zeros between samples
 * only), or options.outputShape (spatial), which may add up to s - 1 trailing zeros per axis
 * so that U_s is the exact transpose of D_s on a signal of that length.
 *
 * Throws TypeError/RangeError, naming the function, for an x that is not a tensor of rank >= 3 or strides that are not positive integers (one per spatial axis or one for all). Also RangeError when outputShape[a] is outside [s(in-1)+1, s*in].
 * Source: the up-sampler of multirate signal processing (Vaidyanathan, "Multirate Systems and Filter Banks", 1993, ch. 4).
 *
 * @example
 * import { tensor, upsample } from 'deconv';
 * const x = tensor([1, 2, 3], [1, 1, 3]);
 * console.log(Array.from(upsample(x, 2).data)); // => [1,0,2,0,3]
 * // outputShape 6 adds the trailing zero that makes U_2 the transpose of D_2 on length 6.
 * console.log(Array.from(upsample(x, 2, { outputShape: [6] }).data)); // => [1,0,2,0,3,0]
 */
export function upsample(x: Tensor, strides: number | readonly number[], options?: { outputShape?: readonly number[] }): Tensor {
  const fn = 'upsample';
  const rank = checkSpatial(fn, x);
  const s = checkIntegers(fn, 'strides', strides, rank, 1, 1);
  const out = upsampledShape(fn, x.shape.slice(2), s, options);
  return remap(fn, x, out, (o) => (o.every((v, a) => v % s[a] === 0) ? o.map((v, a) => v / s[a]) : null));
}

function upsampledShape(fn: string, spatial: number[], s: number[], options: { outputShape?: readonly number[] } | undefined): number[] {
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, ['outputShape']);
  const natural = spatial.map((n, a) => s[a] * (n - 1) + 1);
  if (opts.outputShape === undefined) return natural;
  const out = checkIntegers(fn, 'outputShape', opts.outputShape, spatial.length, 1, 1);
  out.forEach((v, a) => {
    if (v < natural[a] || v > natural[a] + s[a] - 1) {
      fail(fn, `outputShape[${a}]=${v} must be between s(in-1)+1=${natural[a]} and s*in=${natural[a] + s[a] - 1} (the lengths L with ceil(L/s) = in)`);
    }
  });
  return out;
}

/**
 * Nearest-neighbour up-sampling by an integer factor: y[n, c, i] = x[n, c, floor(i / s)]; out = s * in.
 *
 * Throws TypeError/RangeError, naming the function, for an x that is not a tensor of rank >= 3 or strides that are not positive integers (one per spatial axis or one for all).
 *
 * @example
 * import { nearestUpsample, tensor } from 'deconv';
 * console.log(Array.from(nearestUpsample(tensor([1, 2], [1, 1, 2]), 2).data)); // => [1,1,2,2]
 */
export function nearestUpsample(x: Tensor, strides: number | readonly number[]): Tensor {
  const fn = 'nearestUpsample';
  const rank = checkSpatial(fn, x);
  const s = checkIntegers(fn, 'strides', strides, rank, 1, 1);
  return remap(fn, x, x.shape.slice(2).map((n, a) => n * s[a]), (o) => o.map((v, a) => Math.floor(v / s[a])));
}

/**
 * Average pooling over s^d blocks (a box filter, then D_s): out = floor(in / s).
 *
 * Throws TypeError/RangeError, naming the function, for an x that is not a tensor of rank >= 3 or strides that are not positive integers (one per spatial axis or one for all). Also RangeError when a spatial size is smaller than its stride.
 *
 * @example
 * import { averagePool, tensor } from 'deconv';
 * // Blocks [1, 3] and [5, 7]; the last sample (9) does not fill a block: floor(5 / 2) = 2 outputs.
 * console.log(Array.from(averagePool(tensor([1, 3, 5, 7, 9], [1, 1, 5]), 2).data)); // => [2,6]
 */
export function averagePool(x: Tensor, strides: number | readonly number[]): Tensor {
  const fn = 'averagePool';
  const rank = checkSpatial(fn, x);
  const s = checkIntegers(fn, 'strides', strides, rank, 1, 1);
  x.shape.slice(2).forEach((n, a) => {
    if (n < s[a]) fail(fn, `x.shape[${a + 2}]=${n} must be >= strides[${a}]=${s[a]}`);
  });
  const spatial = x.shape.slice(2).map((n, a) => Math.floor(n / s[a]));
  const shape = [x.shape[0], x.shape[1], ...spatial];
  const sums = new Float64Array(sizeOf(shape));
  const ys = stridesOf(shape);
  forEachIndex(x.shape, (i, flat) => {
    let to = i[0] * ys[0] + i[1] * ys[1];
    for (let a = 0; a < rank; a++) {
      const o = Math.floor(i[a + 2] / s[a]);
      if (o >= spatial[a]) return;
      to += o * ys[a + 2];
    }
    sums[to] += x.data[flat];
  });
  const block = sizeOf(s);
  const data = allocate(dtypeOf(x.data), sums.length);
  for (let e = 0; e < sums.length; e++) data[e] = sums[e] / block;
  return { shape, data };
}

function checkShape(fn: string, name: string, shape: unknown): number[] {
  if (typeof shape === 'number') return [checkInteger(fn, name, shape, 1)];
  if (!Array.isArray(shape) || shape.length === 0) fail(fn, `${name}=${show(shape)} must be a positive integer or a non-empty array of them`, TypeError);
  return checkIntegers(fn, name, shape, shape.length, 1, 1);
}

function matrixOf(rows: number, cols: number, entries: [number, number, number][]): SparseMatrix {
  entries.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return {
    rows,
    cols,
    rowIndex: Int32Array.from(entries, (e) => e[0]),
    colIndex: Int32Array.from(entries, (e) => e[1]),
    values: Float64Array.from(entries, (e) => e[2]),
  };
}

/**
 * The matrix of D_s on signals of spatial shape `shape` (a number for 1-D), flattened row
 * major: one 1 per row, at column o s.
 *
 * Throws TypeError/RangeError for a shape or strides that are not positive integers.
 *
 * @example
 * import { downsampleMatrix, toArray, toDense } from 'deconv';
 * // Rows 0, 1, 2 pick samples 0, 2, 4 of a length-5 signal.
 * console.log(toArray(toDense(downsampleMatrix(5, 2)))); // => [[1,0,0,0,0],[0,0,1,0,0],[0,0,0,0,1]]
 */
export function downsampleMatrix(shape: number | readonly number[], strides: number | readonly number[]): SparseMatrix {
  const fn = 'downsampleMatrix';
  const inShape = checkShape(fn, 'shape', shape);
  const s = checkIntegers(fn, 'strides', strides, inShape.length, 1, 1);
  const outShape = inShape.map((n, a) => Math.ceil(n / s[a]));
  const inStrides = stridesOf(inShape);
  const entries: [number, number, number][] = [];
  forEachIndex(outShape, (o, row) => {
    let col = 0;
    o.forEach((v, a) => (col += v * s[a] * inStrides[a]));
    entries.push([row, col, 1]);
  });
  return matrixOf(sizeOf(outShape), sizeOf(inShape), entries);
}

/**
 * The matrix of U_s on signals of spatial shape `shape`: s(in-1)+1 rows per axis, or
 * options.outputShape. Built directly from the definition (a 1 at row o s, column o).
 *
 * Throws TypeError/RangeError for a shape or strides that are not positive integers, or an outputShape out of range.
 *
 * @example
 * import { toArray, toDense, upsampleMatrix } from 'deconv';
 * // The transpose of downsampleMatrix(5, 2): sample o goes to row 2o.
 * console.log(toArray(toDense(upsampleMatrix(3, 2)))); // => [[1,0,0],[0,0,0],[0,1,0],[0,0,0],[0,0,1]]
 */
export function upsampleMatrix(shape: number | readonly number[], strides: number | readonly number[], options?: { outputShape?: readonly number[] }): SparseMatrix {
  const fn = 'upsampleMatrix';
  const inShape = checkShape(fn, 'shape', shape);
  const s = checkIntegers(fn, 'strides', strides, inShape.length, 1, 1);
  const outShape = upsampledShape(fn, inShape, s, options);
  checkElements(fn, 'the output', outShape);
  checkElements(fn, 'the input', inShape);
  const outStrides = stridesOf(outShape);
  const entries: [number, number, number][] = [];
  forEachIndex(inShape, (i, col) => {
    let row = 0;
    i.forEach((v, a) => (row += v * s[a] * outStrides[a]));
    entries.push([row, col, 1]);
  });
  return matrixOf(sizeOf(outShape), sizeOf(inShape), entries);
}

function checkKernel1d(fn: string, q: unknown): Float64Array {
  const values = q !== null && typeof q === 'object' && 'data' in (q as object) ? checkTensor(fn, 'q', q).data : q;
  if (values === null || typeof values !== 'object' || typeof (values as ArrayLike<number>).length !== 'number' || (values as ArrayLike<number>).length === 0) {
    fail(fn, `q=${show(q)} must be a non-empty array of numbers or a tensor`, TypeError);
  }
  const out = Float64Array.from(values as ArrayLike<number>);
  out.forEach((v, i) => {
    if (!Number.isFinite(v)) fail(fn, `q[${i}]=${show((values as ArrayLike<number>)[i])} must be a finite number`);
  });
  return out;
}

/**
 * The Toeplitz matrix T of the 1-D stride-1 convolution (cross-correlation, as every framework
 * computes it) of a signal of `length` samples with kernel q and pads [begin, end] (or one
 * number): y = T x, T[o, i] = q[i - o + begin], out = length + begin + end - k + 1 rows.
 * Constant along every diagonal, hence Toeplitz.
 *
 * Throws TypeError/RangeError for an empty or non-finite kernel, a length that is not a positive
 * integer, negative pads, or a padded length shorter than the kernel.
 *
 * @example
 * import { toArray, toDense, toeplitzMatrix } from 'deconv';
 * // q = [1, 2, 3], 4 samples, one zero of padding on each side: T[o, i] = q[i - o + 1], 4 + 2 - 3 + 1 = 4 rows.
 * console.log(toArray(toDense(toeplitzMatrix([1, 2, 3], 4, 1)))); // => [[2,3,0,0],[1,2,3,0],[0,1,2,3],[0,0,1,2]]
 */
export function toeplitzMatrix(q: ArrayLike<number> | Tensor, length: number, pads: number | readonly number[] = 0): SparseMatrix {
  const fn = 'toeplitzMatrix';
  const kernel = checkKernel1d(fn, q);
  checkInteger(fn, 'length', length, 1);
  const [begin, end] = typeof pads === 'number' ? [checkInteger(fn, 'pads', pads, 0), pads] : checkIntegers(fn, 'pads', pads, 2, 0, 0);
  const k = kernel.length;
  const out = length + begin + end - k + 1;
  if (out < 1) fail(fn, `length + pads = ${length + begin + end} must be >= the kernel size ${k}`);
  const entries: [number, number, number][] = [];
  for (let o = 0; o < out; o++) {
    for (let t = 0; t < k; t++) {
      const i = o + t - begin;
      if (i >= 0 && i < length) entries.push([o, i, kernel[t]]);
    }
  }
  return matrixOf(out, length, entries);
}

/**
 * The kernel flip that turns a transposed convolution into a direct convolution:
 * [C, M, ...k] -> [M, C, ...k] with every spatial axis reversed (groups = 1).
 *
 * Throws TypeError/RangeError when w is not a tensor of rank >= 3.
 *
 * @example
 * import { flipKernel, tensor, toArray } from 'deconv';
 * // [C=1, M=2, k=3] -> [M=2, C=1, k=3], each kernel reversed.
 * console.log(toArray(flipKernel(tensor([[[1, 2, 3], [4, 5, 6]]])))); // => [[[3,2,1]],[[6,5,4]]]
 */
export function flipKernel(w: Tensor): Tensor {
  const fn = 'flipKernel';
  checkTensor(fn, 'w', w);
  if (w.shape.length < 3) fail(fn, `w rank (${w.shape.length}) must be at least 3: [C, M, ...kernel]`);
  const [c, m, ...k] = w.shape;
  const shape = [m, c, ...k];
  const out = allocate(dtypeOf(w.data), w.data.length);
  const os = stridesOf(shape);
  forEachIndex(w.shape, (i, flat) => {
    let to = i[1] * os[0] + i[0] * os[1];
    for (let a = 0; a < k.length; a++) to += (k[a] - 1 - i[a + 2]) * os[a + 2];
    out[to] = w.data[flat];
  });
  return { shape, data: out };
}

/**
 * The transposed-convolution weight h such that nearest up-sampling by s followed by the
 * convolution with weight q [M, C, ...k] (groups = 1) is one transposed convolution with
 * stride s: h [C, M, ...(k + s - 1)], per axis
 *     h[c, m, j] = sum of q[m, c, t] over t in [k - 1 - j, k - 1 - j + s - 1] ∩ [0, k-1].
 * That is reverse(q) convolved with a box of s ones: for k = 3, s = 2 and q = [a, b, c],
 * h = [c, b+c, a+b, a]. In signal-processing terms (true convolution with the impulse
 * response g = reverse(q)) h = g * box = [g0, g0+g1, g1+g2, g2].
 * Why: nearest up-sampling is U_s followed by the box; convolving the box with the conv's
 * impulse response gives the transposed convolution's stamp.
 *
 * Throws TypeError/RangeError when q is not a tensor of rank >= 3 or the strides are not positive integers.
 * Source: Odena, Dumoulin & Olah 2016, "Deconvolution and Checkerboard Artifacts" (Distill), which compares
 * resize-convolution with transposed convolution; the box-filter identity is derived above.
 *
 * @example
 * import { nearestUpsampleKernel, tensor } from 'deconv';
 * // q = [a, b, c] = [1, 2, 3], s = 2: h = [c, b+c, a+b, a] = [3, 5, 3, 1].
 * console.log(Array.from(nearestUpsampleKernel(tensor([1, 2, 3], [1, 1, 3]), 2).data)); // => [3,5,3,1]
 */
export function nearestUpsampleKernel(q: Tensor, strides: number | readonly number[]): Tensor {
  const fn = 'nearestUpsampleKernel';
  const { s } = checkNearest(fn, q, strides);
  return nearestKernel(q, s);
}

function checkNearest(fn: string, q: Tensor, strides: unknown) {
  checkTensor(fn, 'q', q);
  if (q.shape.length < 3) fail(fn, `q rank (${q.shape.length}) must be at least 3: [M, C, ...kernel] (a convolution weight)`);
  const rank = q.shape.length - 2;
  const s = checkIntegers(fn, 'strides', strides, rank, 1, 1);
  return { rank, s };
}

function nearestKernel(q: Tensor, s: number[]): Tensor {
  const [m, c, ...k] = q.shape;
  const big = k.map((v, a) => v + s[a] - 1);
  const shape = [c, m, ...big];
  const out = new Float64Array(sizeOf(shape));
  const hs = stridesOf(shape);
  forEachIndex(q.shape, (i, flat) => {
    // q[m, c, t] adds into h[c, m, j] for j in [k-1-t, k-1-t+s-1] on every axis.
    const starts = k.map((v, a) => v - 1 - i[a + 2]);
    forEachIndex(s, (e) => {
      let to = i[1] * hs[0] + i[0] * hs[1];
      for (let a = 0; a < k.length; a++) to += (starts[a] + e[a]) * hs[a + 2];
      out[to] += q.data[flat];
    });
  });
  const data = allocate(dtypeOf(q.data), out.length);
  data.set(out);
  return { shape, data };
}

/**
 * The transposed convolution equal to conv(nearestUpsample(x, s), q, {pads}) for every x:
 * weight nearestUpsampleKernel(q, s), strides s, pads [(k - 1 - pb)..., (k - 1 - pe)...].
 * Needs pads <= k - 1.
 *
 * Throws RangeError when a pad exceeds k - 1, and what nearestUpsampleKernel throws.
 *
 * @example
 * import { conv, convTranspose, nearestUpsample, nearestUpsampleConvTranspose, tensor } from 'deconv';
 * const x = tensor([1, 2], [1, 1, 2]);
 * const q = tensor([1, 2, 3], [1, 1, 3]);
 * const { w, options } = nearestUpsampleConvTranspose(q, 2, { pads: [1, 1] });
 * console.log(Array.from(w.data), options); // => [3,5,3,1] {"strides":[2],"pads":[1,1]}
 * // By hand: nearest gives [1, 1, 2, 2]; padded [0, 1, 1, 2, 2, 0] correlated with [1, 2, 3] is [5, 9, 11, 6].
 * console.log(Array.from(conv(nearestUpsample(x, 2), q, { pads: [1, 1] }).data)); // => [5,9,11,6]
 * console.log(Array.from(convTranspose(x, w, options).data)); // => [5,9,11,6]
 */
export function nearestUpsampleConvTranspose(
  q: Tensor, strides: number | readonly number[], options?: { pads?: number | readonly number[] },
): { w: Tensor; options: ConvTransposeOptions } {
  const fn = 'nearestUpsampleConvTranspose';
  const { rank, s } = checkNearest(fn, q, strides);
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, ['pads']);
  const pads = checkIntegers(fn, 'pads', opts.pads, 2 * rank, 0, 0);
  const k = q.shape.slice(2);
  pads.forEach((p, e) => {
    const a = e % rank;
    if (p > k[a] - 1) fail(fn, `pads[${e}]=${p} must be <= kernel size - 1 = ${k[a] - 1} along spatial axis ${a}`);
  });
  return { w: nearestKernel(q, s), options: { strides: s, pads: pads.map((p, e) => k[e % rank] - 1 - p) } };
}
