/**
 * Checkerboard artifacts of strided transposed convolutions (Odena, Dumoulin & Olah 2016,
 * "Deconvolution and Checkerboard Artifacts", Distill), for any kernel, stride and dilation
 * in any number of spatial axes.
 *
 * Along one axis, tap k of input position o lands on output o*s + k*d - padBegin, so output
 * positions fall into s phases: before cropping, output i meets exactly the taps with
 *     k*d ≡ i (mod s).
 * Far from the border of a constant input x = c, output i is therefore c times the sum of
 * the kernel over its phase (the phase sum). Equal phase sums <=> a constant input gives a
 * constant interior output (no checkerboard for constant input). The overlap count (how many
 * (input, tap) pairs reach an output) is the phase sum of an all-ones kernel; it is uniform
 * iff every phase holds the same number of taps, which for d = 1 means k divisible by s
 * (the classic sufficient condition; with dilation it also needs gcd(d, s) = 1). Uniform overlap is about the kernel's size only:
 * a learned k=4, s=2 kernel still has a checkerboard unless its phase sums agree.
 */
import { checkInteger, checkIntegers, checkKnownKeys, checkOptions, fail, show } from './errors';
import { convTransposeGeometry, type ConvTransposeOptions } from './shape';
import { checkTensor, forEachIndex, indicesOf, sizeOf, stridesOf, type Tensor } from './tensor';

/** A non-empty array of positive integers (a spatial shape). */
function checkShapeArg(fn: string, name: string, value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0) fail(fn, `${name}=${show(value)} must be a non-empty array of positive integers`, TypeError);
  return checkIntegers(fn, name, value, value.length, 1, 1);
}

function checkKernel(fn: string, kernel: Tensor): number {
  checkTensor(fn, 'kernel', kernel);
  return kernel.shape.length;
}

/** Row-major index of phase r in a [...s] grid. */
function phaseIndex(k: readonly number[], s: readonly number[], d: readonly number[]): number {
  let flat = 0;
  for (let a = 0; a < s.length; a++) flat = flat * s[a] + ((k[a] * d[a]) % s[a]);
  return flat;
}

/**
 * Per-phase kernel sums: P[r] = sum of kernel[k] over the taps with k*d ≡ r (mod s) on every
 * axis. `kernel` is a spatial kernel [...k] (e.g. bilinearKernel(4)); the result has shape
 * [...s]. Phase r is the set of outputs i ≡ r (mod s) before cropping (pads shift it).
 *
 * Throws TypeError/RangeError for shapes, strides or dilations that are not positive integers (one per spatial axis or one for all). Source: Odena, Dumoulin & Olah 2016, "Deconvolution and Checkerboard Artifacts" (Distill).
 *
 * @example
 * import { phaseSums, tensor } from 'deconv';
 * // Stride 2, kernel [1, 2, 3]: phase 0 gets taps 0 and 2 (1 + 3), phase 1 gets tap 1 (2).
 * console.log(Array.from(phaseSums(tensor([1, 2, 3]), 2).data)); // => [4,2]
 */
export function phaseSums(kernel: Tensor, strides: number | readonly number[], dilations?: number | readonly number[]): Tensor {
  return sumsOf('phaseSums', kernel, strides, dilations);
}

function sumsOf(fn: string, kernel: Tensor, strides: unknown, dilations: unknown): Tensor {
  const rank = checkKernel(fn, kernel);
  const s = checkIntegers(fn, 'strides', strides, rank, 1, 1);
  const d = checkIntegers(fn, 'dilations', dilations, rank, 1, 1);
  const sums = new Float64Array(sizeOf(s));
  forEachIndex(kernel.shape, (k, flat) => (sums[phaseIndex(k, s, d)] += kernel.data[flat]));
  return { shape: s, data: sums };
}

/**
 * Overlap count of an infinite constant input: P[r] = the number of taps k with
 * k*d ≡ r (mod s), i.e. how many (input, tap) pairs reach an interior output of phase r.
 * Shape [...s]. E.g. k=3, s=2: [2, 1]; k=4, s=2: [2, 2]; k=2, s=2, d=2: [2, 0] (holes).
 *
 * Throws TypeError/RangeError for shapes, strides or dilations that are not positive integers (one per spatial axis or one for all).
 *
 * @example
 * import { overlapPattern } from 'deconv';
 * console.log(Array.from(overlapPattern([3], 2).data)); // => [2,1]
 * console.log(Array.from(overlapPattern([4], 2).data)); // => [2,2]
 * console.log(Array.from(overlapPattern([2], 2, 2).data)); // => [2,0]
 */
export function overlapPattern(kernelShape: readonly number[], strides: number | readonly number[], dilations?: number | readonly number[]): Tensor {
  return patternOf('overlapPattern', kernelShape, strides, dilations);
}

function patternOf(fn: string, kernelShape: unknown, strides: unknown, dilations: unknown): Tensor {
  const k = checkShapeArg(fn, 'kernelShape', kernelShape);
  const s = checkIntegers(fn, 'strides', strides, k.length, 1, 1);
  const d = checkIntegers(fn, 'dilations', dilations, k.length, 1, 1);
  const counts = new Float64Array(sizeOf(s));
  for (const tap of indicesOf(k)) counts[phaseIndex(tap, s, d)] += 1;
  return { shape: s, data: counts };
}

/**
 * Overlap count of every output position of a finite transposed convolution: how many
 * (input position, tap) pairs write output i. inShape is the input's spatial shape, kernel
 * the spatial kernel shape; options as for convTranspose (strides, dilations, pads,
 * outputPadding, outputShape, autoPad). Result: spatial shape of the output.
 *
 * Throws TypeError/RangeError for shapes, strides or dilations that are not positive integers (one per spatial axis or one for all). Also what `convTranspose` throws for its options.
 *
 * @example
 * import { overlapCount } from 'deconv';
 * // Three inputs, kernel 3, stride 2: stamps cover 0..2, 2..4 and 4..6, overlapping at 2 and 4.
 * console.log(Array.from(overlapCount([3], [3], { strides: 2 }).data)); // => [1,1,2,1,2,1,1]
 */
export function overlapCount(inShape: readonly number[], kernelShape: readonly number[], options?: ConvTransposeOptions): Tensor {
  const fn = 'overlapCount';
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, ['strides', 'dilations', 'pads', 'outputPadding', 'outputShape', 'autoPad']);
  checkShapeArg(fn, 'kernelShape', kernelShape);
  const g = convTransposeGeometry(fn, inShape, kernelShape, opts);
  // The geometry is the forward convolution's: our input is its outShape, our output its inShape.
  const counts = new Float64Array(sizeOf(g.inShape));
  const outStrides = stridesOf(g.inShape);
  const taps = indicesOf(g.kernel);
  forEachIndex(g.outShape, (o) => {
    for (const k of taps) {
      let flat = 0;
      let inside = true;
      for (let a = 0; a < g.rank && inside; a++) {
        const i = o[a] * g.strides[a] + k[a] * g.dilations[a] - g.padsBegin[a];
        inside = i >= 0 && i < g.inShape[a];
        flat += i * outStrides[a];
      }
      if (inside) counts[flat] += 1;
    }
  });
  return { shape: [...g.inShape], data: counts };
}

/**
 * True when every phase holds the same number of taps: overlap is uniform away from the
 * border. For d = 1 this holds iff k is divisible by s on every axis.
 *
 * Throws TypeError/RangeError for shapes, strides or dilations that are not positive integers (one per spatial axis or one for all).
 *
 * @example
 * import { hasUniformOverlap } from 'deconv';
 * console.log(hasUniformOverlap([4], 2), hasUniformOverlap([3], 2), hasUniformOverlap([2], 2, 2)); // => true false false
 */
export function hasUniformOverlap(kernelShape: readonly number[], strides: number | readonly number[], dilations?: number | readonly number[]): boolean {
  const p = patternOf('hasUniformOverlap', kernelShape, strides, dilations);
  return p.data.every((v) => v === p.data[0]);
}

/**
 * The classic sufficient condition for uniform overlap (Odena et al. 2016): k % s = 0 on every
 * axis. It assumes d = 1 (more generally gcd(d, s) = 1): with k = 2, s = 2, d = 2 both taps
 * land in phase 0 and every other output is a hole although 2 % 2 = 0.
 *
 * Throws TypeError/RangeError for shapes, strides or dilations that are not positive integers (one per spatial axis or one for all).
 *
 * @example
 * import { kernelDivisibleByStride } from 'deconv';
 * // [2] with stride 2 passes the test, yet with dilation 2 it leaves holes (see hasUniformOverlap).
 * console.log(kernelDivisibleByStride([4], 2), kernelDivisibleByStride([3], 2), kernelDivisibleByStride([2], 2)); // => true false true
 */
export function kernelDivisibleByStride(kernelShape: readonly number[], strides: number | readonly number[]): boolean {
  const fn = 'kernelDivisibleByStride';
  const k = checkShapeArg(fn, 'kernelShape', kernelShape);
  const s = checkIntegers(fn, 'strides', strides, k.length, 1, 1);
  return k.every((ka, a) => ka % s[a] === 0);
}

/**
 * True when all phase sums agree (to `tolerance` times the largest |phase sum|, default
 * 1e-9): then a constant input gives a constant output away from the border, whatever the
 * overlap. E.g. bilinearKernel(4) with s = 2 (sums 1, 1), bilinearKernel(3) with s = 2 (the
 * profile [0.5, 1, 0.5] has sums 0.5+0.5 and 1), but not ones(3) with s = 2 (sums 2, 1).
 *
 * Throws TypeError/RangeError for shapes, strides or dilations that are not positive integers (one per spatial axis or one for all). Also RangeError for a tolerance that is not a finite number >= 0.
 * Source: Odena, Dumoulin & Olah 2016.
 *
 * @example
 * import { isCheckerboardFree, tensor } from 'deconv';
 * // Phase sums of [0.25, 0.75, 0.75, 0.25] at stride 2: 0.25 + 0.75 and 0.75 + 0.25, equal.
 * console.log(isCheckerboardFree(tensor([0.25, 0.75, 0.75, 0.25]), 2)); // => true
 * // [1, 1, 1] at stride 2: 2 and 1.
 * console.log(isCheckerboardFree(tensor([1, 1, 1]), 2)); // => false
 */
export function isCheckerboardFree(
  kernel: Tensor, strides: number | readonly number[], dilations?: number | readonly number[], tolerance = 1e-9,
): boolean {
  const fn = 'isCheckerboardFree';
  if (typeof tolerance !== 'number' || !(tolerance >= 0) || !Number.isFinite(tolerance)) {
    fail(fn, `tolerance=${show(tolerance)} must be a finite number >= 0`);
  }
  const sums = sumsOf(fn, kernel, strides, dilations).data;
  let scale = 0;
  for (const v of sums) scale = Math.max(scale, Math.abs(v));
  return sums.every((v) => Math.abs(v - sums[0]) <= tolerance * scale);
}

/**
 * Phase means of an up-sampled image and how much they disagree.
 *
 * What `checkerboardScore` returns.
 */
export interface CheckerboardScore {
  /** m[r]: mean of y over the positions i ≡ r (mod s) of the cropped region, shape [...s]. */
  phaseMeans: Tensor;
  /** sqrt(mean_r (m[r] - mean m)^2) / mean |y|: the relative spread of the phase means. */
  score: number;
}

/**
 * Checkerboard score of y [N, C, ...spatial] for stride s: the relative spread of the s^rank
 * phase means over the region that stays after cropping `crop` positions at both ends of
 * every spatial axis (to leave out the border). By Parseval, the spread is the energy of the
 * phase-mean pattern at the non-zero frequencies 2πr/s (the Nyquist frequency for s = 2),
 * relative to the image's level. Phases are counted from the first position of the region,
 * so a crop that is a multiple of s keeps the phases of y.
 *
 * Throws TypeError/RangeError for a y of rank < 3, bad strides, or a crop that leaves fewer than s positions.
 *
 * @example
 * import { checkerboardScore, tensor } from 'deconv';
 * // Phase means 1 and 3 around 2: spread sqrt(((1-2)^2 + (3-2)^2) / 2) = 1, level mean |y| = 2, score 1/2.
 * const { phaseMeans, score } = checkerboardScore(tensor([1, 3, 1, 3], [1, 1, 4]), 2);
 * console.log(Array.from(phaseMeans.data), score); // => [1,3] 0.5
 */
export function checkerboardScore(y: Tensor, strides: number | readonly number[], options?: { crop?: number }): CheckerboardScore {
  const fn = 'checkerboardScore';
  checkTensor(fn, 'y', y);
  if (y.shape.length < 3) fail(fn, `y rank (${y.shape.length}) must be at least 3: [batch, channels, ...spatial]`);
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, ['crop']);
  const rank = y.shape.length - 2;
  const s = checkIntegers(fn, 'strides', strides, rank, 1, 1);
  const crop = opts.crop === undefined ? 0 : checkInteger(fn, 'crop', opts.crop, 0);
  const spatial = y.shape.slice(2);
  spatial.forEach((n, a) => {
    if (n - 2 * crop < s[a]) fail(fn, `crop=${crop} must leave at least strides[${a}]=${s[a]} positions of spatial size ${n} (n - 2*crop >= s)`);
  });
  const sums = new Float64Array(sizeOf(s));
  const counts = new Float64Array(sizeOf(s));
  let level = 0;
  let total = 0;
  const plane = sizeOf(spatial);
  const planes = y.shape[0] * y.shape[1];
  forEachIndex(spatial, (i, flat) => {
    if (i.some((v, a) => v < crop || v >= spatial[a] - crop)) return;
    let r = 0;
    for (let a = 0; a < rank; a++) r = r * s[a] + ((i[a] - crop) % s[a]);
    for (let p = 0; p < planes; p++) {
      const v = y.data[p * plane + flat];
      sums[r] += v;
      counts[r] += 1;
      level += Math.abs(v);
      total += 1;
    }
  });
  const means = sums.map((v, r) => v / counts[r]);
  let mean = 0;
  for (const m of means) mean += m / means.length;
  let spread = 0;
  for (const m of means) spread += (m - mean) ** 2 / means.length;
  level /= total;
  return { phaseMeans: { shape: s, data: means }, score: level === 0 ? 0 : Math.sqrt(spread) / level };
}
