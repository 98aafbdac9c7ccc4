/**
 * Convolution: every output value is a weighted sum of the input values under the kernel.
 * Like every framework, this is cross-correlation (the kernel is not flipped). ONNX Conv;
 * PyTorch Conv{1,2,3}d; Caffe Convolution. The public op validates, then runs the fast
 * kernels (`fast/`); `convReference` is the definition written as a gather, kept as the reference.
 */
import { prepareConv } from './checks';
import { choose, runKernel } from './fast/dispatch';
import { convOutputShape, type ConvInfo, type ConvOptions } from './shape';
import { allocate, dtypeOf, forEachIndex, indicesOf, sizeOf, stridesOf, type Tensor } from './tensor';

/**
 * y[n, m, o] = bias[m] + sum_{c, k} x[n, g*C/G + c, o*s + k*d - padBegin] * w[m, c, k]
 * where g = floor(m / (M/G)) is the group of output channel m, c runs over the C/G input
 * channels of that group, k over the kernel taps, and reads outside x are zero (padding).
 *
 * x [N, C, ...in], w [M, C/G, ...k], bias [M] -> y [N, M, ...out],
 * out = floor((in + padBegin + padEnd - d(k-1) - 1) / s) + 1.
 *
 * Source: ONNX Conv (https://onnx.ai/onnx/operators/onnx__Conv.html), PyTorch Conv2d
 * (https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html); the output size is
 * Dumoulin & Visin 2016, "A guide to convolution arithmetic for deep learning", relationship 6.
 *
 * Throws before computing: TypeError when x, w or bias is not a tensor or an option has the wrong
 * type; RangeError when the ranks or channels of x and w disagree, an option breaks its rule
 * (strides >= 1, pads >= 0, groups dividing both channel counts, ...), the kernel does not fit in
 * the padded input, or the output would hold more than MAX_ELEMENTS values.
 *
 * @example
 * import { conv, tensor } from 'deconv';
 * // By hand: a kernel [1, 1] sums neighbours: [1+2, 2+3, 3+4]; stride 2 keeps positions 0 and 2.
 * const x = tensor([1, 2, 3, 4], [1, 1, 4]);
 * const w = tensor([1, 1], [1, 1, 2]);
 * console.log(Array.from(conv(x, w).data)); // => [3,5,7]
 * console.log(conv(x, w, { strides: 2 }).shape, Array.from(conv(x, w, { strides: 2 }).data)); // => [1,1,2] [3,7]
 * try {
 *   conv(x, tensor([1, 1, 1, 1, 1], [1, 1, 5]));
 * } catch (e) {
 *   console.log((e as Error).message); // => conv: input size 4 + pads 0+0 along spatial axis 0 must be >= the dilated kernel size d(k-1)+1=5
 * }
 */
export function conv(x: Tensor, w: Tensor, options?: ConvOptions): Tensor {
  const info = prepareConv('conv', x, w, options);
  const choice = choose('conv', info, w.data, dtypeOf(x.data));
  if (choice.kernel === 'reference') return convGather(info, x, w, options?.bias);
  return runKernel('conv', info, x, w, options?.bias, choice);
}

/**
 * The same operator by its definition, one output value at a time (the formula of `conv`): slow,
 * independent of the fast kernels, and what they are tested against. Same arguments, result and
 * errors as `conv`, naming `convReference`.
 *
 * @example
 * import { conv, convReference, tensor } from 'deconv';
 * // By hand: with pads 1 on both sides the input reads [0, 1, 2, 3, 0]; the kernel [1, 1] sums pairs.
 * const x = tensor([1, 2, 3], [1, 1, 3]);
 * const w = tensor([1, 1], [1, 1, 2]);
 * console.log(Array.from(convReference(x, w, { pads: 1 }).data)); // => [1,3,5,3]
 * console.log(Array.from(conv(x, w, { pads: 1 }).data)); // => [1,3,5,3]
 */
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
