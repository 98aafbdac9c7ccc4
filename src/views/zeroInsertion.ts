/**
 * The zero-insertion view (Dumoulin & Visin, "A guide to convolution arithmetic for deep
 * learning", 2016, section 4): a transposed convolution is an ordinary stride-1 convolution
 * of a stretched input:
 *   1. insert s-1 zeros between input values:         length s(in-1)+1
 *   2. pad by d(k-1)-padBegin at the beginning and d(k-1)-padEnd+outputPadding at the end
 *      (a negative pad crops);
 *   3. correlate (stride 1, dilation d) with the kernel flipped along every spatial axis and
 *      with its two channel axes swapped: w [C, M/G, k] becomes [M, C/G, k].
 */
import { checkElements, prepareConvTranspose } from '../checks';
import { effectiveKernel, type ConvInfo, type ConvTransposeOptions } from '../shape';
import { allocate, dtypeOf, forEachIndex, indicesOf, sizeOf, stridesOf, type Tensor } from '../tensor';

/**
 * The intermediates of `zeroInsertionSteps`, in the order the zero-insertion view computes them.
 */
export interface ZeroInsertionSteps {
  /** Step 1: x with s-1 zeros between neighbours, [N, C, ...s(in-1)+1]. */
  upsampled: Tensor;
  /** Padding per axis at the beginning and the end: d(k-1)-padBegin and d(k-1)-padEnd+outputPadding (negative crops). */
  padBegin: number[];
  padEnd: number[];
  /** Step 2: the upsampled input after padding (or cropping). */
  padded: Tensor;
  /** Step 3's kernel: flipped spatially, channels swapped, [M, C/G, ...k]. */
  kernel: Tensor;
  /** The result: padded correlated with kernel (stride 1, dilation d), plus bias. */
  output: Tensor;
}

function insertZeros(x: Tensor, info: ConvInfo): Tensor {
  const shape = [x.shape[0], x.shape[1], ...info.outShape.map((n, a) => info.strides[a] * (n - 1) + 1)];
  const data = allocate(dtypeOf(x.data), sizeOf(shape));
  const us = stridesOf(shape);
  forEachIndex(x.shape, (i, flat) => {
    let offset = i[0] * us[0] + i[1] * us[1];
    for (let a = 0; a < info.rank; a++) offset += i[a + 2] * info.strides[a] * us[a + 2];
    data[offset] = x.data[flat];
  });
  return { shape, data };
}

function pad(u: Tensor, begin: number[], end: number[]): Tensor {
  const shape = u.shape.map((n, a) => (a < 2 ? n : n + begin[a - 2] + end[a - 2]));
  const data = allocate(dtypeOf(u.data), sizeOf(shape));
  const us = stridesOf(u.shape);
  forEachIndex(shape, (j, flat) => {
    let offset = j[0] * us[0] + j[1] * us[1];
    for (let a = 2; a < shape.length; a++) {
      const t = j[a] - begin[a - 2];
      if (t < 0 || t >= u.shape[a]) return; // zero padding
      offset += t * us[a];
    }
    data[flat] = u.data[offset];
  });
  return { shape, data };
}

function flipAndSwap(w: Tensor, info: ConvInfo): Tensor {
  const cPerGroup = info.outChannels / info.groups;
  const mPerGroup = info.inChannels / info.groups;
  const shape = [info.inChannels, cPerGroup, ...info.kernel];
  const data = allocate(dtypeOf(w.data), sizeOf(shape));
  const ks = stridesOf(shape);
  forEachIndex(w.shape, (i, flat) => {
    const [c, m] = i;
    const g = Math.floor(c / cPerGroup);
    let offset = (g * mPerGroup + m) * ks[0] + (c - g * cPerGroup) * ks[1];
    for (let a = 0; a < info.rank; a++) offset += (info.kernel[a] - 1 - i[a + 2]) * ks[a + 2];
    data[offset] = w.data[flat];
  });
  return { shape, data };
}

function correlate(p: Tensor, kernel: Tensor, info: ConvInfo, bias: Tensor | undefined): Tensor {
  const shape = [info.batch, info.inChannels, ...info.inShape];
  const data = allocate(dtypeOf(p.data), sizeOf(shape));
  const ps = stridesOf(p.shape);
  const ks = stridesOf(kernel.shape);
  const taps = indicesOf(info.kernel);
  const cPerGroup = kernel.shape[1];
  const mPerGroup = info.inChannels / info.groups;
  forEachIndex(shape, (i, flat) => {
    const [n, m] = i;
    const g = Math.floor(m / mPerGroup);
    let sum = bias ? bias.data[m] : 0;
    taps.forEach((k, t) => {
      let offset = n * ps[0];
      for (let a = 0; a < info.rank; a++) offset += (i[a + 2] + k[a] * info.dilations[a]) * ps[a + 2];
      for (let c = 0; c < cPerGroup; c++) {
        sum += p.data[offset + (g * cPerGroup + c) * ps[1]] * kernel.data[m * ks[0] + c * ks[1] + t];
      }
    });
    data[flat] = sum;
  });
  return { shape, data };
}

/**
 * Every intermediate of the zero-insertion view, for figures that show the steps.
 *
 * Source: Dumoulin & Visin 2016, section 4 (see the module comment). Throws what `convTranspose` throws.
 *
 * @example
 * import { tensor, zeroInsertionSteps } from 'deconv';
 * // x = [1, 2], w = [1, 2, 3], stride 2: one zero between 1 and 2, then d(k-1) = 2 zeros on each side,
 * // then correlate with the flipped kernel [3, 2, 1].
 * const steps = zeroInsertionSteps(tensor([1, 2], [1, 1, 2]), tensor([1, 2, 3], [1, 1, 3]), { strides: 2 });
 * console.log(Array.from(steps.upsampled.data)); // => [1,0,2]
 * console.log(steps.padBegin, steps.padEnd); // => [2] [2]
 * console.log(Array.from(steps.padded.data)); // => [0,0,1,0,2,0,0]
 * console.log(Array.from(steps.kernel.data)); // => [3,2,1]
 * // By hand: 0*3+0*2+1*1 = 1, 0*3+1*2+0*1 = 2, 1*3+0*2+2*1 = 5, 0*3+2*2+0*1 = 4, 2*3+0*2+0*1 = 6.
 * console.log(Array.from(steps.output.data)); // => [1,2,5,4,6]
 */
export function zeroInsertionSteps(x: Tensor, w: Tensor, options?: ConvTransposeOptions): ZeroInsertionSteps {
  return steps('zeroInsertionSteps', x, w, options);
}

/** The steps, with errors in the voice of `fn` (zeroInsertion or zeroInsertionSteps). */
function steps(fn: string, x: Tensor, w: Tensor, options?: ConvTransposeOptions): ZeroInsertionSteps {
  const info = prepareConvTranspose(fn, x, w, options);
  const padBegin = info.kernel.map((k, a) => effectiveKernel(k, info.dilations[a]) - 1 - info.padsBegin[a]);
  const padEnd = info.kernel.map(
    (k, a) => effectiveKernel(k, info.dilations[a]) - 1 - info.padsEnd[a] + info.outputPadding[a],
  );
  // Large pads crop the output, not the zero-inserted input: it can be far larger than the output.
  const dilated = info.outShape.map((n, a) => info.strides[a] * (n - 1) + 1);
  checkElements(fn, 'the zero-inserted input', [x.shape[0], x.shape[1], ...dilated]);
  checkElements(fn, 'the padded input', [x.shape[0], x.shape[1], ...dilated.map((n, a) => Math.max(n, n + padBegin[a] + padEnd[a]))]);
  const upsampled = insertZeros(x, info);
  const padded = pad(upsampled, padBegin, padEnd);
  const kernel = flipAndSwap(w, info);
  const output = correlate(padded, kernel, info, options?.bias);
  return { upsampled, padBegin, padEnd, padded, kernel, output };
}

/**
 * Transposed convolution computed by zero insertion; same arguments and result as `convTranspose`.
 *
 * Source: Dumoulin & Visin 2016, section 4. Throws what `convTranspose` throws, naming `zeroInsertion`.
 *
 * @example
 * import { tensor, zeroInsertion } from 'deconv';
 * // The stamps 1*[1, 2, 3] at 0 and 2*[1, 2, 3] at 2 add up to [1, 2, 5, 4, 6] (see zeroInsertionSteps for the steps).
 * const y = zeroInsertion(tensor([1, 2], [1, 1, 2]), tensor([1, 2, 3], [1, 1, 3]), { strides: 2 });
 * console.log(Array.from(y.data)); // => [1,2,5,4,6]
 */
export function zeroInsertion(x: Tensor, w: Tensor, options?: ConvTransposeOptions): Tensor {
  return steps('zeroInsertion', x, w, options).output;
}
