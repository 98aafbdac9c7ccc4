/**
 * Transposed convolution ("deconvolution"), written as a gather: every output value
 * collects the input values whose stamp covers it. ONNX ConvTranspose; PyTorch
 * ConvTranspose{1,2,3}d; Caffe Deconvolution; the input gradient of a convolution.
 */
import { prepareConvTranspose } from './ops';
import { convTransposeOutputShape, type ConvTransposeOptions } from './shape';
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
  const shape = convTransposeOutputShape(info);
  const y = allocate(dtypeOf(x.data), sizeOf(shape));
  const xs = stridesOf(x.shape);
  const ws = stridesOf(w.shape);
  const taps = indicesOf(info.kernel);
  const cPerGroup = info.outChannels / info.groups; // input channels per group
  const mPerGroup = info.inChannels / info.groups; // output channels per group
  const outSize = sizeOf(info.inShape);
  const bias = options?.bias?.data;
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
