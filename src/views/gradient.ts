/**
 * The gradient view: backpropagation through a convolution y = conv(x, w) + b, written the
 * way Caffe runs it (BaseConvolutionLayer::backward_cpu_gemm / weight_cpu_gemm): unfold the
 * input into columns (im2col), multiply by the weights (GEMM), fold columns back (col2im).
 *
 *   dL/dx = col2im(W^T dY)         -- this IS the transposed convolution of dY with w;
 *                                     Caffe's Deconvolution layer runs it as its forward pass
 *   dL/dw = dY col(x)^T            -- a correlation of the input with the output gradient
 *
 * Per group g the weight block is W_g [M/G, (C/G)*K] (K = kernel taps) and col(x) is
 * [(C/G)*K, prod(out)]: row (c, t), column o holds x[c, o*s + k_t*d - padBegin].
 *
 * Like the other views it is independent of the operators (it shares only the ground floor:
 * tensors, shapes, checks and the reference GEMM), so the public gradients (`gradient.ts`,
 * on the fast kernels) are tested against it.
 */
import { prepareCol2im, prepareConvGradInput, prepareConvGradWeight, prepareConvTranspose, prepareConvTransposeGradInput, prepareConvTransposeGradWeight, prepareIm2col } from '../checks';
import { gemmReference } from '../matmul';
import { convInfo, type ConvInfo, type ConvOptions, type ConvTransposeOptions } from '../shape';
import { allocate, dtypeOf, forEachIndex, indicesOf, sizeOf, stridesOf, type DType, type Tensor } from '../tensor';

/**
 * Every read a convolution makes: visit(oFlat, t, i) for each output position o, kernel tap t
 * and the input position i = o*s + k_t*d - padBegin it reads (flattened); reads that fall in
 * the padding are skipped.
 */
function forEachRead(info: ConvInfo, visit: (oFlat: number, t: number, i: number) => void): void {
  const taps = indicesOf(info.kernel);
  const inStrides = stridesOf(info.inShape);
  forEachIndex(info.outShape, (o, oFlat) => {
    taps.forEach((k, t) => {
      let i = 0;
      for (let a = 0; a < info.rank; a++) {
        const ia = o[a] * info.strides[a] + k[a] * info.dilations[a] - info.padsBegin[a];
        if (ia < 0 || ia >= info.inShape[a]) return;
        i += ia * inStrides[a];
      }
      visit(oFlat, t, i);
    });
  });
}

/** The columns of one image and one group: [(C/G)*K, prod(out)] (Caffe's im2col). */
function im2colBlock(x: ArrayLike<number>, xOffset: number, info: ConvInfo, g: number): Float64Array {
  const cPerGroup = info.inChannels / info.groups;
  const taps = sizeOf(info.kernel);
  const outSize = sizeOf(info.outShape);
  const inSize = sizeOf(info.inShape);
  const col = new Float64Array(cPerGroup * taps * outSize);
  forEachRead(info, (oFlat, t, i) => {
    for (let c = 0; c < cPerGroup; c++) col[(c * taps + t) * outSize + oFlat] = x[xOffset + (g * cPerGroup + c) * inSize + i];
  });
  return col;
}

/** Adds the columns back into one image and one group (Caffe's col2im): the adjoint of im2colBlock. */
function col2imBlock(col: Float64Array, target: Float64Array, info: ConvInfo, g: number): void {
  const cPerGroup = info.inChannels / info.groups;
  const taps = sizeOf(info.kernel);
  const outSize = sizeOf(info.outShape);
  const inSize = sizeOf(info.inShape);
  forEachRead(info, (oFlat, t, i) => {
    for (let c = 0; c < cPerGroup; c++) target[(g * cPerGroup + c) * inSize + i] += col[(c * taps + t) * outSize + oFlat];
  });
}

/** dL/dx of a convolution from its record: col2im(W_g^T dY_g) for every image and group. */
function inputGradient(dy: ArrayLike<number>, w: ArrayLike<number>, info: ConvInfo, dtype: DType): Float32Array | Float64Array {
  const mPerGroup = info.outChannels / info.groups;
  const rowsPerGroup = (info.inChannels / info.groups) * sizeOf(info.kernel);
  const outSize = sizeOf(info.outShape);
  const image = info.inChannels * sizeOf(info.inShape);
  const dx = allocate(dtype, info.batch * image);
  for (let n = 0; n < info.batch; n++) {
    const target = new Float64Array(image);
    for (let g = 0; g < info.groups; g++) {
      const col = new Float64Array(rowsPerGroup * outSize);
      // col = W_g^T dY_g : [(C/G)K x M/G] [M/G x out]
      gemmReference(w, g * mPerGroup * rowsPerGroup, true, dy, (n * info.outChannels + g * mPerGroup) * outSize, false,
        col, rowsPerGroup, mPerGroup, outSize);
      col2imBlock(col, target, info, g);
    }
    dx.set(target, n * image);
  }
  return dx;
}

/** dW_g = sum_n dY_g col(x_g)^T, with x on the convolution's input side and dy on its output side. */
function weightGradient(x: ArrayLike<number>, dy: ArrayLike<number>, info: ConvInfo, wShape: number[], dtype: DType): Tensor {
  const mPerGroup = info.outChannels / info.groups;
  const rowsPerGroup = (info.inChannels / info.groups) * sizeOf(info.kernel);
  const outSize = sizeOf(info.outShape);
  const image = info.inChannels * sizeOf(info.inShape);
  const dw = new Float64Array(sizeOf(wShape));
  for (let g = 0; g < info.groups; g++) {
    const block = new Float64Array(mPerGroup * rowsPerGroup);
    for (let n = 0; n < info.batch; n++) {
      const col = im2colBlock(x, n * image, info, g);
      // [M/G x out] [out x (C/G)K]
      gemmReference(dy, (n * info.outChannels + g * mPerGroup) * outSize, false, col, 0, true, block, mPerGroup, outSize, rowsPerGroup);
    }
    dw.set(block, g * mPerGroup * rowsPerGroup);
  }
  const data = allocate(dtype, dw.length);
  data.set(dw);
  return { shape: wShape, data };
}

/** dL/dx of y = conv(x, w, options) by im2col/GEMM/col2im; same arguments and result as `convGradInput`. */
export function caffeConvGradInput(dy: Tensor, w: Tensor, options: ConvOptions & { inputShape: readonly number[] }): Tensor {
  const { info, xShape } = prepareConvGradInput('caffeConvGradInput', dy, w, options);
  return { shape: xShape, data: inputGradient(dy.data, w.data, info, dtypeOf(dy.data)) };
}

/** dL/dw of y = conv(x, w, options) as sum over images of dY_g col(x_g)^T; same arguments and result as `convGradWeight`. */
export function caffeConvGradWeight(x: Tensor, dy: Tensor, options: ConvOptions & { kernelShape: readonly number[] }): Tensor {
  const { info, wShape } = prepareConvGradWeight('caffeConvGradWeight', x, dy, options);
  return weightGradient(x.data, dy.data, info, wShape, dtypeOf(x.data));
}

/**
 * dL/dx of y = convTranspose(x, w, options): the forward convolution of dy with the same w,
 * computed as W_g col(dy_g) (im2col + GEMM); same arguments and result as `convTransposeGradInput`.
 */
export function caffeConvTransposeGradInput(dy: Tensor, w: Tensor, options: ConvTransposeOptions & { inputShape: readonly number[] }): Tensor {
  const { info, xShape } = prepareConvTransposeGradInput('caffeConvTransposeGradInput', dy, w, options);
  const cPerGroup = info.outChannels / info.groups; // x's channels per group
  const rowsPerGroup = (info.inChannels / info.groups) * sizeOf(info.kernel);
  const outSize = sizeOf(info.outShape);
  const image = info.inChannels * sizeOf(info.inShape);
  const dx = new Float64Array(sizeOf(xShape));
  for (let n = 0; n < info.batch; n++) {
    for (let g = 0; g < info.groups; g++) {
      const col = im2colBlock(dy.data, n * image, info, g);
      const block = new Float64Array(cPerGroup * outSize);
      // [C/G x (M/G)K] [(M/G)K x out]
      gemmReference(w.data, g * cPerGroup * rowsPerGroup, false, col, 0, false, block, cPerGroup, rowsPerGroup, outSize);
      dx.set(block, (n * info.outChannels + g * cPerGroup) * outSize);
    }
  }
  const data = allocate(dtypeOf(dy.data), dx.length);
  data.set(dx);
  return { shape: xShape, data };
}

/**
 * dL/dw of y = convTranspose(x, w, options) as sum over images of x_g col(dy_g)^T, in the
 * transposed convolution's weight layout [C, M/G, ...k]; same arguments and result as `convTransposeGradWeight`.
 */
export function caffeConvTransposeGradWeight(x: Tensor, dy: Tensor, options: ConvTransposeOptions & { kernelShape: readonly number[] }): Tensor {
  const { info, wShape } = prepareConvTransposeGradWeight('caffeConvTransposeGradWeight', x, dy, options);
  // In the forward convolution's terms dy is on the input side and x on the output side.
  return weightGradient(dy.data, x.data, info, wShape, dtypeOf(x.data));
}

/**
 * Caffe's im2col for a whole batch: [N, C*K, prod(out)], row (c, t) and column o holding
 * x[n, c, o*s + k_t*d - padBegin] (zero in the padding). `kernelShape` is spatial.
 * Source: Caffe's im2col_cpu (src/caffe/util/im2col.cpp); Chellapilla, Puri & Simard 2006,
 * "High performance convolutional neural networks for document processing".
 *
 * Throws before computing: TypeError when x is not a tensor; RangeError when kernelShape does not
 * have one positive integer per spatial axis, an option breaks its rule (as in `conv`), or the
 * columns would hold more than MAX_ELEMENTS values.
 *
 * @example
 * import { im2col, tensor } from 'deconv';
 * // By hand: a kernel of 2 taps over [1, 2, 3] reads [1, 2] (output 0) and [2, 3] (output 1);
 * // row t holds what tap t reads at each output position: [1, 2] and [2, 3].
 * const cols = im2col(tensor([1, 2, 3], [1, 1, 3]), [2]);
 * console.log(cols.shape, Array.from(cols.data)); // => [1,2,2] [1,2,2,3]
 */
export function im2col(x: Tensor, kernelShape: readonly number[], options?: ConvOptions): Tensor {
  const { info, colShape } = prepareIm2col('im2col', x, kernelShape, options);
  const perGroup = (info.inChannels / info.groups) * sizeOf(info.kernel) * sizeOf(info.outShape);
  const image = info.inChannels * sizeOf(info.inShape);
  const data = allocate(dtypeOf(x.data), info.batch * info.groups * perGroup);
  for (let n = 0; n < info.batch; n++) {
    for (let g = 0; g < info.groups; g++) data.set(im2colBlock(x.data, n * image, info, g), (n * info.groups + g) * perGroup);
  }
  return { shape: colShape, data };
}

/**
 * Caffe's col2im, the adjoint of im2col: adds every column entry back into the image
 * position it came from. `cols` is [N, C*K, prod(out)]; `inputShape` is [N, C, ...in].
 * Source: Caffe's col2im_cpu (src/caffe/util/im2col.cpp).
 *
 * Throws before computing: TypeError when cols is not a tensor; RangeError when inputShape is not
 * [N, C, ...spatial], kernelShape is malformed, cols' shape is not [N, C*K, prod(out)] for them, an
 * option breaks its rule (as in `conv`), or the image would hold more than MAX_ELEMENTS values.
 *
 * @example
 * import { col2im, tensor } from 'deconv';
 * // By hand: with columns of ones each image position gets the number of reads that touch it:
 * // a 2-tap kernel over 3 positions reads the middle one twice.
 * const x = col2im(tensor([1, 1, 1, 1], [1, 2, 2]), [1, 1, 3], [2]);
 * console.log(x.shape, Array.from(x.data)); // => [1,1,3] [1,2,1]
 */
export function col2im(cols: Tensor, inputShape: readonly number[], kernelShape: readonly number[], options?: ConvOptions): Tensor {
  const info = prepareCol2im('col2im', cols, inputShape, kernelShape, options);
  const perGroup = (info.inChannels / info.groups) * sizeOf(info.kernel) * sizeOf(info.outShape);
  const image = info.inChannels * sizeOf(info.inShape);
  const out = new Float64Array(info.batch * image);
  for (let n = 0; n < info.batch; n++) {
    const target = new Float64Array(image);
    for (let g = 0; g < info.groups; g++) {
      const start = (n * info.groups + g) * perGroup;
      col2imBlock(Float64Array.from(cols.data.subarray(start, start + perGroup)), target, info, g);
    }
    out.set(target, n * image);
  }
  const data = allocate(dtypeOf(cols.data), out.length);
  data.set(out);
  return { shape: [...inputShape], data };
}

/**
 * The transposed convolution computed as a convolution's input gradient (Caffe's
 * Deconvolution forward pass): dL/dx of the convolution whose input is as large as this
 * output, given dL/dy = x. Same arguments, result and errors as `convTranspose` (naming
 * `gradientConvTranspose`). Source: Caffe's DeconvolutionLayer::Forward_cpu
 * (src/caffe/layers/deconv_layer.cpp), which calls backward_cpu_gemm: col2im(W^T x).
 *
 * When dilation > stride allows outputPadding >= stride, that convolution has more output
 * positions than x; they are outputs the transposed convolution ignores, so their gradient
 * is zero and x is padded with zeros to the convolution's output size.
 *
 * @example
 * import { gradientConvTranspose, tensor } from 'deconv';
 * // By hand: 1*[1, 2, 3] placed at 0 and 2*[1, 2, 3] placed at 2 add up to [1, 2, 3+2, 4, 6].
 * const y = gradientConvTranspose(tensor([1, 2], [1, 1, 2]), tensor([1, 2, 3], [1, 1, 3]), { strides: 2 });
 * console.log(y.shape, Array.from(y.data)); // => [1,1,5] [1,2,5,4,6]
 */
export function gradientConvTranspose(x: Tensor, w: Tensor, options?: ConvTransposeOptions): Tensor {
  const fn = 'gradientConvTranspose';
  const info = prepareConvTranspose(fn, x, w, options);
  const convOptions: ConvOptions = { strides: info.strides, dilations: info.dilations, groups: info.groups, pads: [...info.padsBegin, ...info.padsEnd] };
  const forward = convInfo(fn, [info.batch, info.inChannels, ...info.inShape], w.shape, convOptions);
  const dx = inputGradient(zeroPadEnd(x, forward.outShape).data, w.data, forward, dtypeOf(x.data));
  const bias = options?.bias?.data;
  if (bias) {
    const size = sizeOf(info.inShape);
    for (let i = 0; i < dx.length; i++) dx[i] += bias[Math.floor(i / size) % info.inChannels];
  }
  return { shape: [info.batch, info.inChannels, ...info.inShape], data: dx };
}

/** x [N, C, ...in] padded with zeros at the end of each spatial axis to [N, C, ...spatial]. */
function zeroPadEnd(x: Tensor, spatial: readonly number[]): Tensor {
  const shape = [x.shape[0], x.shape[1], ...spatial];
  if (shape.every((d, i) => d === x.shape[i])) return x;
  const data = allocate(dtypeOf(x.data), sizeOf(shape));
  const ps = stridesOf(shape);
  forEachIndex(x.shape, (i, flat) => {
    let offset = 0;
    i.forEach((v, a) => (offset += v * ps[a]));
    data[offset] = x.data[flat];
  });
  return { shape, data };
}
