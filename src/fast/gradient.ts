/**
 * Fast gradients of y = conv(x, w) (the fast counterparts of `convGradInput` and
 * `convGradWeight` in gradient.ts, same arguments, checks and results):
 *
 *     dL/dx = convTranspose(dy, w) with the convolution's geometry   (GEMM + col2im)
 *     dL/dw = sum over images of dY_g col(X_g)^T                     (im2col + GEMM)
 *
 * The input gradient IS the transposed convolution: the record from `convInfo` already says
 * that the result is as large as x, so the transposed kernels run on it unchanged.
 */
import { checkKnownKeys, checkOptions, fail, show } from '../errors';
import type { ConvGradInputOptions, ConvGradWeightOptions } from '../gradient';
import { CONV_OPTIONS, checkShapeIs, convInfo, shapeOption, type ConvInfo, type ConvOptions } from '../shape';
import { allocate, checkTensor, dtypeOf, sizeOf, type Tensor } from '../tensor';
import { engineOf, runConvTranspose } from './convolution';
import { geometry3, MAX_FAST_RANK } from './geometry';
import { gemmConvGradWeight } from './lowered';
import { engineFor, selectConvTranspose } from './select';

// The argument checks of gradient.ts, in this module's name.
function convOptionsOf(fn: string, options: object | undefined, extra: string) {
  const opts = checkOptions(fn, 'options', options) as Record<string, unknown>;
  // A bias does not change any gradient but dL/db, so the gradient functions refuse it.
  checkKnownKeys(fn, opts, [...CONV_OPTIONS.filter((key) => key !== 'bias'), extra]);
  const rest: Record<string, unknown> = { ...opts };
  delete rest[extra];
  return { opts, rest: rest as ConvOptions };
}

function checkRank(fn: string, info: ConvInfo): void {
  if (info.rank > MAX_FAST_RANK) fail(fn, `spatial rank ${info.rank} must be <= ${MAX_FAST_RANK} (the fast kernels cover 1-D, 2-D and 3-D)`);
}

/** dL/dx of y = conv(x, w, options) for a validated record: the transposed convolution of dy. */
export function runConvGradInput(info: ConvInfo, dy: Tensor, w: Tensor): Tensor {
  return runConvTranspose(info, dy, w, undefined, selectConvTranspose(info, w.data, dtypeOf(dy.data)));
}

/** dL/dw of y = conv(x, w, options) for a validated record, in the weight layout wShape. */
export function runConvGradWeight(info: ConvInfo, x: Tensor, dy: Tensor, wShape: readonly number[]): Tensor {
  const dw = allocate(dtypeOf(x.data), sizeOf(wShape));
  gemmConvGradWeight(engineOf({ kernel: 'gemm', engine: engineFor(dtypeOf(x.data)) }, x.data), geometry3(info), x.data, dy.data, dw);
  return { shape: [...wShape], data: dw };
}

/** dL/dx of y = conv(x, w, options), given dy = dL/dy; same arguments and result as `convGradInput`. */
export function fastConvGradInput(dy: Tensor, w: Tensor, options: ConvGradInputOptions): Tensor {
  const fn = 'fastConvGradInput';
  checkTensor(fn, 'dy', dy);
  checkTensor(fn, 'w', w);
  const { opts, rest } = convOptionsOf(fn, options, 'inputShape');
  const rank = w.shape.length - 2;
  const groups = rest.groups ?? 1;
  const xShape = shapeOption(fn, 'inputShape', opts.inputShape, [dy.shape[0], w.shape[1] * groups], rank);
  const info = convInfo(fn, xShape, w.shape, rest);
  checkShapeIs(fn, 'dy', dy.shape, [info.batch, info.outChannels, ...info.outShape]);
  checkRank(fn, info);
  return runConvGradInput(info, dy, w);
}

/** dL/dw of y = conv(x, w, options), given dy = dL/dy; same arguments and result as `convGradWeight`. */
export function fastConvGradWeight(x: Tensor, dy: Tensor, options: ConvGradWeightOptions): Tensor {
  const fn = 'fastConvGradWeight';
  checkTensor(fn, 'x', x);
  checkTensor(fn, 'dy', dy);
  const { opts, rest } = convOptionsOf(fn, options, 'kernelShape');
  const rank = x.shape.length - 2;
  const groups = rest.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) fail(fn, `groups=${show(groups)} must be a positive integer`);
  const wShape = shapeOption(fn, 'kernelShape', opts.kernelShape, [dy.shape[1], Math.floor(x.shape[1] / groups)], rank);
  const info = convInfo(fn, x.shape, wShape, rest);
  checkShapeIs(fn, 'dy', dy.shape, [info.batch, info.outChannels, ...info.outShape]);
  checkRank(fn, info);
  return runConvGradWeight(info, x, dy, wShape);
}
