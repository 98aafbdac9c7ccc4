/**
 * The gradient view: backpropagation through a convolution y = conv(x, w) + b, written the
 * way Caffe runs it (BaseConvolutionLayer::backward_cpu_gemm / weight_cpu_gemm): unfold the
 * input into columns (im2col), multiply by the weights (GEMM), fold columns back (col2im).
 *
 *   dL/dx = col2im(W^T dY)         -- this IS the transposed convolution of dY with w;
 *                                     Caffe's Deconvolution layer runs it as its forward pass
 *   dL/dw = dY col(x)^T            -- a correlation of the input with the output gradient
 *   dL/db = sum of dY over batch and positions
 *
 * Per group g the weight block is W_g [M/G, (C/G)*K] (K = kernel taps) and col(x) is
 * [(C/G)*K, prod(out)]: row (c, t), column o holds x[c, o*s + k_t*d - padBegin].
 */
import { checkKnownKeys, checkOptions, fail, show } from './errors';
import {
  CONV_OPTIONS, CONV_TRANSPOSE_OPTIONS, checkShapeIs, convInfo, convTransposeInfo, shapeOption,
  type ConvInfo, type ConvOptions, type ConvTransposeOptions,
} from './shape';
import { allocate, checkTensor, dtypeOf, forEachIndex, indicesOf, sizeOf, stridesOf, type Tensor } from './tensor';

/** Options of convGradInput: the convolution's options plus the shape of its input x. */
export interface ConvGradInputOptions extends ConvOptions {
  /** Shape of the convolution's input x: spatial [...in] or full [N, C, ...in]. Required. */
  inputShape: readonly number[];
}
/** Options of the weight gradients: the convolution's options plus the kernel's spatial shape. */
export interface ConvGradWeightOptions extends ConvOptions {
  /** Spatial kernel shape [...k] (or the full weight shape). Required. */
  kernelShape: readonly number[];
}
export interface ConvTransposeGradOptions extends ConvTransposeOptions {
  /** Shape of the transposed convolution's input x: spatial or full. Required by convTransposeGradInput. */
  inputShape?: readonly number[];
}

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
function im2colBlock(x: TypedArrayLike, xOffset: number, info: ConvInfo, g: number): Float64Array {
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

type TypedArrayLike = ArrayLike<number>;

/**
 * C[m x n] (+)= op(A) op(B) with op(A) [m x k] and op(B) [k x n]; `aT` reads A as [k x m],
 * `bT` reads B as [n x k]. A plain triple loop: this file explains, `fast/` is for speed.
 */
function gemm(
  a: TypedArrayLike, aOffset: number, aT: boolean,
  b: TypedArrayLike, bOffset: number, bT: boolean,
  c: Float64Array, m: number, k: number, n: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        sum += a[aOffset + (aT ? p * m + i : i * k + p)] * b[bOffset + (bT ? j * k + p : p * n + j)];
      }
      c[i * n + j] += sum;
    }
  }
}

function convOptionsOf<T extends object>(fn: string, options: T | undefined, extra: string, known: readonly string[]) {
  const opts = checkOptions(fn, 'options', options);
  // A bias does not change any gradient but dL/db, so the gradient functions refuse it.
  checkKnownKeys(fn, opts, [...known.filter((key) => key !== 'bias'), extra]);
  const rest: Record<string, unknown> = { ...(opts as Record<string, unknown>) };
  delete rest[extra];
  return { opts: opts as unknown as Record<string, unknown>, rest };
}

/**
 * dL/dx of y = conv(x, w, options), given dy = dL/dy: col2im(W_g^T dY_g) for every image and group.
 * Equals convTranspose(dy, w, ...) with the same strides, pads, dilations and groups, and the
 * output padding that makes the result as large as x.
 */
export function convGradInput(dy: Tensor, w: Tensor, options: ConvGradInputOptions): Tensor {
  const fn = 'convGradInput';
  checkTensor(fn, 'dy', dy);
  checkTensor(fn, 'w', w);
  const { opts, rest } = convOptionsOf(fn, options, 'inputShape', CONV_OPTIONS);
  const rank = w.shape.length - 2;
  const groups = (rest.groups as number | undefined) ?? 1;
  const xShape = shapeOption(fn, 'inputShape', opts.inputShape, [dy.shape[0], w.shape[1] * groups], rank);
  const info = convInfo(fn, xShape, w.shape, rest as ConvOptions);
  checkShapeIs(fn, 'dy', dy.shape, [info.batch, info.outChannels, ...info.outShape]);
  const mPerGroup = info.outChannels / info.groups;
  const rowsPerGroup = (info.inChannels / info.groups) * sizeOf(info.kernel);
  const outSize = sizeOf(info.outShape);
  const image = info.inChannels * sizeOf(info.inShape);
  const dx = allocate(dtypeOf(dy.data), info.batch * image);
  for (let n = 0; n < info.batch; n++) {
    const target = new Float64Array(image);
    for (let g = 0; g < info.groups; g++) {
      const col = new Float64Array(rowsPerGroup * outSize);
      // col = W_g^T dY_g : [(C/G)K x M/G] [M/G x out]
      gemm(w.data, g * mPerGroup * rowsPerGroup, true, dy.data, (n * info.outChannels + g * mPerGroup) * outSize, false,
        col, rowsPerGroup, mPerGroup, outSize);
      col2imBlock(col, target, info, g);
    }
    dx.set(target, n * image);
  }
  return { shape: xShape, data: dx };
}

/**
 * dL/dw of y = conv(x, w, options), given dy = dL/dy: sum over images of dY_g col(x_g)^T.
 * Result in the convolution's weight layout [M, C/G, ...k].
 */
export function convGradWeight(x: Tensor, dy: Tensor, options: ConvGradWeightOptions): Tensor {
  const fn = 'convGradWeight';
  checkTensor(fn, 'x', x);
  checkTensor(fn, 'dy', dy);
  const { opts, rest } = convOptionsOf(fn, options, 'kernelShape', CONV_OPTIONS);
  const rank = x.shape.length - 2;
  const groups = (rest.groups as number | undefined) ?? 1;
  if (!Number.isInteger(groups) || groups < 1) fail(fn, `groups=${show(groups)} must be a positive integer`);
  const wShape = shapeOption(fn, 'kernelShape', opts.kernelShape, [dy.shape[1], Math.floor(x.shape[1] / groups)], rank);
  const info = convInfo(fn, x.shape, wShape, rest as ConvOptions);
  checkShapeIs(fn, 'dy', dy.shape, [info.batch, info.outChannels, ...info.outShape]);
  return weightGradient(x, dy, info, wShape, dtypeOf(x.data));
}

/** dW_g = sum_n dY_g col(x_g)^T, with x on the convolution's input side and dy on its output side. */
function weightGradient(x: Tensor, dy: Tensor, info: ConvInfo, wShape: number[], dtype: 'float32' | 'float64'): Tensor {
  const mPerGroup = info.outChannels / info.groups;
  const rowsPerGroup = (info.inChannels / info.groups) * sizeOf(info.kernel);
  const outSize = sizeOf(info.outShape);
  const image = info.inChannels * sizeOf(info.inShape);
  const dw = new Float64Array(sizeOf(wShape));
  for (let g = 0; g < info.groups; g++) {
    const block = new Float64Array(mPerGroup * rowsPerGroup);
    for (let n = 0; n < info.batch; n++) {
      const col = im2colBlock(x.data, n * image, info, g);
      // [M/G x out] [out x (C/G)K]
      gemm(dy.data, (n * info.outChannels + g * mPerGroup) * outSize, false, col, 0, true, block, mPerGroup, outSize, rowsPerGroup);
    }
    dw.set(block, g * mPerGroup * rowsPerGroup);
  }
  const data = allocate(dtype, dw.length);
  data.set(dw);
  return { shape: wShape, data };
}

/** dL/db of y = conv(x, w) + b (or of a transposed convolution): dy summed over the batch and every position. */
export function convGradBias(dy: Tensor): Tensor {
  const fn = 'convGradBias';
  checkTensor(fn, 'dy', dy);
  if (dy.shape.length < 2) fail(fn, `dy rank (${dy.shape.length}) must be at least 2: [batch, channels, ...spatial]`);
  const channels = dy.shape[1];
  const size = sizeOf(dy.shape.slice(2));
  const db = allocate(dtypeOf(dy.data), channels);
  const sums = new Float64Array(channels);
  for (let n = 0; n < dy.shape[0]; n++) {
    for (let c = 0; c < channels; c++) {
      for (let i = 0; i < size; i++) sums[c] += dy.data[(n * channels + c) * size + i];
    }
  }
  db.set(sums);
  return { shape: [channels], data: db };
}

/**
 * dL/dx of y = convTranspose(x, w, options): the forward convolution of dy with the same w,
 * computed as W_g col(dy_g) (im2col + GEMM). options.inputShape is x's shape.
 */
export function convTransposeGradInput(dy: Tensor, w: Tensor, options: ConvTransposeGradOptions): Tensor {
  const fn = 'convTransposeGradInput';
  checkTensor(fn, 'dy', dy);
  checkTensor(fn, 'w', w);
  const { opts, rest } = convOptionsOf(fn, options, 'inputShape', CONV_TRANSPOSE_OPTIONS);
  const rank = w.shape.length - 2;
  const xShape = shapeOption(fn, 'inputShape', opts.inputShape, [dy.shape[0], w.shape[0]], rank);
  const info = convTransposeInfo(fn, xShape, w.shape, rest as ConvTransposeOptions);
  checkShapeIs(fn, 'dy', dy.shape, [info.batch, info.inChannels, ...info.inShape]);
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
      gemm(w.data, g * cPerGroup * rowsPerGroup, false, col, 0, false, block, cPerGroup, rowsPerGroup, outSize);
      dx.set(block, (n * info.outChannels + g * cPerGroup) * outSize);
    }
  }
  const data = allocate(dtypeOf(dy.data), dx.length);
  data.set(dx);
  return { shape: xShape, data };
}

/**
 * dL/dw of y = convTranspose(x, w, options), given dy = dL/dy: sum over images of
 * x_g col(dy_g)^T, in the transposed convolution's weight layout [C, M/G, ...k].
 * options.kernelShape is w's spatial shape.
 */
export function convTransposeGradWeight(x: Tensor, dy: Tensor, options: ConvTransposeGradOptions & { kernelShape: readonly number[] }): Tensor {
  const fn = 'convTransposeGradWeight';
  checkTensor(fn, 'x', x);
  checkTensor(fn, 'dy', dy);
  const opts = checkOptions(fn, 'options', options) as unknown as Record<string, unknown>;
  checkKnownKeys(fn, opts, [...CONV_TRANSPOSE_OPTIONS.filter((key) => key !== 'bias'), 'inputShape', 'kernelShape']);
  const rank = x.shape.length - 2;
  const groups = (opts.groups as number | undefined) ?? 1;
  if (!Number.isInteger(groups) || groups < 1) fail(fn, `groups=${show(groups)} must be a positive integer`);
  const wShape = shapeOption(fn, 'kernelShape', opts.kernelShape, [x.shape[1], Math.floor(dy.shape[1] / groups)], rank);
  const rest = { ...opts };
  delete rest.inputShape;
  delete rest.kernelShape;
  const info = convTransposeInfo(fn, x.shape, wShape, rest as ConvTransposeOptions);
  checkShapeIs(fn, 'dy', dy.shape, [info.batch, info.inChannels, ...info.inShape]);
  // In the forward convolution's terms dy is on the input side and x on the output side.
  return weightGradient(dy, x, info, wShape, dtypeOf(x.data));
}

/**
 * Caffe's im2col for a whole batch: [N, C*K, prod(out)], row (c, t) and column o holding
 * x[n, c, o*s + k_t*d - padBegin] (zero in the padding). `kernelShape` is spatial.
 */
export function im2col(x: Tensor, kernelShape: readonly number[], options?: ConvOptions): Tensor {
  const fn = 'im2col';
  checkTensor(fn, 'x', x);
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, CONV_OPTIONS);
  const rank = x.shape.length - 2;
  const groups = opts.groups ?? 1;
  const wShape = shapeOption(fn, 'kernelShape', kernelShape, [groups, Math.floor(x.shape[1] / groups)], rank);
  const info = convInfo(fn, x.shape, wShape, { ...opts, bias: undefined });
  const perGroup = (info.inChannels / info.groups) * sizeOf(info.kernel) * sizeOf(info.outShape);
  const image = info.inChannels * sizeOf(info.inShape);
  const data = allocate(dtypeOf(x.data), info.batch * info.groups * perGroup);
  for (let n = 0; n < info.batch; n++) {
    for (let g = 0; g < info.groups; g++) data.set(im2colBlock(x.data, n * image, info, g), (n * info.groups + g) * perGroup);
  }
  return { shape: [info.batch, info.inChannels * sizeOf(info.kernel), sizeOf(info.outShape)], data };
}

/**
 * Caffe's col2im, the adjoint of im2col: adds every column entry back into the image
 * position it came from. `cols` is [N, C*K, prod(out)]; `inputShape` is [N, C, ...in].
 */
export function col2im(cols: Tensor, inputShape: readonly number[], kernelShape: readonly number[], options?: ConvOptions): Tensor {
  const fn = 'col2im';
  checkTensor(fn, 'cols', cols);
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, CONV_OPTIONS);
  if (!Array.isArray(inputShape) || inputShape.length < 3) fail(fn, `inputShape=${show(inputShape)} must be [N, C, ...spatial]`);
  const rank = inputShape.length - 2;
  const groups = opts.groups ?? 1;
  const wShape = shapeOption(fn, 'kernelShape', kernelShape, [groups, Math.floor(inputShape[1] / groups)], rank);
  const info = convInfo(fn, inputShape, wShape, { ...opts, bias: undefined });
  checkShapeIs(fn, 'cols', cols.shape, [info.batch, info.inChannels * sizeOf(info.kernel), sizeOf(info.outShape)]);
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
 * output, given dL/dy = x. Same arguments and result as `convTranspose`.
 *
 * When dilation > stride allows outputPadding >= stride, that convolution has more output
 * positions than x; they are outputs the transposed convolution ignores, so their gradient
 * is zero and x is padded with zeros to the convolution's output size.
 */
export function gradientConvTranspose(x: Tensor, w: Tensor, options?: ConvTransposeOptions): Tensor {
  const fn = 'gradientConvTranspose';
  checkTensor(fn, 'x', x);
  checkTensor(fn, 'w', w);
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, CONV_TRANSPOSE_OPTIONS);
  if (opts.bias !== undefined) checkTensor(fn, 'bias', opts.bias);
  const info = convTransposeInfo(fn, x.shape, w.shape, opts);
  const convOptions: ConvOptions = { strides: info.strides, dilations: info.dilations, groups: info.groups, pads: [...info.padsBegin, ...info.padsEnd] };
  const forward = convInfo(fn, [info.batch, info.inChannels, ...info.inShape], w.shape, convOptions);
  const dx = convGradInput(zeroPadEnd(x, forward.outShape), w, { ...convOptions, inputShape: info.inShape });
  const bias = opts.bias?.data;
  if (bias) {
    const size = sizeOf(info.inShape);
    for (let i = 0; i < dx.data.length; i++) dx.data[i] += bias[Math.floor(i / size) % info.inChannels];
  }
  return dx;
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
