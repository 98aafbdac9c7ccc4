/**
 * The one shape-and-padding module. Every operation (conv, convTranspose, their gradients,
 * every explanatory view, the fast kernels and the framework adapters) gets its sizes and
 * paddings from here, and from nowhere else.
 *
 * Like TensorFlow.js's `computeConv2DInfo`, the record always describes the forward
 * convolution y = C x. A transposed convolution is C^T: its input has the convolution's
 * output shape (`outShape`) and its output has the convolution's input shape (`inShape`).
 * Both use the same index relation (ONNX ConvTranspose, PyTorch ConvTransposeNd):
 *
 *     i = o * s + k * d - padBegin           (i: conv input / transposed output index,
 *                                            o: conv output / transposed input index)
 */
import { checkArray, checkIntegers, checkInteger, checkNumbers, checkOptions, checkSpeaker, fail, show } from './errors';
import type { Tensor } from './tensor';

/**
 * ONNX's auto_pad attribute (Conv, ConvTranspose): NOTSET uses the explicit pads; VALID pads
 * nothing; SAME_UPPER / SAME_LOWER pad so that out = ceil(in/s) (Conv) or out = in*s (ConvTranspose),
 * an odd total's extra pad going to the end (UPPER) or the beginning (LOWER).
 * Source: https://onnx.ai/onnx/operators/onnx__Conv.html
 */
export type AutoPad = 'NOTSET' | 'VALID' | 'SAME_UPPER' | 'SAME_LOWER';
const AUTO_PADS: readonly AutoPad[] = ['NOTSET', 'VALID', 'SAME_UPPER', 'SAME_LOWER'];

/** Options of a convolution, in ONNX's vocabulary (camelCase). */
export interface ConvOptions {
  /** Step between output positions, per spatial axis (default 1). */
  strides?: number | readonly number[];
  /** Spacing between kernel taps, per spatial axis (default 1). */
  dilations?: number | readonly number[];
  /** ONNX order [begin_0, ..., begin_{r-1}, end_0, ..., end_{r-1}], or one number for all (default 0). */
  pads?: number | readonly number[];
  /** ONNX auto_pad: SAME_UPPER puts an odd extra pad at the end, SAME_LOWER at the beginning. */
  autoPad?: AutoPad;
  /** Channel groups (default 1); groups = channels is a depthwise convolution. */
  groups?: number;
  /** Optional check (ONNX kernel_shape): must equal the weight's spatial shape. */
  kernelShape?: readonly number[];
  /** Bias, one value per output channel. */
  bias?: Tensor;
}

/** Options of a transposed convolution: a convolution's, plus the two ways to pick the output size. */
export interface ConvTransposeOptions extends ConvOptions {
  /** Extra rows/columns added at the end of each axis; must be < max(stride, dilation) (PyTorch's rule). */
  outputPadding?: number | readonly number[];
  /** Wanted spatial output size (ONNX output_shape); pads are then computed, as in ONNX. */
  outputShape?: readonly number[];
}

export const CONV_OPTIONS = ['strides', 'dilations', 'pads', 'autoPad', 'groups', 'kernelShape', 'bias'] as const;
export const CONV_TRANSPOSE_OPTIONS = [...CONV_OPTIONS, 'outputPadding', 'outputShape'] as const;

/** Spatial geometry of a convolution y = C x (and so of its transpose). */
export interface Geometry {
  /** Number of spatial axes. */
  rank: number;
  /** Spatial size of the convolution's input (= the transposed convolution's output). */
  inShape: number[];
  /** Spatial size of the convolution's output (= the transposed convolution's input). */
  outShape: number[];
  kernel: number[];
  strides: number[];
  dilations: number[];
  padsBegin: number[];
  padsEnd: number[];
  /**
   * Rows at the end of the input that no output position reaches:
   * inShape + padsBegin + padsEnd - (dilations*(kernel-1)+1) - (outShape-1)*strides.
   * For a transposed convolution this is its output padding.
   */
  outputPadding: number[];
}

/** Geometry plus batch and channels: what a tensor op needs. */
export interface ConvInfo extends Geometry {
  batch: number;
  groups: number;
  /** Channels of the convolution's input (= transposed convolution's output). */
  inChannels: number;
  /** Channels of the convolution's output (= transposed convolution's input). */
  outChannels: number;
}

/**
 * Extent of a dilated kernel: d(k-1)+1, the span from its first to its last tap (the
 * `dilation * (kernel_size - 1) + 1` of PyTorch's Conv2d output-size formula,
 * https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html). Throws TypeError for arguments
 * that are not numbers; does not check their ranges.
 *
 * @example
 * import { effectiveKernel } from 'deconv';
 * // Taps at 0, 2, 4: 2*(3-1)+1 = 5.
 * console.log(effectiveKernel(3, 2)); // => 5
 */
export function effectiveKernel(kernel: number, dilation: number): number {
  checkNumbers('effectiveKernel', { kernel, dilation });
  return dilation * (kernel - 1) + 1;
}

/**
 * Output size of a convolution (ONNX Conv, PyTorch Conv, Caffe):
 *     out = floor((in + padBegin + padEnd - (d(k-1)+1)) / s) + 1
 * (PyTorch's Conv2d "Shape" section, https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html,
 * with 2*padding split into begin + end.)
 * Returns a value < 1 when the padded input is smaller than the dilated kernel. Checks only that
 * the arguments are numbers (a formula for callers that validated them; convGeometry checks and throws).
 *
 * @example
 * import { convOutputSize } from 'deconv';
 * // in 5, k 3, s 2, d 1, pads 1+1: floor((5+2-3)/2)+1 = 3 (PyTorch: Conv1d(1,1,3,stride=2,padding=1) on length 5 gives 3).
 * console.log(convOutputSize(5, 3, 2, 1, 1, 1)); // => 3
 */
export function convOutputSize(input: number, kernel: number, stride: number, dilation: number, padBegin: number, padEnd: number): number {
  checkNumbers('convOutputSize', { input, kernel, stride, dilation, padBegin, padEnd });
  return Math.floor((input + padBegin + padEnd - effectiveKernel(kernel, dilation)) / stride) + 1;
}

/**
 * Output size of a transposed convolution (ONNX ConvTranspose, PyTorch ConvTransposeNd):
 *     out = s(in-1) + outputPadding + d(k-1) + 1 - padBegin - padEnd
 * (PyTorch's ConvTranspose2d "Shape" section, https://pytorch.org/docs/stable/generated/torch.nn.ConvTranspose2d.html:
 * (in-1)*stride - 2*padding + dilation*(kernel_size-1) + output_padding + 1.) Checks only that
 * the arguments are numbers (convTransposeGeometry checks and throws).
 *
 * @example
 * import { convTransposeOutputSize } from 'deconv';
 * // in 3, k 3, s 2, pads 1+1, outputPadding 1: 2*2 + 1 + 3 - 2 = 6, twice the input.
 * console.log(convTransposeOutputSize(3, 3, 2, 1, 1, 1, 1)); // => 6
 */
export function convTransposeOutputSize(
  input: number, kernel: number, stride: number, dilation: number, padBegin: number, padEnd: number, outputPadding = 0,
): number {
  checkNumbers('convTransposeOutputSize', { input, kernel, stride, dilation, padBegin, padEnd, outputPadding });
  return stride * (input - 1) + outputPadding + effectiveKernel(kernel, dilation) - padBegin - padEnd;
}

function checkAutoPad(fn: string, autoPad: unknown): AutoPad {
  if (autoPad === undefined) return 'NOTSET';
  if (!AUTO_PADS.includes(autoPad as AutoPad)) fail(fn, `autoPad=${show(autoPad)} must be one of ${AUTO_PADS.join(', ')}`);
  return autoPad as AutoPad;
}

function checkPads(fn: string, pads: unknown, rank: number): { begin: number[]; end: number[] } {
  if (pads === undefined || typeof pads === 'number') {
    const all = checkIntegers(fn, 'pads', pads, rank, 0, 0);
    return { begin: all, end: [...all] };
  }
  if (Array.isArray(pads) && pads.length !== 2 * rank) {
    const axes = Array.from({ length: rank }, (_, i) => i);
    const layout = [...axes.map((i) => `begin_${i}`), ...axes.map((i) => `end_${i}`)].join(', ');
    fail(fn, `pads=${show(pads)} must have ${2 * rank} entries: [${layout}] (ONNX order)`);
  }
  const p = checkIntegers(fn, 'pads', pads, 2 * rank, 0, 0);
  return { begin: p.slice(0, rank), end: p.slice(rank) };
}

function checkSpatial(fn: string, name: string, shape: unknown, rank: number): number[] {
  return checkIntegers(fn, name, shape, rank, 1, 1);
}

/** Splits a total padding: SAME_UPPER puts an odd extra pad at the end, anything else at the beginning (ONNX spec). */
function splitPad(total: number, autoPad: AutoPad): [number, number] {
  const small = Math.floor(total / 2);
  return autoPad === 'SAME_UPPER' ? [small, total - small] : [total - small, small];
}

function checkKernelShape(fn: string, kernelShape: unknown, kernel: number[]): void {
  if (kernelShape === undefined) return;
  const ks = checkIntegers(fn, 'kernelShape', kernelShape, kernel.length, 1, 1);
  ks.forEach((k, i) => {
    if (k !== kernel[i]) fail(fn, `kernelShape[${i}]=${k} must equal the weight's spatial size ${kernel[i]}`);
  });
}

/**
 * Geometry of a convolution with input spatial size `inShape` and kernel `kernel`.
 * auto_pad (ONNX Conv): SAME_* gives out = ceil(in/s) with total pad
 * max(0, (out-1)s + d(k-1)+1 - in); VALID gives no padding. Sizes by convOutputSize.
 * Source: ONNX Conv, https://onnx.ai/onnx/operators/onnx__Conv.html (auto_pad, pads order).
 * `fn` is the caller's name, used in error messages. Ignores options.groups and options.bias (see convInfo).
 *
 * Errors (RangeError unless said):
 * `fn: input spatial shape=..`/`kernel shape=..`/`strides=..`/`dilations=.. must be ..` (positive integers, one per
 * axis; TypeError for non-numbers); `fn: pads=[..] must have 2r entries: [begin_0, .., end_0, ..] (ONNX order)`; `fn: autoPad=.. must be one of NOTSET, VALID, SAME_UPPER, SAME_LOWER`;
 * `fn: pads cannot be combined with autoPad=..`; `fn: kernelShape[i]=k must equal the weight's spatial size ..`;
 * `fn: input size n + pads b+e along spatial axis i must be >= the dilated kernel size d(k-1)+1=..`.
 *
 * @example
 * import { convGeometry } from 'deconv';
 * // in 4, k 3, s 2, SAME_UPPER: out = ceil(4/2) = 2, total pad (2-1)*2 + 3 - 4 = 1, odd: the extra one at the end.
 * const g = convGeometry('demo', [4], [3], { strides: 2, autoPad: 'SAME_UPPER' });
 * console.log(g.outShape, g.padsBegin, g.padsEnd); // => [2] [0] [1]
 * // SAME_LOWER puts it at the beginning.
 * console.log(convGeometry('demo', [4], [3], { strides: 2, autoPad: 'SAME_LOWER' }).padsBegin); // => [1]
 */
export function convGeometry(fn: string, inShape: readonly number[], kernel: readonly number[], options: ConvOptions = {}): Geometry {
  checkSpeaker('convGeometry', fn);
  checkArray(fn, 'kernel shape', kernel);
  checkOptions(fn, 'options', options);
  const rank = kernel.length;
  const input = checkSpatial(fn, 'input spatial shape', inShape, rank);
  const k = checkSpatial(fn, 'kernel shape', kernel, rank);
  const strides = checkIntegers(fn, 'strides', options.strides, rank, 1, 1);
  const dilations = checkIntegers(fn, 'dilations', options.dilations, rank, 1, 1);
  const autoPad = checkAutoPad(fn, options.autoPad);
  checkKernelShape(fn, options.kernelShape, k);
  if (autoPad !== 'NOTSET' && options.pads !== undefined) fail(fn, `pads cannot be combined with autoPad=${show(autoPad)}`);
  let { begin, end } = checkPads(fn, options.pads, rank);
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const pairs = input.map((n, i) => {
      const out = Math.ceil(n / strides[i]);
      return splitPad(Math.max(0, (out - 1) * strides[i] + effectiveKernel(k[i], dilations[i]) - n), autoPad);
    });
    begin = pairs.map((p) => p[0]);
    end = pairs.map((p) => p[1]);
  }
  const outShape = input.map((n, i) => {
    const ek = effectiveKernel(k[i], dilations[i]);
    if (n + begin[i] + end[i] < ek) {
      fail(fn, `input size ${n} + pads ${begin[i]}+${end[i]} along spatial axis ${i} must be >= the dilated kernel size d(k-1)+1=${ek}`);
    }
    return convOutputSize(n, k[i], strides[i], dilations[i], begin[i], end[i]);
  });
  const outputPadding = input.map(
    (n, i) => n + begin[i] + end[i] - effectiveKernel(k[i], dilations[i]) - (outShape[i] - 1) * strides[i],
  );
  return { rank, inShape: input, outShape, kernel: k, strides, dilations, padsBegin: begin, padsEnd: end, outputPadding };
}

/**
 * Geometry of a transposed convolution whose input has spatial size `inShape`
 * (ONNX ConvTranspose, https://onnx.ai/onnx/operators/onnx__ConvTranspose.html, and PyTorch ConvTransposeNd):
 *   - explicit pads: out = s(in-1) + outputPadding + d(k-1)+1 - padBegin - padEnd;
 *   - outputShape (ONNX output_shape), or autoPad SAME_* (out = in*s): the total padding
 *     total = s(in-1) + outputPadding + d(k-1)+1 - out is split by splitPad; a negative
 *     total becomes extra output padding, still < max(s, d), so that out = in*s as the ONNX
 *     ConvTranspose spec states. onnxruntime does this for output_shape; for auto_pad SAME_*
 *     with d(k-1)+1+outputPadding < s it (and onnx 1.12's shape inference) keeps the unpadded
 *     size s(in-1)+d(k-1)+1+outputPadding instead: a known disagreement with the spec that
 *     test/frameworkSweep.test.ts pins down and the frameworks page names;
 *   - VALID: no padding.
 * The returned record describes the forward convolution (see the file's comment): its inShape is
 * the transposed convolution's output size. `fn` is the caller's name, used in error messages.
 *
 * Errors (RangeError unless said): the argument errors of convGeometry (shapes, strides, dilations,
 * pads, autoPad, kernelShape); `fn: outputPadding[i]=p must be < max(strides[i], dilations[i])=m`
 * (PyTorch's rule); `fn: pads cannot be combined with outputShape (..)` or `with autoPad=..`;
 * `fn: outputShape[i]=n is unreachable: must be <= ..`; `fn: pads b+e along spatial axis i crop everything: ..`.
 *
 * @example
 * import { convTransposeGeometry } from 'deconv';
 * // in 3, k 3, s 2, pads 1+1, outputPadding 1: out = 2*2 + 1 + 3 - 2 = 6 (PyTorch's ConvTranspose1d formula).
 * console.log(convTransposeGeometry('demo', [3], [3], { strides: 2, pads: 1, outputPadding: 1 }).inShape); // => [6]
 * // outputShape 6 instead: natural size 2*2 + 3 = 7, total pad 1, split as ONNX does for NOTSET: begin 1, end 0.
 * const g = convTransposeGeometry('demo', [3], [3], { strides: 2, outputShape: [6] });
 * console.log(g.padsBegin, g.padsEnd); // => [1] [0]
 */
export function convTransposeGeometry(
  fn: string, inShape: readonly number[], kernel: readonly number[], options: ConvTransposeOptions = {},
): Geometry {
  checkSpeaker('convTransposeGeometry', fn);
  checkArray(fn, 'kernel shape', kernel);
  checkOptions(fn, 'options', options);
  const rank = kernel.length;
  const input = checkSpatial(fn, 'input spatial shape', inShape, rank);
  const k = checkSpatial(fn, 'kernel shape', kernel, rank);
  const strides = checkIntegers(fn, 'strides', options.strides, rank, 1, 1);
  const dilations = checkIntegers(fn, 'dilations', options.dilations, rank, 1, 1);
  const outputPadding = checkIntegers(fn, 'outputPadding', options.outputPadding, rank, 0, 0);
  const autoPad = checkAutoPad(fn, options.autoPad);
  checkKernelShape(fn, options.kernelShape, k);
  const limit = (i: number) => Math.max(strides[i], dilations[i]);
  outputPadding.forEach((op, i) => {
    if (op >= limit(i)) fail(fn, `outputPadding[${i}]=${op} must be < max(strides[${i}], dilations[${i}])=${limit(i)}`);
  });
  const natural = input.map((n, i) => convTransposeOutputSize(n, k[i], strides[i], dilations[i], 0, 0, outputPadding[i]));
  let wanted: number[] | undefined;
  if (options.outputShape !== undefined) {
    if (options.pads !== undefined) fail(fn, 'pads cannot be combined with outputShape (ONNX computes the pads from output_shape)');
    const given = options.outputShape;
    const spatial = Array.isArray(given) && given.length === rank + 2 ? given.slice(2) : given;
    wanted = checkIntegers(fn, 'outputShape', spatial, rank, 1, 1);
  } else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    if (options.pads !== undefined) fail(fn, `pads cannot be combined with autoPad=${show(autoPad)}`);
    wanted = input.map((n, i) => n * strides[i]);
  } else if (autoPad === 'VALID' && options.pads !== undefined) {
    fail(fn, 'pads cannot be combined with autoPad="VALID"');
  }
  let begin: number[];
  let end: number[];
  const applied = [...outputPadding];
  if (wanted !== undefined) {
    const w = wanted;
    const pairs = w.map((out, i) => {
      const total = natural[i] - out;
      if (total >= 0) return splitPad(total, autoPad);
      applied[i] = outputPadding[i] - total;
      if (applied[i] >= limit(i)) {
        const name = options.outputShape !== undefined ? `outputShape[${i}]` : `in*s along axis ${i}`;
        fail(fn, `${name}=${out} is unreachable: must be <= ${natural[i] - outputPadding[i] + limit(i) - 1} (natural size + max(strides[${i}], dilations[${i}]) - 1)`);
      }
      return [0, 0] as [number, number];
    });
    begin = pairs.map((p) => p[0]);
    end = pairs.map((p) => p[1]);
  } else {
    ({ begin, end } = checkPads(fn, options.pads, rank));
  }
  const outShape = natural.map((n, i) => n + applied[i] - outputPadding[i] - begin[i] - end[i]);
  outShape.forEach((o, i) => {
    if (o < 1) {
      fail(fn, `pads ${begin[i]}+${end[i]} along spatial axis ${i} crop everything: the output size s(in-1)+outputPadding+d(k-1)+1-pads=${o} must be >= 1`);
    }
  });
  // The forward convolution: its input is our output, its output is our input.
  return { rank, inShape: outShape, outShape: input, kernel: k, strides, dilations, padsBegin: begin, padsEnd: end, outputPadding: applied };
}

function checkRanks(fn: string, xName: string, xShape: readonly number[], wShape: readonly number[]): void {
  checkArray(fn, `${xName} shape`, xShape);
  checkArray(fn, 'w shape', wShape);
  if (xShape.length < 3) fail(fn, `${xName} rank (${xShape.length}) must be at least 3: [batch, channels, ...spatial]`);
  if (wShape.length !== xShape.length) fail(fn, `w rank (${wShape.length}) must equal ${xName} rank (${xShape.length})`);
}

function checkGroups(fn: string, groups: unknown): number {
  return groups === undefined ? 1 : checkInteger(fn, 'groups', groups, 1);
}

/** Checks a bias against the number of output channels. */
export function checkBias(fn: string, bias: Tensor | undefined, channels: number): void {
  if (bias === undefined) return;
  if (bias.shape.length !== 1 || bias.shape[0] !== channels) {
    fail(fn, `bias.shape=${show(bias.shape)} must be [${channels}] (one value per output channel)`);
  }
}

/**
 * Convolution: x [N, C, ...in], w [M, C/groups, ...k] -> y [N, M, ...out] (the layouts of ONNX
 * Conv and PyTorch Conv2d). The record of convGeometry plus batch, groups and channels; `fn` names the caller in errors.
 *
 * Errors (RangeError unless said): `fn: x rank (r) must be at least 3: [batch, channels, ...spatial]`;
 * `fn: w rank (..) must equal x rank (..)`; `fn: groups=.. must be a positive integer`;
 * `fn: x.shape[1]=C must equal w.shape[1]*groups=..`; `fn: w.shape[0]=M (output channels) must be divisible by groups=g`;
 * `fn: bias.shape=[..] must be [M] (one value per output channel)`; and those of convGeometry.
 *
 * @example
 * import { convInfo, convOutputShape } from 'deconv';
 * // 3x3 kernel, pads 1: floor((5+2-3)/1)+1 = 5, the size is kept; 2 channels in, 4 out.
 * const info = convInfo('demo', [1, 2, 5, 5], [4, 2, 3, 3], { pads: 1 });
 * console.log(info.outShape, info.inChannels, info.outChannels); // => [5,5] 2 4
 * console.log(convOutputShape(info)); // => [1,4,5,5]
 */
export function convInfo(fn: string, xShape: readonly number[], wShape: readonly number[], options: ConvOptions = {}): ConvInfo {
  checkSpeaker('convInfo', fn);
  checkOptions(fn, 'options', options);
  checkRanks(fn, 'x', xShape, wShape);
  const groups = checkGroups(fn, options.groups);
  const [batch, inChannels] = xShape;
  const outChannels = wShape[0];
  if (inChannels !== wShape[1] * groups) {
    fail(fn, `x.shape[1]=${inChannels} must equal w.shape[1]*groups=${wShape[1] * groups} (w.shape[1]=${wShape[1]}, groups=${groups})`);
  }
  if (outChannels % groups !== 0) fail(fn, `w.shape[0]=${outChannels} (output channels) must be divisible by groups=${groups}`);
  const geometry = convGeometry(fn, xShape.slice(2), wShape.slice(2), options);
  checkBias(fn, options.bias, outChannels);
  return { ...geometry, batch, groups, inChannels, outChannels };
}

/**
 * Transposed convolution: x [N, C, ...in], w [C, M/groups, ...k] -> y [N, M, ...out]
 * (the weight layout of ONNX, PyTorch and Caffe). Returned as the forward convolution's
 * record: inChannels = M, outChannels = C, inShape = out, outShape = in. `fn` names the caller in errors.
 *
 * Errors (RangeError unless said): `fn: x rank (r) must be at least 3: ..`; `fn: w rank (..) must equal x rank (..)`;
 * `fn: x.shape[1]=C must equal w.shape[0]=.. (input channels)`; `fn: x.shape[1]=C (input channels) must be divisible by groups=g`;
 * `fn: bias.shape=[..] must be [M] (..)`; and those of convTransposeGeometry.
 *
 * @example
 * import { convTransposeInfo, convTransposeOutputShape } from 'deconv';
 * // PyTorch ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1) on 3x3: (3-1)*2 - 2 + 2 + 1 + 1 = 6.
 * const info = convTransposeInfo('demo', [1, 4, 3, 3], [4, 2, 3, 3], { strides: 2, pads: 1, outputPadding: 1 });
 * console.log(info.inShape, info.inChannels, info.outChannels); // => [6,6] 2 4
 * console.log(convTransposeOutputShape(info)); // => [1,2,6,6]
 */
export function convTransposeInfo(
  fn: string, xShape: readonly number[], wShape: readonly number[], options: ConvTransposeOptions = {},
): ConvInfo {
  checkSpeaker('convTransposeInfo', fn);
  checkOptions(fn, 'options', options);
  checkRanks(fn, 'x', xShape, wShape);
  const groups = checkGroups(fn, options.groups);
  const [batch, channels] = xShape;
  if (channels !== wShape[0]) fail(fn, `x.shape[1]=${channels} must equal w.shape[0]=${wShape[0]} (input channels)`);
  if (channels % groups !== 0) fail(fn, `x.shape[1]=${channels} (input channels) must be divisible by groups=${groups}`);
  const geometry = convTransposeGeometry(fn, xShape.slice(2), wShape.slice(2), options);
  const outChannels = wShape[1] * groups;
  checkBias(fn, options.bias, outChannels);
  return { ...geometry, batch, groups, inChannels: outChannels, outChannels: channels };
}

/**
 * Full shape of a convolution's output: [N, M, ...outShape]. Takes convInfo's record, and
 * throws unless it has the fields read here.
 *
 * @example
 * import { convInfo, convOutputShape } from 'deconv';
 * // No padding, k 3 on 4: 4 - 3 + 1 = 2.
 * console.log(convOutputShape(convInfo('demo', [2, 1, 4], [3, 1, 3]))); // => [2,3,2]
 */
export function convOutputShape(info: ConvInfo): number[] {
  checkInfo('convOutputShape', info, 'outShape');
  return [info.batch, info.outChannels, ...info.outShape];
}

/** Throws unless `info` looks like a ConvInfo (from convInfo/convTransposeInfo) as far as `fn` reads it. */
function checkInfo(fn: string, info: unknown, spatial: 'inShape' | 'outShape'): void {
  const record = checkOptions(fn, 'info', info as object) as Record<string, unknown>;
  const channels = spatial === 'outShape' ? 'outChannels' : 'inChannels';
  checkNumbers(fn, { 'info.batch': record.batch, [`info.${channels}`]: record[channels] });
  checkArray(fn, `info.${spatial}`, record[spatial]);
}

/**
 * Full shape of a transposed convolution's output: [N, M, ...inShape]. Takes convTransposeInfo's
 * record, and throws unless it has the fields read here.
 *
 * @example
 * import { convTransposeInfo, convTransposeOutputShape } from 'deconv';
 * // No padding, stride 1, k 3 on 2: 2 + 3 - 1 = 4, the transpose of the convolution above; M = w.shape[1] = 1.
 * console.log(convTransposeOutputShape(convTransposeInfo('demo', [2, 3, 2], [3, 1, 3]))); // => [2,1,4]
 */
export function convTransposeOutputShape(info: ConvInfo): number[] {
  checkInfo('convTransposeOutputShape', info, 'inShape');
  return [info.batch, info.inChannels, ...info.inShape];
}

/**
 * A shape given as an option (a convolution's inputShape, a kernelShape): either the spatial
 * sizes or the full [N, C, ...spatial] shape. Returns [...lead, ...spatial].
 */
export function shapeOption(fn: string, name: string, given: unknown, lead: number[], rank: number): number[] {
  if (!Array.isArray(given)) fail(fn, `${name}=${show(given)} is required: an array of ${rank} spatial sizes`, TypeError);
  if (given.length === rank) return [...lead, ...given];
  if (given.length === rank + 2) return [...lead, ...given.slice(2)];
  return fail(fn, `${name}=${show(given)} must have ${rank} (spatial) or ${rank + 2} (full) entries`);
}

/** Throws unless a tensor has the shape these shapes and options imply. */
export function checkShapeIs(fn: string, name: string, got: readonly number[], want: readonly number[]): void {
  if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
    fail(fn, `${name}.shape=${show(got)} must be ${show(want)} for these shapes and options`);
  }
}
