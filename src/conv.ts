/**
 * Convolution: every output value is a weighted sum of the input values under the kernel.
 * Like every framework, this is cross-correlation (the kernel is not flipped). ONNX Conv;
 * PyTorch Conv{1,2,3}d; Caffe Convolution. The public op validates, then runs the fast
 * kernels (`fast/`); `convReference` is the definition written as a gather, kept as the reference.
 */
import { prepareConv } from './checks';
import { dispatch, runKernel } from './fast/dispatch';
import { convOutputShape, type ConvInfo, type ConvOptions } from './shape';
import { allocate, dtypeOf, forEachIndex, indicesOf, sizeOf, stridesOf, type Tensor } from './tensor';

/**
 * y[n, m, o] = bias[m] + sum_{c, k} x[n, g*C/G + c, o*s + k*d - padBegin] * w[m, c, k]
 * where g = floor(m / (M/G)) is the group of output channel m, c runs over the C/G input
 * channels of that group, k over the kernel taps, and reads outside x are zero (padding).
 *
 * x [N, C, ...in], w [M, C/G, ...k], bias [M] -> y [N, M, ...out],
 * out = floor((in + padBegin + padEnd - d(k-1) - 1) / s) + 1.
 */
export function conv(x: Tensor, w: Tensor, options?: ConvOptions): Tensor {
  const info = prepareConv('conv', x, w, options);
  const choice = dispatch('conv', info, w.data, dtypeOf(x.data));
  if (choice.kernel === 'reference') return convGather(info, x, w, options?.bias);
  return runKernel('conv', info, x, w, options?.bias, choice);
}

/** The same operator by its definition, one output value at a time: the reference the fast kernels are tested against. */
export function convReference(x: Tensor, w: Tensor, options?: ConvOptions): Tensor {
  const info = prepareConv('convReference', x, w, options);
  return convGather(info, x, w, options?.bias);
}

/** The definition loop on a validated record (any spatial rank); the gradients use it for rank > 3. */
export function convGather(info: ConvInfo, x: Tensor, w: Tensor, biasTensor: Tensor | undefined): Tensor {
  const shape = convOutputShape(info);
  const y = allocate(dtypeOf(x.data), sizeOf(shape));
  const xs = stridesOf(x.shape);
  const ws = stridesOf(w.shape);
  const taps = indicesOf(info.kernel);
  const cPerGroup = info.inChannels / info.groups;
  const mPerGroup = info.outChannels / info.groups;
  const outSize = sizeOf(info.outShape);
  const bias = biasTensor?.data;
  for (let n = 0; n < info.batch; n++) {
    for (let m = 0; m < info.outChannels; m++) {
      const g = Math.floor(m / mPerGroup);
      const yBase = (n * info.outChannels + m) * outSize;
      forEachIndex(info.outShape, (o, oFlat) => {
        let sum = bias ? bias[m] : 0;
        taps.forEach((k, t) => {
          let offset = 0;
          for (let a = 0; a < info.rank; a++) {
            const i = o[a] * info.strides[a] + k[a] * info.dilations[a] - info.padsBegin[a];
            if (i < 0 || i >= info.inShape[a]) return; // padding reads zero
            offset += i * xs[a + 2];
          }
          for (let c = 0; c < cPerGroup; c++) {
            sum += x.data[n * xs[0] + (g * cPerGroup + c) * xs[1] + offset] * w.data[m * ws[0] + c * ws[1] + t];
          }
        });
        y[yBase + oFlat] = sum;
      });
    }
  }
  return { shape, data: y };
}
