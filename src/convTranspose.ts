/**
 * Transposed convolution ("deconvolution"). ONNX ConvTranspose; PyTorch ConvTranspose{1,2,3}d;
 * Caffe Deconvolution; the input gradient of a convolution. The public op validates, then runs
 * the fast kernels (`fast/`); `convTransposeReference` is its definition written as a gather
 * (every output value collects the input values whose stamp covers it), kept as the reference.
 */
import { prepareConvTranspose } from './checks';
import { dispatch, runKernel } from './fast/dispatch';
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
 */
export function convTranspose(x: Tensor, w: Tensor, options?: ConvTransposeOptions): Tensor {
  const info = prepareConvTranspose('convTranspose', x, w, options);
  const choice = dispatch('convTranspose', info, w.data, dtypeOf(x.data));
  if (choice.kernel === 'reference') return convTransposeGather(info, x, w, options?.bias);
  return runKernel('convTranspose', info, x, w, options?.bias, choice);
}

/**
 * The same operator by its definition, one output value at a time (the formula above):
 * slow, independent of the fast kernels, and what they are tested against.
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
