/**
 * Keras: keras.layers.Conv{1,2,3}DTranspose(filters, kernel_size, strides=1,
 * padding='valid'|'same', output_padding=None, dilation_rate=1). Keras computes an output
 * length and calls TensorFlow's conv_transpose with it (keras/src/backend/common/
 * backend_utils.py, compute_conv_transpose_output_length; tf.keras: conv_utils.
 * deconv_output_length), with K = d(k-1)+1:
 *   valid, no output_padding:  (in-1)s + max(K, s)
 *   same,  no output_padding:  in*s
 *   valid, output_padding op:  (in-1)s + K + op
 *   same,  output_padding op:  (in-1)s + K - 2*floor(K/2) + op
 * The pads are then TensorFlow's (see tensorflow.ts). output_padding must be < strides.
 */
import { checkNumbers, fail, show } from '../errors';
import { convTransposeOutputSize, effectiveKernel, type ConvTransposeOptions } from '../shape';
import { checkArgs, equal, one, perAxis, pyTuple, rankOf, resolve, type Resolved, type Translation } from './common';
import type { Argument, FrameworkSpec } from './framework';
import { axes, callText, caveat, check, DIMS, LAYOUT_NHWC, pyShape, type CodeOptions } from './text';
import { fromTensorFlow, TF_CPU_DILATION } from './tensorflow';

/** The Keras documentation of ConvNDTranspose (Keras 2 and 3). */
export const KERAS_DILATION_STRIDE = 'the Keras documentation says a dilation_rate other than 1 is incompatible with strides other than 1';

/** keras.layers.Conv{1,2,3}DTranspose's shape arguments (names as in Keras; output_padding None is null). */
export interface KerasArgs {
  kernel_size: number | number[];
  strides?: number | number[];
  padding?: 'valid' | 'same';
  output_padding?: number | number[] | null;
  dilation_rate?: number | number[];
}

/** keras.layers.Conv2DTranspose's arguments (keras.io/api/layers/convolution_layers/convolution2d_transpose/). */
export const KERAS_ARGUMENTS: readonly Argument[] = [
  { name: 'kernel_size', type: 'ints', required: true, min: 1, doc: 'size of the kernel' },
  { name: 'strides', type: 'ints', required: false, min: 1, doc: 'step between stamps (default 1)' },
  { name: 'padding', type: 'choice', required: false, choices: ['valid', 'same'], doc: "'valid' (default) or 'same'" },
  { name: 'output_padding', type: 'ints', required: false, min: 0, max: '< strides', doc: 'None (default) lets Keras pick the size' },
  { name: 'dilation_rate', type: 'ints', required: false, min: 1, doc: 'spacing between kernel taps (default 1)' },
];


/**
 * Keras's output length along one axis, with K = d(k-1)+1 (compute_conv_transpose_output_length in
 * keras/src/backend/common/backend_utils.py; tf.keras's conv_utils.deconv_output_length):
 * valid (in-1)s + max(K, s); same in*s; with output_padding op: (in-1)s + K - 2*pad + op, pad = floor(K/2) for same, 0 for valid.
 * Does not validate (fromKeras does).
 *
 * @example
 * import { kerasOutputLength } from 'deconv';
 * // in 3, k 3, s 2: valid (3-1)*2 + max(3, 2) = 7; same 3*2 = 6; same with output_padding 1: 4 + 3 - 2 + 1 = 6.
 * console.log(kerasOutputLength(3, 3, 2, 1, 'valid', null), kerasOutputLength(3, 3, 2, 1, 'same', null), kerasOutputLength(3, 3, 2, 1, 'same', 1)); // => 7 6 6
 */
export function kerasOutputLength(input: number, k: number, s: number, d: number, padding: 'valid' | 'same', outputPadding: number | null): number {
  checkNumbers('kerasOutputLength', outputPadding === null ? { input, k, s, d } : { input, k, s, d, outputPadding });
  if (padding !== 'valid' && padding !== 'same') fail('kerasOutputLength', `padding=${show(padding)} must be "valid" or "same"`, TypeError);
  const ek = effectiveKernel(k, d);
  if (outputPadding === null) {
    // (in-1)s + max(K, s): the unpadded size, plus s - K when the stride is longer than the kernel.
    return padding === 'valid' ? convTransposeOutputSize(input, k, s, d, 0, 0) + Math.max(0, s - ek) : input * s;
  }
  const pad = padding === 'same' ? Math.floor(ek / 2) : 0;
  return convTransposeOutputSize(input, k, s, d, pad, pad, outputPadding);
}

/**
 * Keras arguments for an input of spatial shape `inputShape` -> canonical form and output size:
 * the output length of kerasOutputLength, then TensorFlow's pads for it (fromTensorFlow).
 * Warns where the Keras docs say dilation and stride > 1 are incompatible, and on TF's CPU dilation limit.
 *
 * Errors: TypeError `fromKeras: unknown argument ..`, `.. must be given (a required argument)`,
 * `fromKeras: inputShape=.. must be an array of spatial sizes`; RangeError `fromKeras: padding=.. must be "valid" or "same"`,
 * `fromKeras: output_padding[i]=o must be < strides[i]=s (Keras's rule)`, arguments that are not positive integers,
 * and the errors of fromTensorFlow (named fromKeras).
 *
 * @example
 * import { fromKeras } from 'deconv';
 * // padding='same', s 2: out 3*2 = 6, TensorFlow's SAME pads: total (3-1)*2 + 3 - 6 = 1, at the end.
 * const r = fromKeras({ kernel_size: 3, strides: 2, padding: 'same' }, [3]);
 * console.log(r.outputShape, r.options.pads); // => [6] [0,1]
 */
export function fromKeras(args: KerasArgs, inputShape: readonly number[]): Resolved {
  const fn = 'fromKeras';
  checkArgs(fn, args, KERAS_ARGUMENTS);
  const rank = rankOf(fn, args.kernel_size, inputShape);
  const kernel = perAxis(fn, 'kernel_size', args.kernel_size, rank, 1, 1);
  const strides = perAxis(fn, 'strides', args.strides, rank, 1, 1);
  const dilations = perAxis(fn, 'dilation_rate', args.dilation_rate, rank, 1, 1);
  const padding = args.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') fail(fn, `padding=${JSON.stringify(padding)} must be "valid" or "same"`);
  const op = args.output_padding == null ? null : perAxis(fn, 'output_padding', args.output_padding, rank, 0, 0);
  op?.forEach((o, i) => {
    if (o >= strides[i]) fail(fn, `output_padding[${i}]=${o} must be < strides[${i}]=${strides[i]} (Keras's rule)`);
  });
  const out = inputShape.map((n, i) => kerasOutputLength(n, kernel[i], strides[i], dilations[i], padding, op ? op[i] : null));
  const resolved = fromTensorFlow(
    { kernel_size: kernel, output_shape: out, strides, dilations, padding: padding === 'same' ? 'SAME' : 'VALID' },
    inputShape,
  );
  if (dilations.some((d) => d > 1) && strides.some((s) => s > 1)) resolved.warnings.push(KERAS_DILATION_STRIDE);
  return resolved;
}

/**
 * The Keras arguments that reproduce a transposed convolution given in ONNX form, if any
 * ('valid' or 'same', with or without output_padding). Otherwise not exact: the note gives
 * the exact recipe, padding='valid' followed by a CroppingND layer.
 *
 * Errors: those of resolve, named `toKeras: ...`.
 *
 * @example
 * import { toKeras } from 'deconv';
 * // Pads [0, 1] on out 6 are Keras's padding='same' (see fromKeras's example).
 * const t = toKeras({ strides: 2, pads: [0, 1] }, [3], [3]);
 * console.log(t.args.padding, t.exact); // => same true
 * // Pads [1, 1], output padding 1: neither choice; valid with output_padding 1 gives 4 + 3 + 1 = 8, crop 1 at each end.
 * const u = toKeras({ strides: 2, pads: [1, 1], outputPadding: [1] }, [3], [3]);
 * console.log(u.exact, u.outputShape, u.shift); // => false [8] [-1]
 */
export function toKeras(options: ConvTransposeOptions, inputShape: readonly number[], kernel: readonly number[]): Translation<KerasArgs> {
  const fn = 'toKeras';
  const r = resolve(fn, inputShape, kernel, options);
  const { strides, dilations, pads, outputPadding, groups } = r.options;
  const rank = kernel.length;
  const base = { kernel_size: [...kernel], strides, dilation_rate: dilations };
  const matches = (args: KerasArgs) => {
    try {
      const k = fromKeras(args, inputShape);
      return equal(k.options.pads, pads) && equal(k.options.outputPadding, outputPadding);
    } catch {
      return false;
    }
  };
  const candidates: KerasArgs[] = [];
  for (const padding of ['valid', 'same'] as const) {
    candidates.push({ ...base, padding, output_padding: null });
    // Per axis, the output padding Keras needs to reach the same size.
    const op = r.outputShape.map((o, i) => o - kerasOutputLength(inputShape[i], kernel[i], strides[i], dilations[i], padding, 0));
    if (op.every((o, i) => o >= 0 && o < strides[i])) candidates.push({ ...base, padding, output_padding: op });
  }
  const found = groups === 1 ? candidates.find(matches) : undefined;
  const dilated = dilations.some((d) => d > 1);
  const caveats = dilated ? [TF_CPU_DILATION, ...(strides.some((s) => s > 1) ? [KERAS_DILATION_STRIDE] : [])] : [];
  if (found && dilated) return { args: found, exact: false, shift: new Array<number>(rank).fill(0), outputShape: r.outputShape, note: `same numbers where Keras runs it, but ${caveats.join('; ')}` };
  if (found) return { args: found, exact: true, shift: new Array<number>(rank).fill(0), outputShape: r.outputShape };
  const crop = pads.slice(0, rank).map((b, i) => `(${b}, ${pads[i + rank]})`).join(', ');
  // Keras needs output_padding < strides; larger output padding (possible when dilation >
  // stride) adds rows beyond the last stamp, which Keras cannot produce.
  const tooLarge = outputPadding.some((o, i) => o >= strides[i]);
  const op = outputPadding.some((o) => o > 0) ? outputPadding.map((o, i) => Math.min(o, strides[i] - 1)) : null;
  const args: KerasArgs = { ...base, padding: 'valid', output_padding: op };
  const uncropped = inputShape.map((n, i) => kerasOutputLength(n, kernel[i], strides[i], dilations[i], 'valid', op ? op[i] : null));
  return {
    args, exact: false, shift: pads.slice(0, rank).map((b) => -b), outputShape: uncropped,
    note: [
      groups > 1
        ? `groups=${groups}: Conv${rank}DTranspose has no groups`
        : `no padding='valid'/'same' choice gives pads [${pads.join(', ')}]; exact: these arguments (output ${uncropped.join('x')}) followed by Cropping${rank}D(cropping=(${crop}))`,
      ...(tooLarge ? [`output padding [${outputPadding.join(', ')}] is not < strides [${strides.join(', ')}], which Keras requires: the last rows (no stamp reaches them) must be added with ZeroPadding${rank}D`] : []),
      ...caveats,
    ].join('; '),
  };
}

/**
 * Keras 3 code: keras.layers.Conv{r}DTranspose (channels_last) with the translation's arguments,
 * and a check of the output shape. Checked as text only (Keras cannot run here): test/frameworks.test.ts.
 *
 * Errors: TypeError `kerasCode: translation=.. must be an object`, `kerasCode: options=.. must be an object`,
 * `kerasCode: unknown option "..."; known options are inputShape, inChannels, outChannels, x, w`,
 * `kerasCode: inputShape=.. must be an array of 1 to 3 spatial sizes`; RangeError for sizes, per-axis arguments or
 * channels that are not positive integers (`kerasCode: inChannels=c must be divisible by groups=g`), and for x/w
 * tensors of the wrong shape.
 *
 * @example
 * import { kerasCode, toKeras } from 'deconv';
 * const code = kerasCode(toKeras({ strides: 2, pads: [0, 1] }, [3], [3]), { inputShape: [3] });
 * // (N, W, C): 3 * 2 = 6 for padding='same'.
 * console.log(code.split('\n').find((l) => l.startsWith('assert'))); // => assert tuple(y.shape) == (1, 6, 1)
 */
export function kerasCode(t: Translation<KerasArgs>, options: CodeOptions): string {
  const fn = 'kerasCode';
  const c = check(fn, t, options, undefined);
  const a = t.args;
  const padding = a.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') fail(fn, `padding=${show(padding)} must be "valid" or "same"`);
  const op = a.output_padding == null ? 'None' : pyTuple(axes(fn, 'output_padding', a.output_padding, c.rank, 0, 0));
  const args = [
    `filters=${c.cout}`,
    `kernel_size=${pyTuple(axes(fn, 'kernel_size', a.kernel_size, c.rank, 1, 1))}`,
    `strides=${pyTuple(axes(fn, 'strides', a.strides, c.rank, 1, 1))}`,
    `padding="${padding}"`,
    `output_padding=${op}`,
    `dilation_rate=${pyTuple(axes(fn, 'dilation_rate', a.dilation_rate, c.rank, 1, 1))}`,
    'use_bias=False',
  ];
  return [
    'import keras',
    '',
    ...caveat('# ', t),
    callText(`layer = keras.layers.Conv${DIMS[c.rank].toUpperCase()}Transpose`, args),
    `x = keras.random.normal(${pyShape([1, ...c.input, c.cin])})  # (N, ${LAYOUT_NHWC[c.rank]}, C_in)`,
    'y = layer(x)',
    `assert tuple(y.shape) == ${pyShape([1, ...c.output, c.cout])}`,
  ].join('\n');
}

/** Keras in the registry. */
export const keras: FrameworkSpec<KerasArgs> = {
  id: 'keras', label: 'Keras', key: 'keras', language: 'Python', ranks: [1, 2, 3],
  arguments: KERAS_ARGUMENTS,
  fields: [
    { name: 'padding', label: 'padding', kind: 'choice', value: 'same', options: [{ value: 'same', label: '"same"' }, { value: 'valid', label: '"valid"' }] },
    { name: 'op', label: 'output_padding', kind: 'choice', value: 'None', options: ['None', '0', '1', '2', '3'].map((v) => ({ value: v, label: v })) },
  ],
  args: (v, e) => ({
    kernel_size: one(e.kernel), strides: one(e.strides), padding: v.padding === 'valid' ? 'valid' : 'same', dilation_rate: one(e.dilations),
    output_padding: v.op === 'None' ? null : Number(v.op),
  }),
  from: fromKeras,
  to: toKeras,
  code: kerasCode,
  checked: 'text',
  checkedNote: 'not run (no Keras here): its text is checked',
};
