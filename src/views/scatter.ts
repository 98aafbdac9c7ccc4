/**
 * The scatter ("stamp") view of a transposed convolution: every input value scales the
 * kernel and adds it into the output at o*s - padBegin; taps spaced d apart; stamps that
 * overlap add up. Output padding and pads only shift and crop the canvas.
 */
import { checkInteger, fail, show } from '../errors';
import { prepareConvTranspose } from '../checks';
import { convTransposeOutputShape, type ConvInfo, type ConvTransposeOptions } from '../shape';
import { allocate, dtypeOf, forEachIndex, indicesOf, sizeOf, stridesOf, type Tensor } from '../tensor';

/** One stamp: the output positions (spatial, after cropping) that input position `o` writes, with the tap that writes each. */
export interface Stamp {
  /** Spatial output index written. */
  at: number[];
  /** Kernel tap (spatial index into w) that writes it. */
  tap: number[];
}

/** stampOf's arguments: a ConvInfo's kernel, strides, dilations, padsBegin and inShape, and one index per axis. */
function checkStampArguments(info: unknown, o: unknown): void {
  const fn = 'stampOf';
  if (info === null || typeof info !== 'object') fail(fn, `info=${show(info)} must be a ConvInfo (convTransposeInfo)`, TypeError);
  const record = info as Record<string, unknown>;
  const rank = Array.isArray(record.kernel) ? record.kernel.length : 0;
  for (const key of ['kernel', 'strides', 'dilations', 'padsBegin', 'inShape']) {
    const value = record[key];
    if (!Array.isArray(value) || value.length !== rank || !value.every((v) => Number.isInteger(v))) {
      fail(fn, `info.${key}=${show(value)} must be an array of ${rank} integers (a ConvInfo)`, TypeError);
    }
  }
  if (!Array.isArray(o) || o.length !== rank) fail(fn, `o=${show(o)} must be an array of ${rank} indices, one per spatial axis`, TypeError);
}

/**
 * The stamp of spatial input position `o`: output index o*s + k*d - padBegin for every tap k that lands inside.
 *
 * Throws nothing itself: `info` comes from `convTransposeInfo`, which validates the arguments.
 *
 * @example
 * import { convTransposeInfo, stampOf } from 'deconv';
 * // x of length 2, a kernel of length 3, stride 2: input position 1 stamps the kernel at 1*2 = 2, 3, 4.
 * const info = convTransposeInfo('example', [1, 1, 2], [1, 1, 3], { strides: 2 });
 * console.log(stampOf(info, [1])); // => [{"at":[2],"tap":[0]},{"at":[3],"tap":[1]},{"at":[4],"tap":[2]}]
 */
export function stampOf(info: ConvInfo, o: readonly number[]): Stamp[] {
  checkStampArguments(info, o);
  const out: Stamp[] = [];
  for (const k of indicesOf(info.kernel)) {
    const at = k.map((ka, a) => o[a] * info.strides[a] + ka * info.dilations[a] - info.padsBegin[a]);
    if (at.every((i, a) => i >= 0 && i < info.inShape[a])) out.push({ at, tap: k });
  }
  return out;
}

/**
 * y = sum over input positions (n, c, o) of x[n, c, o] * (the kernel w[c] placed at o*s - padBegin).
 * Same arguments and result as `convTranspose`.
 *
 * Source: the definition of the transposed convolution as the adjoint of the convolution
 * (Dumoulin & Visin 2016, "A guide to convolution arithmetic for deep learning", section 4).
 * Throws what `convTranspose` throws, in the same words, naming `scatter`.
 *
 * @example
 * import { scatter, tensor } from 'deconv';
 * // By hand: 1*[1, 2, 3] placed at 0 and 2*[1, 2, 3] placed at 2 add up to [1, 2, 3+2, 4, 6].
 * const y = scatter(tensor([1, 2], [1, 1, 2]), tensor([1, 2, 3], [1, 1, 3]), { strides: 2 });
 * console.log(y.shape, Array.from(y.data)); // => [1,1,5] [1,2,5,4,6]
 */
export function scatter(x: Tensor, w: Tensor, options?: ConvTransposeOptions): Tensor {
  return stamps('scatter', x, w, options, Infinity);
}

/**
 * The output after only the first `count` input values (row-major over x) have stamped:
 * the frames of the scatter animation. count = x's size gives `scatter`.
 *
 * Throws RangeError when `count` is not a non-negative integer, then what `scatter` throws.
 *
 * @example
 * import { scatterPartial, tensor } from 'deconv';
 * const x = tensor([1, 2], [1, 1, 2]);
 * const w = tensor([1, 2, 3], [1, 1, 3]);
 * // Only the first input value has stamped: 1*[1, 2, 3] at positions 0..2.
 * console.log(Array.from(scatterPartial(x, w, { strides: 2 }, 1).data)); // => [1,2,3,0,0]
 * console.log(Array.from(scatterPartial(x, w, { strides: 2 }, 2).data)); // => [1,2,5,4,6]
 */
export function scatterPartial(x: Tensor, w: Tensor, options: ConvTransposeOptions | undefined, count: number): Tensor {
  checkInteger('scatterPartial', 'count', count, 0);
  return stamps('scatterPartial', x, w, options, count);
}

function stamps(fn: string, x: Tensor, w: Tensor, options: ConvTransposeOptions | undefined, count: number): Tensor {
  const info = prepareConvTranspose(fn, x, w, options);
  const shape = convTransposeOutputShape(info);
  const y = allocate(dtypeOf(x.data), sizeOf(shape));
  const ys = stridesOf(shape);
  const ws = stridesOf(w.shape);
  const cPerGroup = info.outChannels / info.groups;
  const mPerGroup = info.inChannels / info.groups;
  const bias = options?.bias?.data;
  if (bias) forEachIndex(shape, (i, flat) => (y[flat] = bias[i[1]]));
  forEachIndex(x.shape, (xi, xFlat) => {
    if (xFlat >= count) return;
    const [n, c] = xi;
    const g = Math.floor(c / cPerGroup);
    const value = x.data[xFlat];
    for (const { at, tap } of stampOf(info, xi.slice(2))) {
      let yOffset = n * ys[0];
      let wOffset = c * ws[0];
      at.forEach((i, a) => (yOffset += i * ys[a + 2]));
      tap.forEach((k, a) => (wOffset += k * ws[a + 2]));
      for (let m = 0; m < mPerGroup; m++) {
        y[yOffset + (g * mPerGroup + m) * ys[1]] += value * w.data[wOffset + m * ws[1]];
      }
    }
  });
  return { shape, data: y };
}
