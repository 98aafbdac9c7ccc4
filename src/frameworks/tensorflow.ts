/**
 * TensorFlow: tf.nn.conv{1,2,3}d_transpose(input, filters, output_shape, strides,
 * padding='SAME', dilations=None), computed as the input gradient of the convolution that
 * maps output_shape back to the input (Conv2DBackpropInput). Hence the rules:
 *   VALID:    no padding; needs ceil((out - d(k-1)) / s) = in, so out - natural in [0, s-1];
 *   SAME:     needs ceil(out / s) = in; total padding max(0, (in-1)s + d(k-1)+1 - out),
 *             floor(total/2) at the beginning and the odd extra at the END
 *             (tensorflow/core/framework/kernel_shape_util.cc, GetWindowedOutputSizeVerbose);
 *   explicit: [[0,0], [b, e], ..., [0,0]] (NHWC); needs floor((out + b + e - d(k-1)-1)/s)+1 = in.
 * Filters are [*k, out_channels, in_channels]; data NHWC by default. No groups.
 */
import { checkIntegers, fail, show } from '../errors';
import { effectiveKernel, type ConvTransposeOptions } from '../shape';
import { checkArgs, equal, perAxis, resolve, type Resolved, type Translation } from './common';

export type TfPadding = 'SAME' | 'VALID' | number[][];

/**
 * TensorFlow's CPU kernels (Conv2DBackpropInput) refuse dilations > 1: "Current CPU
 * implementations do not yet support dilation rates larger than 1" (tensorflow#28264, #69103).
 * Its GPU (cuDNN) kernels compute them.
 */
export const TF_CPU_DILATION = "TensorFlow's CPU kernels refuse dilations > 1 (\"Current CPU implementations do not yet support dilation rates larger than 1\"); only its GPU kernels run this";

export interface TensorFlowArgs {
  /** Spatial kernel size (the leading dims of `filters`). */
  kernel_size: number | number[];
  /** Spatial output shape (the spatial part of output_shape). */
  output_shape: number[];
  strides?: number | number[];
  padding?: TfPadding;
  dilations?: number | number[];
}

const KNOWN = ['kernel_size', 'output_shape', 'strides', 'padding', 'dilations'];

/** Pads TensorFlow uses for a convolution of size `out` back to `input` (one axis); throws where TF would. */
export function tfPads(fn: string, padding: TfPadding, axis: number, input: number, out: number, k: number, s: number, d: number): [number, number] {
  const ek = effectiveKernel(k, d);
  if (padding === 'VALID') {
    if (Math.ceil((out - ek + 1) / s) !== input) {
      fail(fn, `output_shape[${axis}]=${out} is inconsistent with VALID: ceil((${out} - ${ek} + 1) / ${s}) must equal the input size ${input}, so output_shape[${axis}] must be in [${(input - 1) * s + ek}, ${(input - 1) * s + ek + s - 1}]`);
    }
    return [0, 0];
  }
  if (padding === 'SAME') {
    if (Math.ceil(out / s) !== input) {
      fail(fn, `output_shape[${axis}]=${out} is inconsistent with SAME: ceil(${out} / ${s}) must equal the input size ${input}, so output_shape[${axis}] must be in [${(input - 1) * s + 1}, ${input * s}]`);
    }
    const total = Math.max(0, (input - 1) * s + ek - out);
    const begin = Math.floor(total / 2);
    return [begin, total - begin];
  }
  return fail(fn, `padding=${show(padding)} is not SAME or VALID`);
}

function explicitPads(fn: string, padding: number[][], rank: number): number[][] {
  if (padding.length !== rank + 2) fail(fn, `explicit padding must have ${rank + 2} pairs ([[0,0], ...spatial, [0,0]], NHWC), got ${padding.length}`);
  return padding.slice(1, rank + 1).map((pair, i) => checkIntegers(fn, `padding[${i + 1}]`, pair, 2, 0, 0));
}

/** TensorFlow arguments for an input of spatial shape `inputShape` -> canonical form and output size. */
export function fromTensorFlow(args: TensorFlowArgs, inputShape: readonly number[]): Resolved {
  const fn = 'fromTensorFlow';
  checkArgs(fn, args, KNOWN);
  if (!Array.isArray(inputShape)) fail(fn, `inputShape=${show(inputShape)} must be an array of spatial sizes`, TypeError);
  const rank = inputShape.length;
  const kernel = perAxis(fn, 'kernel_size', args.kernel_size, rank, 1, 1);
  const strides = perAxis(fn, 'strides', args.strides, rank, 1, 1);
  const dilations = perAxis(fn, 'dilations', args.dilations, rank, 1, 1);
  const out = perAxis(fn, 'output_shape', args.output_shape, rank, 1, 1);
  const padding = args.padding ?? 'SAME';
  let pairs: number[][];
  if (Array.isArray(padding)) {
    pairs = explicitPads(fn, padding, rank);
    out.forEach((o, i) => {
      const conv = Math.floor((o + pairs[i][0] + pairs[i][1] - effectiveKernel(kernel[i], dilations[i])) / strides[i]) + 1;
      if (conv !== inputShape[i]) fail(fn, `output_shape[${i}]=${o} is inconsistent with the explicit padding: the convolution maps it to ${conv}, not the input size ${inputShape[i]}`);
    });
  } else {
    if (padding !== 'SAME' && padding !== 'VALID') fail(fn, `padding=${show(padding)} must be "SAME", "VALID" or explicit pairs`);
    pairs = out.map((o, i) => tfPads(fn, padding, i, inputShape[i], o, kernel[i], strides[i], dilations[i]));
  }
  // The pads are TF's; the output padding is what is left to reach output_shape,
  // out + b + e - (d(k-1)+1) - (in-1)s, which the checks above keep in [0, stride).
  const pads = [...pairs.map((p) => p[0]), ...pairs.map((p) => p[1])];
  const outputPadding = out.map((o, i) => o + pairs[i][0] + pairs[i][1] - effectiveKernel(kernel[i], dilations[i]) - (inputShape[i] - 1) * strides[i]);
  const resolved = resolve(fn, inputShape, kernel, { strides, dilations, pads, outputPadding });
  if (dilations.some((d) => d > 1)) resolved.warnings.push(TF_CPU_DILATION);
  return resolved;
}

/**
 * TensorFlow arguments for a transposed convolution given in ONNX form: 'VALID' or 'SAME'
 * when TensorFlow's rule gives the same pads, else explicit padding. Not exact with
 * groups > 1 (conv2d_transpose has none) or with output padding >= stride.
 */
export function toTensorFlow(options: ConvTransposeOptions, inputShape: readonly number[], kernel: readonly number[]): Translation<TensorFlowArgs> {
  const fn = 'toTensorFlow';
  const r = resolve(fn, inputShape, kernel, options);
  const { strides, dilations, pads, outputPadding, groups } = r.options;
  const rank = kernel.length;
  const begin = pads.slice(0, rank);
  const end = pads.slice(rank);
  const tryRule = (padding: 'SAME' | 'VALID') => {
    try {
      const p = r.outputShape.map((o, i) => tfPads(fn, padding, i, inputShape[i], o, kernel[i], strides[i], dilations[i]));
      return equal(p.map((x) => x[0]), begin) && equal(p.map((x) => x[1]), end);
    } catch {
      return false;
    }
  };
  const padding: TfPadding = tryRule('VALID') ? 'VALID' : tryRule('SAME') ? 'SAME'
    : [[0, 0], ...begin.map((b, i) => [b, end[i]]), [0, 0]];
  const args: TensorFlowArgs = { kernel_size: [...kernel], output_shape: r.outputShape, strides, padding, dilations };
  const problems: string[] = [];
  if (groups > 1) problems.push(`groups=${groups}: tf.nn.conv_transpose has no groups (split the channels and concatenate)`);
  if (dilations.some((d) => d > 1)) problems.push(TF_CPU_DILATION);
  outputPadding.forEach((op, i) => {
    if (op >= strides[i]) problems.push(`output padding ${op} >= stride ${strides[i]} on axis ${i}: the convolution of output_shape would not give the input size`);
  });
  return {
    args, exact: problems.length === 0, shift: new Array<number>(rank).fill(0), outputShape: r.outputShape,
    note: problems.length ? problems.join('; ') : undefined,
  };
}
