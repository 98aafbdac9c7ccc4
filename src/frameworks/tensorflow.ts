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
import {
  convGeometry, convOutputSize, convTransposeOutputSize, effectiveKernel, type ConvTransposeOptions,
} from '../shape';
import { checkArgs, equal, one, perAxis, pyTuple, resolve, type Resolved, type Translation } from './common';
import type { Argument, FrameworkSpec } from './framework';
import { axes, callText, caveat, check, comment, DIMS, LAYOUT_NHWC, list, pairs, pyShape, type CodeOptions } from './text';

/** tf.nn.conv*_transpose's padding: 'SAME', 'VALID' or explicit NHWC pairs [[0,0], [begin, end], ..., [0,0]]. */
export type TfPadding = 'SAME' | 'VALID' | number[][];

/**
 * TensorFlow's CPU kernels (Conv2DBackpropInput) refuse dilations > 1: "Current CPU
 * implementations do not yet support dilation rates larger than 1" (tensorflow#28264, #69103).
 * Its GPU (cuDNN) kernels compute them.
 */
export const TF_CPU_DILATION = "TensorFlow's CPU kernels refuse dilations > 1 (\"Current CPU implementations do not yet support dilation rates larger than 1\"); only its GPU kernels run this";

/** tf.nn.conv{1,2,3}d_transpose's shape arguments (names as in TensorFlow; kernel_size stands for the filters' leading dims). */
export interface TensorFlowArgs {
  /** Spatial kernel size (the leading dims of `filters`). */
  kernel_size: number | number[];
  /** Spatial output shape (the spatial part of output_shape). */
  output_shape: number[];
  strides?: number | number[];
  padding?: TfPadding;
  dilations?: number | number[];
}

/** tf.nn.conv2d_transpose's arguments (tensorflow.org/api_docs/python/tf/nn/conv2d_transpose); kernel_size stands for the filters' leading dims. */
export const TENSORFLOW_ARGUMENTS: readonly Argument[] = [
  { name: 'kernel_size', type: 'ints', required: true, min: 1, doc: "the filters' spatial shape" },
  { name: 'output_shape', type: 'ints', required: true, min: 1, doc: 'the output size; must convolve back to the input' },
  { name: 'strides', type: 'ints', required: false, min: 1, doc: 'step between stamps (default 1)' },
  { name: 'padding', type: 'ints or choice', required: false, choices: ['SAME', 'VALID'], doc: "'SAME', 'VALID' or explicit [begin, end] pairs (NHWC)" },
  { name: 'dilations', type: 'ints', required: false, min: 1, doc: 'spacing between kernel taps (default 1; CPU kernels refuse > 1)' },
];


/** Pads TensorFlow uses for a convolution of size `out` back to `input` (one axis); throws where TF would. */
export function tfPads(fn: string, padding: TfPadding, axis: number, input: number, out: number, k: number, s: number, d: number): [number, number] {
  const ek = effectiveKernel(k, d);
  if (padding === 'VALID') {
    if (out < ek || convOutputSize(out, k, s, d, 0, 0) !== input) {
      fail(fn, `output_shape[${axis}]=${out} is inconsistent with VALID: ceil((${out} - ${ek} + 1) / ${s}) must equal the input size ${input}, so output_shape[${axis}] must be in [${(input - 1) * s + ek}, ${(input - 1) * s + ek + s - 1}]`);
    }
    return [0, 0];
  }
  if (padding === 'SAME') {
    // TensorFlow's SAME is ONNX's SAME_UPPER: out = ceil(in / s), the odd extra pad at the end.
    const g = convGeometry(fn, [out], [k], { strides: [s], dilations: [d], autoPad: 'SAME_UPPER' });
    if (g.outShape[0] !== input) {
      fail(fn, `output_shape[${axis}]=${out} is inconsistent with SAME: ceil(${out} / ${s}) must equal the input size ${input}, so output_shape[${axis}] must be in [${(input - 1) * s + 1}, ${input * s}]`);
    }
    return [g.padsBegin[0], g.padsEnd[0]];
  }
  return fail(fn, `padding=${show(padding)} is not SAME or VALID`);
}

function explicitPads(fn: string, padding: number[][], rank: number): number[][] {
  if (padding.length !== rank + 2) fail(fn, `explicit padding must have ${rank + 2} pairs ([[0,0], ...spatial, [0,0]], NHWC), got ${padding.length}`);
  return padding.slice(1, rank + 1).map((pair, i) => checkIntegers(fn, `padding[${i + 1}]`, pair, 2, 0, 0));
}

/**
 * TensorFlow arguments for an input of spatial shape `inputShape` -> canonical form and output size:
 * the pads TensorFlow's rule gives (this file's comment; kernel_shape_util.cc), and the output
 * padding left to reach output_shape. Warns (resolved.warnings) where TF's CPU kernels refuse dilations.
 *
 * Errors: TypeError `fromTensorFlow: unknown argument ..`, `.. must be given (a required argument)`,
 * `fromTensorFlow: inputShape=.. must be an array of spatial sizes`; RangeError
 * `fromTensorFlow: padding=.. must be "SAME", "VALID" or explicit pairs`,
 * `fromTensorFlow: output_shape[i]=o is inconsistent with SAME: ceil(o / s) must equal the input size n, so output_shape[i] must be in [a, b]` (and the
 * same for VALID and explicit pads: TensorFlow refuses these too), arguments that are not positive integers.
 *
 * @example
 * import { fromTensorFlow } from 'deconv';
 * // SAME, in 3, k 3, s 2, output_shape 6: total pad (3-1)*2 + 3 - 6 = 1, floor(1/2) = 0 at the beginning, 1 at the end.
 * const r = fromTensorFlow({ kernel_size: 3, output_shape: [6], strides: 2, padding: 'SAME' }, [3]);
 * console.log(r.options.pads, r.options.outputPadding); // => [0,1] [0]
 * try {
 *   fromTensorFlow({ kernel_size: 3, output_shape: [8], strides: 2, padding: 'SAME' }, [3]);
 * } catch (e) {
 *   // ceil(8 / 2) = 4, not 3.
 *   console.log((e as Error).message); // => fromTensorFlow: output_shape[0]=8 is inconsistent with SAME: ceil(8 / 2) must equal the input size 3, so output_shape[0] must be in [5, 6]
 * }
 */
export function fromTensorFlow(args: TensorFlowArgs, inputShape: readonly number[]): Resolved {
  const fn = 'fromTensorFlow';
  checkArgs(fn, args, TENSORFLOW_ARGUMENTS);
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
      const conv = convOutputSize(o, kernel[i], strides[i], dilations[i], pairs[i][0], pairs[i][1]);
      if (conv !== inputShape[i]) fail(fn, `output_shape[${i}]=${o} is inconsistent with the explicit padding: the convolution maps it to ${conv}, not the input size ${inputShape[i]}`);
    });
  } else {
    if (padding !== 'SAME' && padding !== 'VALID') fail(fn, `padding=${show(padding)} must be "SAME", "VALID" or explicit pairs`);
    pairs = out.map((o, i) => tfPads(fn, padding, i, inputShape[i], o, kernel[i], strides[i], dilations[i]));
  }
  // The pads are TF's; the output padding is what is left to reach output_shape beyond the
  // transposed convolution's size with those pads, which the checks above keep in [0, stride).
  const pads = [...pairs.map((p) => p[0]), ...pairs.map((p) => p[1])];
  const outputPadding = out.map((o, i) => o - convTransposeOutputSize(inputShape[i], kernel[i], strides[i], dilations[i], pairs[i][0], pairs[i][1]));
  const resolved = resolve(fn, inputShape, kernel, { strides, dilations, pads, outputPadding });
  if (dilations.some((d) => d > 1)) resolved.warnings.push(TF_CPU_DILATION);
  return resolved;
}

/**
 * TensorFlow arguments for a transposed convolution given in ONNX form: 'VALID' or 'SAME'
 * when TensorFlow's rule gives the same pads, else explicit padding. Not exact with
 * groups > 1 (conv2d_transpose has none) or with output padding >= stride.
 *
 * Errors: those of resolve, named `toTensorFlow: ...`.
 *
 * @example
 * import { toTensorFlow } from 'deconv';
 * // Pads [0, 1] on out 6 are exactly TensorFlow's SAME (see fromTensorFlow's example).
 * console.log(toTensorFlow({ strides: 2, pads: [0, 1] }, [3], [3]).args.padding); // => SAME
 * // Pads [1, 1] with output padding 1 (PyTorch's padding=1, output_padding=1): explicit pairs, NWC order.
 * const t = toTensorFlow({ strides: 2, pads: [1, 1], outputPadding: [1] }, [3], [3]);
 * console.log(t.args.padding, t.args.output_shape, t.exact); // => [[0,0],[1,1],[0,0]] [6] true
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

/**
 * TensorFlow: tf.nn.conv{r}d_transpose (NHWC, filters [*k, out, in]). Explicit pads exist only
 * in conv2d_transpose; in 1-D and 3-D the code runs VALID to the smallest consistent size that
 * holds the wanted window, L = max((in-1)s + K, begin + out) (ceil((L - K + 1)/s) = in needs
 * L <= (in-1)s + K + s - 1, which holds when output padding < stride), then crops.
 * Checked as text only (TensorFlow cannot run here): test/frameworks.test.ts.
 *
 * Errors: TypeError `tensorflowCode: translation=.. must be an object`, `tensorflowCode: options=.. must be an object`,
 * `tensorflowCode: unknown option "..."; known options are inputShape, inChannels, outChannels, x, w`,
 * `tensorflowCode: inputShape=.. must be an array of 1 to 3 spatial sizes`; RangeError for sizes, per-axis arguments or
 * channels that are not positive integers (`tensorflowCode: inChannels=c must be divisible by groups=g`), and for x/w
 * tensors of the wrong shape.
 *
 * @example
 * import { tensorflowCode, toTensorFlow } from 'deconv';
 * const code = tensorflowCode(toTensorFlow({ strides: 2, pads: [0, 1] }, [3], [3]), { inputShape: [3] });
 * // output_shape is NWC: [N, 6, C_out]; 6 = 3 * 2 for SAME.
 * console.log(code.split('\n').find((l) => l.includes('output_shape='))?.trim()); // => x, filters, output_shape=[1, 6, 1], strides=2, padding='SAME', dilations=1,
 */
export function tensorflowCode(t: Translation<TensorFlowArgs>, options: CodeOptions): string {
  const fn = 'tensorflowCode';
  const c = check(fn, t, options, undefined);
  const a = t.args;
  const k = axes(fn, 'kernel_size', a.kernel_size, c.rank, 1, 1);
  const s = axes(fn, 'strides', a.strides, c.rank, 1, 1);
  const d = axes(fn, 'dilations', a.dilations, c.rank, 1, 1);
  const out = axes(fn, 'output_shape', a.output_shape, c.rank, 1, 1);
  const padding = a.padding ?? 'SAME';
  const lines = [
    'import tensorflow as tf',
    '',
    ...caveat('# ', t),
    `x = tf.random.normal(${list([1, ...c.input, c.cin])})  # (N, ${LAYOUT_NHWC[c.rank]}, C_in)`,
    `filters = tf.random.normal(${list([...k, c.cout, c.cin])})  # (*kernel, C_out, C_in)`,
  ];
  const call = (shape: number[], pad: string, tail = '') => callText(`y = tf.nn.conv${DIMS[c.rank]}_transpose`,
    ['x', 'filters', `output_shape=${list([1, ...shape, c.cout])}`, `strides=${pyTuple(s)}`, `padding=${pad}`, `dilations=${pyTuple(d)}`], tail);
  if (typeof padding === 'string') {
    if (padding !== 'SAME' && padding !== 'VALID') fail(fn, `padding=${show(padding)} must be "SAME", "VALID" or explicit pairs`);
    lines.push(call(out, `'${padding}'`));
  } else {
    if (!Array.isArray(padding) || padding.length !== c.rank + 2) fail(fn, `padding=${show(padding)} must be ${c.rank + 2} [begin, end] pairs (NHWC)`);
    const spatial = padding.slice(1, c.rank + 1).map((p, i) => axes(fn, `padding[${i + 1}]`, p, 2, 0, 0));
    if (c.rank === 2) lines.push(call(out, pairs([[0, 0], ...spatial, [0, 0]])));
    else {
      const full = out.map((o, i) => Math.max(convTransposeOutputSize(c.input[i], k[i], s[i], d[i], 0, 0), spatial[i][0] + o));
      const crop = spatial.map(([b], i) => `${b}:${b + out[i]}`).join(', ');
      lines.push(
        ...comment('# ', `conv${DIMS[c.rank]}_transpose has no explicit padding: VALID, then crop pads ${pairs(spatial)}.`),
        call(full, "'VALID'", `[:, ${crop}, :]`),
      );
    }
  }
  lines.push(`assert y.shape == ${pyShape([1, ...c.output, c.cout])}`);
  return lines.join('\n');
}

const pair = (rank: number, begin: number, end: number) => [[0, 0], ...Array.from({ length: rank }, () => [begin, end]), [0, 0]];

/** TensorFlow in the registry. */
export const tensorflow: FrameworkSpec<TensorFlowArgs> = {
  id: 'tensorflow', label: 'TensorFlow', key: 'tf', language: 'Python', ranks: [1, 2, 3],
  arguments: TENSORFLOW_ARGUMENTS,
  fields: [
    { name: 'padding', label: 'padding', kind: 'choice', value: 'SAME',
      options: [{ value: 'SAME', label: "'SAME'" }, { value: 'VALID', label: "'VALID'" }, { value: 'explicit', label: 'explicit pairs' }] },
    { name: 'begin', label: 'padding begin b', kind: 'int', min: 0, max: 4, value: 0, shown: (v) => v.padding === 'explicit' },
    { name: 'end', label: 'padding end e', kind: 'int', min: 0, max: 4, value: 1, shown: (v) => v.padding === 'explicit' },
    { name: 'out', label: 'output_shape', kind: 'int', min: 1, max: 40, value: 4 },
  ],
  sizeField: () => 'out',
  args: (v, e, out) => ({
    kernel_size: one(e.kernel), output_shape: out, strides: one(e.strides), dilations: one(e.dilations),
    padding: v.padding === 'explicit' ? pair(e.input.length, Number(v.begin), Number(v.end)) : v.padding === 'VALID' ? 'VALID' : 'SAME',
  }),
  from: fromTensorFlow,
  to: toTensorFlow,
  code: tensorflowCode,
  checked: 'text',
  checkedNote: 'not run (no TensorFlow here): its text is checked',
};
