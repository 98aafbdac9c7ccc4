/**
 * Transposed convolution ("deconvolution"). ONNX ConvTranspose; PyTorch ConvTranspose{1,2,3}d;
 * Caffe Deconvolution; the input gradient of a convolution. The public op validates, then runs
 * the fast kernels (`fast/`); `convTransposeReference` is its definition written as a gather
 * (every output value collects the input values whose stamp covers it), kept as the reference.
 */
import { prepareConvTranspose } from './checks';
import { choose, runKernel } from './fast/dispatch';
import { convTransposeOutputShape, type ConvInfo, type ConvTransposeOptions } from './shape';
import { allocate, dtypeOf, forEachIndex, indicesOf, sizeOf, stridesOf, type Tensor } from './tensor';

/**
 * y[n, m, i] = bias[m] + sum_{c, k, o : o*s + k*d - padBegin = i} x[n, c, o] * w[c, m - g*M/G, k]
 * with c running over the input channels of output channel m's group g.
 *
 * x [N, C, ...in], w [C, M/G, ...k], bias [M] -> y [N, M, ...out],
 * out = s(in-1) + outputPadding + d(k-1) + 1 - padBegin - padEnd   (ONNX ConvTranspose).
 *
 * Options follow ONNX: strides, pads ([begins..., ends...]), dilations, groups,
 * outputPadding, outputShape, autoPad; see `frameworks/` for PyTorch, TensorFlow, Keras,
 * TensorFlow.js and Caffe arguments.
 *
 * Source: ONNX ConvTranspose (https://onnx.ai/onnx/operators/onnx__ConvTranspose.html),
 * PyTorch ConvTranspose2d (https://pytorch.org/docs/stable/generated/torch.nn.ConvTranspose2d.html);
 * the operator is the adjoint of `conv` with the same arguments (Dumoulin & Visin 2016, "A guide
 * to convolution arithmetic for deep learning", section 4).
 *
 * Throws before computing: TypeError when x, w or bias is not a tensor or an option has the wrong
 * type; RangeError when the ranks or channels of x and w disagree, an option breaks its rule
 * (outputPadding < max(stride, dilation), outputShape reachable, groups dividing the channels,
 * ...), or the output would hold more than MAX_ELEMENTS values.
 *
 * @example
 * import { convTranspose, tensor, toArray } from 'deconv';
 * // The README's example. By hand: each input value stamps a 3x3 block of itself at (2i, 2j);
 * // overlaps add (1+2 = 3 in row 0, 1+2+3+4 = 10 at the centre) and pads [0, 0, 1, 1] drop the
 * // 5x5 result's last row and column (TensorFlow's SAME for a 2x2 input, stride 2).
 * const x = tensor([[[[1, 2], [3, 4]]]]);
 * const w = tensor([[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]]);
 * console.log(toArray(convTranspose(x, w, { strides: 2, pads: [0, 0, 1, 1] }))); // => [[[[1,1,3,2],[1,1,3,2],[4,4,10,6],[3,3,7,4]]]]
 * try {
 *   convTranspose(x, w, { strides: 2, outputPadding: [0, 2] });
 * } catch (e) {
 *   console.log((e as Error).message); // => convTranspose: outputPadding[1]=2 must be < max(strides[1], dilations[1])=2
 * }
 */
export function convTranspose(x: Tensor, w: Tensor, options?: ConvTransposeOptions): Tensor {
  const info = prepareConvTranspose('convTranspose', x, w, options);
  const choice = choose('convTranspose', info, w.data, dtypeOf(x.data));
  if (choice.kernel === 'reference') return convTransposeGather(info, x, w, options?.bias);
  return runKernel('convTranspose', info, x, w, options?.bias, choice);
}

/**
 * The same operator by its definition, one output value at a time (the formula above):
 * slow, independent of the fast kernels, and what they are tested against. Same arguments,
 * result and errors as `convTranspose`, naming `convTransposeReference`.
 *
 * @example
 * import { convTransposeReference, tensor } from 'deconv';
 * // By hand: 1*[1, 2, 3] placed at 0 and 2*[1, 2, 3] placed at 2 add up to [1, 2, 3+2, 4, 6].
 * const y = convTransposeReference(tensor([1, 2], [1, 1, 2]), tensor([1, 2, 3], [1, 1, 3]), { strides: 2 });
 * console.log(y.shape, Array.from(y.data)); // => [1,1,5] [1,2,5,4,6]
 */
export function convTransposeReference(x: Tensor, w: Tensor, options?: ConvTransposeOptions): Tensor {
  const info = prepareConvTranspose('convTransposeReference', x, w, options);
  return convTransposeGather(info, x, w, options?.bias);
}

/** The definition loop on a validated record (any spatial rank); the gradients use it for rank > 3. */
export function convTransposeGather(info: ConvInfo, x: Tensor, w: Tensor, biasTensor: Tensor | undefined): Tensor {
  const shape = convTransposeOutputShape(info);
  const y = allocate(dtypeOf(x.data), sizeOf(shape));
  const xs = stridesOf(x.shape);
  const ws = stridesOf(w.shape);
  const taps = indicesOf(info.kernel);
  const cPerGroup = info.outChannels / info.groups; // input channels per group
  const mPerGroup = info.inChannels / info.groups; // output channels per group
  const outSize = sizeOf(info.inShape);
  const bias = biasTensor?.data;
  for (let n = 0; n < info.batch; n++) {
    for (let m = 0; m < info.inChannels; m++) {
      const g = Math.floor(m / mPerGroup);
      const mLocal = m - g * mPerGroup;
      const yBase = (n * info.inChannels + m) * outSize;
      forEachIndex(info.inShape, (i, iFlat) => {
        let sum = bias ? bias[m] : 0;
        taps.forEach((k, t) => {
          let offset = 0;
          for (let a = 0; a < info.rank; a++) {
            const shifted = i[a] + info.padsBegin[a] - k[a] * info.dilations[a];
            if (shifted % info.strides[a] !== 0) return; // falls between two stamps
            const o = shifted / info.strides[a];
            if (o < 0 || o >= info.outShape[a]) return;
            offset += o * xs[a + 2];
          }
          for (let c = g * cPerGroup; c < (g + 1) * cPerGroup; c++) {
            sum += x.data[n * xs[0] + c * xs[1] + offset] * w.data[c * ws[0] + mLocal * ws[1] + t];
          }
        });
        y[yBase + iFlat] = sum;
      });
    }
  }
  return { shape, data: y };
}
