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
import { CONV_OPTIONS, convInfo, type ConvInfo, type ConvOptions } from '../shape';
import { allocate, checkTensor, dtypeOf, sizeOf, type Tensor } from '../tensor';
import { engineOf, runConvTranspose } from './convolution';
import { geometry3, MAX_FAST_RANK } from './geometry';
import { gemmConvGradWeight } from './lowered';
import { engineFor, selectConvTranspose } from './select';

// The argument checks of gradient.ts, in this module's name.
function fullShape(fn: string, name: string, given: unknown, lead: number[], rank: number): number[] {
  if (!Array.isArray(given)) fail(fn, `${name}=${show(given)} is required: an array of ${rank} spatial sizes`, TypeError);
  if (given.length === rank) return [...lead, ...given];
  if (given.length === rank + 2) return [...lead, ...given.slice(2)];
  return fail(fn, `${name}=${show(given)} must have ${rank} (spatial) or ${rank + 2} (full) entries`);
}

function checkShapeEquals(fn: string, name: string, got: readonly number[], want: readonly number[]): void {
  if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
    fail(fn, `${name}.shape=${show(got)} must be ${show(want)} for these shapes and options`);
  }
}

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
  gemmConvGradWeight(engineOf({ kernel: 'gemm', engine: engineFor(dtypeOf(x.data)) }), geometry3(info), x.data, dy.data, dw);
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
  const xShape = fullShape(fn, 'inputShape', opts.inputShape, [dy.shape[0], w.shape[1] * groups], rank);
  const info = convInfo(fn, xShape, w.shape, rest);
  checkShapeEquals(fn, 'dy', dy.shape, [info.batch, info.outChannels, ...info.outShape]);
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
  const wShape = fullShape(fn, 'kernelShape', opts.kernelShape, [dy.shape[1], Math.floor(x.shape[1] / groups)], rank);
  const info = convInfo(fn, x.shape, wShape, rest);
  checkShapeEquals(fn, 'dy', dy.shape, [info.batch, info.outChannels, ...info.outShape]);
  checkRank(fn, info);
  return runConvGradWeight(info, x, dy, wShape);
}
