/**
 * The polyphase (sub-pixel) view: with stride s, output position j = q*s + r (before
 * cropping by padBegin) only ever meets the taps k with k*d = r + m*s. So the kernel splits
 * into s^rank phase kernels h_r[m] = w[k], each an ordinary stride-1 convolution of the
 * input, and the output interleaves the phases:
 *     z_r[q] = sum_m h_r[m] x[q - m],   y[i] = z_r[q]  with  i + padBegin = q*s + r.
 * No multiplication by an inserted zero happens (Shi et al. 2016, "Is the deconvolution
 * layer the same as a convolutional layer?"; the basis of sub-pixel convolution).
 */
import { checkIntegers, checkOptions } from '../errors';
import { prepareConvTranspose } from '../ops';
import { convTransposeOutputShape, type ConvInfo, type ConvTransposeOptions } from '../shape';
import { allocate, checkTensor, dtypeOf, forEachIndex, indicesOf, sizeOf, stridesOf, type Tensor } from '../tensor';

/**
 * One phase of `polyphaseKernels`: the residue r and the taps of w that serve it.
 */
export interface PhaseKernel {
  /** The phase r (one residue per spatial axis): outputs at q*s + r - padBegin. */
  phase: number[];
  /** h_r with shape [C, M/G, ...L]: h_r[m] = w[k] where k*d = r + m*s; null when no tap lands in this phase. */
  kernel: Tensor | null;
}

/**
 * The s^rank phase kernels of w (layout [C, M/G, ...k]) for the given strides and dilations, phases in row-major order.
 *
 * Throws TypeError/RangeError for a bad `w`, strides or dilations (positive integers, one per spatial axis or one for all).
 *
 * @example
 * import { polyphaseKernels, tensor } from 'deconv';
 * // Stride 2, w = [1, 2, 3]: even outputs meet taps 0 and 2 (h_0 = [1, 3]), odd outputs tap 1 (h_1 = [2]).
 * const phases = polyphaseKernels(tensor([1, 2, 3], [1, 1, 3]), 2);
 * console.log(phases.map((p) => [p.phase, p.kernel && Array.from(p.kernel.data)])); // => [[[0],[1,3]],[[1],[2]]]
 */
export function polyphaseKernels(w: Tensor, strides: number | readonly number[], dilations?: number | readonly number[]): PhaseKernel[] {
  const fn = 'polyphaseKernels';
  checkTensor(fn, 'w', w);
  const rank = w.shape.length - 2;
  const s = checkIntegers(fn, 'strides', strides, rank, 1, 1);
  const d = checkIntegers(fn, 'dilations', dilations, rank, 1, 1);
  return phaseKernels(w, w.shape.slice(2), s, d);
}

function phaseKernels(w: Tensor, kernel: readonly number[], s: number[], d: number[]): PhaseKernel[] {
  const ws = stridesOf(w.shape);
  const [channels, perGroup] = w.shape;
  return indicesOf(s).map((r) => {
    // Along each axis, the taps of this phase and their positions m = (k*d - r) / s.
    const axes = kernel.map((k, a) => indicesOf([k]).map(([ka]) => ka).filter((ka) => (ka * d[a]) % s[a] === r[a]));
    if (axes.some((taps) => taps.length === 0)) return { phase: [...r], kernel: null };
    const lengths = axes.map((taps, a) => (taps[taps.length - 1] * d[a] - r[a]) / s[a] + 1);
    const shape = [channels, perGroup, ...lengths];
    const data = allocate(dtypeOf(w.data), sizeOf(shape));
    const hs = stridesOf(shape);
    forEachIndex(axes.map((taps) => taps.length), (pick) => {
      let from = 0;
      let to = 0;
      pick.forEach((p, a) => {
        const k = axes[a][p];
        from += k * ws[a + 2];
        to += ((k * d[a] - r[a]) / s[a]) * hs[a + 2];
      });
      for (let c = 0; c < channels; c++) {
        for (let m = 0; m < perGroup; m++) data[to + c * hs[0] + m * hs[1]] = w.data[from + c * ws[0] + m * ws[1]];
      }
    });
    return { phase: [...r], kernel: { shape, data } };
  });
}

/** z = full (true) convolution of x with one phase kernel: z[n, m, q] = sum x[n, c, q - m'] h[c, m, m'], q in [0, in + L - 1). */
function fullConvolution(x: Tensor, h: Tensor, info: ConvInfo): Tensor {
  const lengths = h.shape.slice(2);
  const shape = [info.batch, info.inChannels, ...info.outShape.map((n, a) => n + lengths[a] - 1)];
  const z = new Float64Array(sizeOf(shape));
  const xs = stridesOf(x.shape);
  const hs = stridesOf(h.shape);
  const taps = indicesOf(lengths);
  const cPerGroup = info.outChannels / info.groups;
  const mPerGroup = info.inChannels / info.groups;
  forEachIndex(shape, (q, flat) => {
    const [n, m] = q;
    const g = Math.floor(m / mPerGroup);
    let sum = 0;
    taps.forEach((tap, t) => {
      let offset = n * xs[0];
      for (let a = 0; a < info.rank; a++) {
        const o = q[a + 2] - tap[a];
        if (o < 0 || o >= info.outShape[a]) return;
        offset += o * xs[a + 2];
      }
      for (let c = g * cPerGroup; c < (g + 1) * cPerGroup; c++) {
        sum += x.data[offset + c * xs[1]] * h.data[c * hs[0] + (m - g * mPerGroup) * hs[1] + t];
      }
    });
    z[flat] = sum;
  });
  return { shape, data: z };
}

/**
 * Transposed convolution by polyphase decomposition; same arguments and result as `convTranspose`.
 *
 * Throws what `convTranspose` throws, naming `polyphase`.
 *
 * @example
 * import { polyphase, tensor } from 'deconv';
 * // x = [1, 2], w = [1, 2, 3], stride 2. Even outputs: h_0 = [1, 3] convolved with x gives [1, 1*2 + 3*1, 3*2] = [1, 5, 6];
 * // odd outputs: h_1 = [2] gives [2, 4]. Interleaved: [1, 2, 5, 4, 6].
 * const y = polyphase(tensor([1, 2], [1, 1, 2]), tensor([1, 2, 3], [1, 1, 3]), { strides: 2 });
 * console.log(Array.from(y.data)); // => [1,2,5,4,6]
 */
export function polyphase(x: Tensor, w: Tensor, options?: ConvTransposeOptions): Tensor {
  const info = prepareConvTranspose('polyphase', x, w, checkOptions('polyphase', 'options', options));
  const shape = convTransposeOutputShape(info);
  const y = allocate(dtypeOf(x.data), sizeOf(shape));
  const ys = stridesOf(shape);
  const bias = options?.bias?.data;
  if (bias) forEachIndex(shape, (i, flat) => (y[flat] = bias[i[1]]));
  for (const { phase, kernel } of phaseKernels(w, info.kernel, info.strides, info.dilations)) {
    if (kernel === null) continue;
    const z = fullConvolution(x, kernel, info);
    forEachIndex(z.shape, (q, flat) => {
      let offset = q[0] * ys[0] + q[1] * ys[1];
      for (let a = 0; a < info.rank; a++) {
        const i = q[a + 2] * info.strides[a] + phase[a] - info.padsBegin[a];
        if (i < 0 || i >= info.inShape[a]) return; // cropped by the pads
        offset += i * ys[a + 2];
      }
      y[offset] += z.data[flat];
    });
  }
  return { shape, data: y };
}
