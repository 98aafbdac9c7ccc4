/**
 * TensorFlow.js: tf.conv2dTranspose(x, filter, outputShape, strides, pad, dimRoundingMode)
 * and tf.conv3dTranspose(x, filter, outputShape, strides, pad). Like TensorFlow it runs the
 * input gradient of the convolution from outputShape to x (conv2DBackpropInput), with the
 * pads of tfjs-core's conv_util.getPadAndOutInfo:
 *   'same':   total max(0, (ceil(out/s)-1)s + k - out), floor half at the beginning
 *             (3-D 'same' has no max(0, ...): a negative total is refused here);
 *   'valid':  0;
 *   number p: p on every side, conv size trunc((out - k + 2p)/s + 1) (or dimRoundingMode);
 *   explicit: [[0,0],[top,bottom],[left,right],[0,0]] (NHWC), conv size trunc((out - k + t + b)/s + 1).
 * No dilations, no groups. TF.js does not check that the convolution of outputShape has
 * x's size (it computes garbage); this adapter throws instead.
 */
import { checkInteger, fail, show } from '../errors';
import { convTransposeOutputSize, type ConvTransposeOptions } from '../shape';
import { checkArgs, equal, one, perAxis, resolve, type Resolved, type Translation } from './common';
import type { Argument, FrameworkSpec } from './framework';
import { axes, callText, caveat, check, LAYOUT_NHWC, list, pairs, type CodeOptions } from './text';

/** tf.conv2dTranspose's pad: 'valid', 'same', one number for every side, or explicit NHWC pairs [[0,0],[top,bottom],[left,right],[0,0]]. */
export type TfjsPad = 'valid' | 'same' | number | number[][];
export type RoundingMode = 'floor' | 'round' | 'ceil';

/** tf.conv2dTranspose / tf.conv3dTranspose's shape arguments (names as in TF.js). */
export interface TfjsArgs {
  /** Spatial filter size (the leading dims of the filter tensor). */
  filterSize: number | number[];
  /** Spatial output shape (the spatial part of outputShape). */
  outputShape: number[];
  strides?: number | number[];
  pad?: TfjsPad;
  dimRoundingMode?: RoundingMode;
}

/** tf.conv2dTranspose's arguments (js.tensorflow.org/api/latest/#conv2dTranspose); filterSize stands for the filter's leading dims. */
export const TFJS_ARGUMENTS: readonly Argument[] = [
  { name: 'filterSize', type: 'ints', required: true, min: 1, doc: "the filter's spatial shape" },
  { name: 'outputShape', type: 'ints', required: true, min: 1, doc: 'the output size; must convolve back to the input' },
  { name: 'strides', type: 'ints', required: false, min: 1, doc: 'step between stamps (default 1)' },
  { name: 'pad', type: 'ints or choice', required: false, min: 0, choices: ['valid', 'same'], doc: "'valid', 'same', a number or explicit pairs (2-D)" },
  { name: 'dimRoundingMode', type: 'choice', required: false, choices: ['floor', 'round', 'ceil'], doc: 'rounding of the convolution size with a number pad' },
];


function round(value: number, mode: RoundingMode | undefined): number {
  if (mode === undefined) return Math.trunc(value);
  return mode === 'round' ? Math.round(value) : mode === 'ceil' ? Math.ceil(value) : Math.floor(value);
}

/** TF.js's pads and convolution output size for one axis of a convolution of size `out`. */
function axisPads(fn: string, pad: TfjsPad, axis: number, rank: number, out: number, k: number, s: number, mode: RoundingMode | undefined) {
  if (pad === 'same') {
    const conv = Math.ceil(out / s);
    const raw = (conv - 1) * s + k - out;
    if (raw < 0 && rank === 3) fail(fn, `pad='same' in 3-D gives a negative total padding ${raw} on axis ${axis} (tfjs-core get3DPadAndOutInfo has no max(0, ...))`);
    const total = Math.max(0, raw);
    return { begin: Math.floor(total / 2), end: total - Math.floor(total / 2), conv };
  }
  if (pad === 'valid') return { begin: 0, end: 0, conv: Math.ceil((out - k + 1) / s) };
  if (typeof pad === 'number') return { begin: pad, end: pad, conv: round((out - k + 2 * pad) / s + 1, mode) };
  const [begin, end] = pad[axis + 1];
  return { begin, end, conv: round((out - k + begin + end) / s + 1, mode) };
}

/**
 * TF.js arguments for an input of spatial shape `inputShape` -> canonical form and output size, with the
 * pads of tfjs-core's conv_util.getPadAndOutInfo (this file's comment); 2-D or 3-D only.
 *
 * Errors: TypeError `fromTfjs: unknown argument ..`, `.. must be given (a required argument)`; RangeError
 * `fromTfjs: inputShape=.. must have 2 or 3 spatial sizes ..`,
 * `fromTfjs: pad=.. must be 'valid', 'same', a number or explicit pairs`, `fromTfjs: explicit pads are not supported by conv3dTranspose`, `fromTfjs: dimRoundingMode=.. must be ..`,
 * `fromTfjs: outputShape[i]=o does not fit pad=..: the convolution maps it to c, not the input size n` (TF.js itself
 * does not check this), and arguments that are not positive integers.
 *
 * @example
 * import { fromTfjs } from 'deconv';
 * // 'same' on 6, k 3, s 2: conv size ceil(6/2) = 3; total (3-1)*2 + 3 - 6 = 1, floor half (0) at the beginning.
 * const r = fromTfjs({ filterSize: [3, 3], outputShape: [6, 6], strides: 2, pad: 'same' }, [3, 3]);
 * console.log(r.options.pads); // => [0,0,1,1]
 */
export function fromTfjs(args: TfjsArgs, inputShape: readonly number[]): Resolved {
  const fn = 'fromTfjs';
  checkArgs(fn, args, TFJS_ARGUMENTS);
  if (!Array.isArray(inputShape) || (inputShape.length !== 2 && inputShape.length !== 3)) {
    fail(fn, `inputShape=${show(inputShape)} must have 2 or 3 spatial sizes (TF.js has conv2dTranspose and conv3dTranspose)`);
  }
  const rank = inputShape.length;
  const kernel = perAxis(fn, 'filterSize', args.filterSize, rank, 1, 1);
  const strides = perAxis(fn, 'strides', args.strides, rank, 1, 1);
  const out = perAxis(fn, 'outputShape', args.outputShape, rank, 1, 1);
  const pad = args.pad ?? 'valid';
  if (typeof pad === 'number') perAxis(fn, 'pad', pad, 1, 0, 0);
  else if (Array.isArray(pad)) {
    if (rank === 3) fail(fn, 'explicit pads are not supported by conv3dTranspose');
    if (pad.length !== 4) fail(fn, `explicit pad must be [[0,0],[top,bottom],[left,right],[0,0]], got ${show(pad)}`);
    pad.slice(1, 3).forEach((pair, i) => perAxis(fn, `pad[${i + 1}]`, pair, 2, 0, 0));
  } else if (pad !== 'same' && pad !== 'valid') fail(fn, `pad=${show(pad)} must be 'valid', 'same', a number or explicit pairs`);
  if (args.dimRoundingMode !== undefined && !['floor', 'round', 'ceil'].includes(args.dimRoundingMode)) {
    fail(fn, `dimRoundingMode=${show(args.dimRoundingMode)} must be 'floor', 'round' or 'ceil'`);
  }
  const axes = out.map((o, i) => axisPads(fn, pad, i, rank, o, kernel[i], strides[i], args.dimRoundingMode));
  axes.forEach(({ conv }, i) => {
    if (conv !== inputShape[i]) {
      fail(fn, `outputShape[${i}]=${out[i]} does not fit pad=${show(pad)}: the convolution maps it to ${conv}, not the input size ${inputShape[i]}`);
    }
  });
  const pads = [...axes.map((a) => a.begin), ...axes.map((a) => a.end)];
  // What is left to reach outputShape beyond the transposed convolution's size with these pads.
  const outputPadding = out.map((o, i) => o - convTransposeOutputSize(inputShape[i], kernel[i], strides[i], 1, axes[i].begin, axes[i].end));
  return resolve(fn, inputShape, kernel, { strides, pads, outputPadding });
}

/**
 * TF.js arguments for a transposed convolution given in ONNX form ('valid', 'same', a number, or explicit pads):
 * the first of these that fromTfjs maps back to the same pads and output padding. Not exact in 1-D,
 * with dilations or groups (TF.js has none).
 *
 * Errors: those of resolve, named `toTfjs: ...`.
 *
 * @example
 * import { toTfjs } from 'deconv';
 * // Pads 1 on every side, output padding 1, out 6: pad 1 gives conv size trunc((6 - 3 + 2)/2 + 1) = 3 = in.
 * const t = toTfjs({ strides: 2, pads: [1, 1, 1, 1], outputPadding: [1, 1] }, [3, 3], [3, 3]);
 * console.log(t.args.pad, t.exact); // => 1 true
 */
export function toTfjs(options: ConvTransposeOptions, inputShape: readonly number[], kernel: readonly number[]): Translation<TfjsArgs> {
  const fn = 'toTfjs';
  const r = resolve(fn, inputShape, kernel, options);
  const { strides, dilations, pads, outputPadding, groups } = r.options;
  const rank = kernel.length;
  const base = { filterSize: [...kernel], outputShape: r.outputShape, strides };
  const candidates: TfjsArgs[] = [{ ...base, pad: 'valid' }, { ...base, pad: 'same' }];
  if (pads.every((p) => p === pads[0])) candidates.push({ ...base, pad: pads[0] });
  if (rank === 2) candidates.push({ ...base, pad: [[0, 0], [pads[0], pads[2]], [pads[1], pads[3]], [0, 0]] });
  const found = candidates.find((args) => {
    try {
      const t = fromTfjs(args, inputShape);
      return equal(t.options.pads, pads) && equal(t.options.outputPadding, outputPadding);
    } catch {
      return false;
    }
  });
  const problems: string[] = [];
  if (rank !== 2 && rank !== 3) problems.push(`${rank}-D: TF.js has only conv2dTranspose and conv3dTranspose`);
  if (dilations.some((d) => d > 1)) problems.push('dilations > 1: TF.js transposed convolutions have none');
  if (groups > 1) problems.push(`groups=${groups}: TF.js has no grouped transposed convolution (split, run, concat)`);
  if (!found) problems.push(`no TF.js pad gives pads [${pads.join(', ')}] with output padding [${outputPadding.join(', ')}]`);
  return {
    args: found ?? candidates[candidates.length - 1], exact: problems.length === 0,
    shift: new Array<number>(rank).fill(0), outputShape: r.outputShape, note: problems.length ? problems.join('; ') : undefined,
  };
}

/**
 * TensorFlow.js code: tf.conv2dTranspose / tf.conv3dTranspose (NHWC, filter [*k, out, in]) with the
 * translation's arguments. Checked as text against tfjs-core's formulas (test/frameworks.test.ts).
 *
 * Errors: TypeError `tfjsCode: translation=.. must be an object`, `tfjsCode: options=.. must be an object`,
 * `tfjsCode: unknown option "..."; known options are inputShape, inChannels, outChannels, x, w`,
 * `tfjsCode: inputShape=.. must be an array of 1 to 3 spatial sizes`; RangeError for sizes, per-axis arguments or
 * channels that are not positive integers (`tfjsCode: inChannels=c must be divisible by groups=g`), and for x/w
 * tensors of the wrong shape. The input must have 2 or 3 spatial sizes.
 *
 * @example
 * import { tfjsCode, toTfjs } from 'deconv';
 * const code = tfjsCode(toTfjs({ strides: 2, pads: [1, 1, 1, 1], outputPadding: [1, 1] }, [3, 3], [3, 3]), { inputShape: [3, 3] });
 * console.log(code.split('\n').find((l) => l.includes('conv2dTranspose'))); // => const y = tf.conv2dTranspose(x, filter, [1, 6, 6, 1], 2, 1);
 */
export function tfjsCode(t: Translation<TfjsArgs>, options: CodeOptions): string {
  const fn = 'tfjsCode';
  const c = check(fn, t, options, undefined, 2);
  const a = t.args;
  const k = axes(fn, 'filterSize', a.filterSize, c.rank, 1, 1);
  const s = axes(fn, 'strides', a.strides, c.rank, 1, 1);
  const out = axes(fn, 'outputShape', a.outputShape, c.rank, 1, 1);
  const pad = a.pad ?? 'valid';
  let padText: string;
  if (pad === 'valid' || pad === 'same') padText = `'${pad}'`;
  else if (typeof pad === 'number') padText = String(checkInteger(fn, 'pad', pad, 0));
  else if (Array.isArray(pad) && c.rank === 2 && pad.length === 4) padText = pairs(pad.map((p, i) => axes(fn, `pad[${i}]`, p, 2, 0, 0)));
  else return fail(fn, `pad=${show(pad)} must be 'valid', 'same', a number or (2-D) [[0,0],[top,bottom],[left,right],[0,0]]`);
  const strides = s.every((v) => v === s[0]) ? String(s[0]) : list(s);
  const extra = c.rank === 2 && a.dimRoundingMode !== undefined ? [`'${a.dimRoundingMode}'`] : [];
  return [
    "import * as tf from '@tensorflow/tfjs';",
    '',
    ...caveat('// ', t),
    `const x = tf.randomNormal(${list([1, ...c.input, c.cin])}); // [N, ${LAYOUT_NHWC[c.rank]}, C_in]`,
    `const filter = tf.randomNormal(${list([...k, c.cout, c.cin])}); // [*filterSize, C_out, C_in]`,
    callText(`const y = tf.conv${c.rank}dTranspose`, ['x', 'filter', list([1, ...out, c.cout]), strides, padText, ...extra], ';'),
    `console.log(y.shape); // ${list([1, ...c.output, c.cout])}`,
  ].join('\n');
}

const tfjsPair = (begin: number, end: number) => [[0, 0], [begin, end], [begin, end], [0, 0]];

/** TF.js in the registry. */
export const tfjs: FrameworkSpec<TfjsArgs> = {
  id: 'tfjs', label: 'TF.js', key: 'tfjs', language: 'JavaScript', ranks: [2, 3],
  arguments: TFJS_ARGUMENTS,
  fields: [
    { name: 'pad', label: 'pad', kind: 'choice', value: 'same',
      options: [{ value: 'same', label: "'same'" }, { value: 'valid', label: "'valid'" }, { value: 'number', label: 'a number' }, { value: 'explicit', label: 'explicit pairs' }] },
    { name: 'p', label: 'pad (number)', kind: 'int', min: 0, max: 4, value: 1, shown: (v) => v.pad === 'number' },
    { name: 'begin', label: 'pad top = left', kind: 'int', min: 0, max: 4, value: 0, shown: (v) => v.pad === 'explicit' },
    { name: 'end', label: 'pad bottom = right', kind: 'int', min: 0, max: 4, value: 1, shown: (v) => v.pad === 'explicit' },
    { name: 'out', label: 'outputShape', kind: 'int', min: 1, max: 40, value: 4 },
  ],
  sizeField: () => 'out',
  args: (v, e, out) => {
    if (e.dilations.some((d) => d !== 1)) {
      fail('TF.js', 'tf.conv2dTranspose has no dilation argument; set dilation to 1 (or pick another framework)');
    }
    return {
      filterSize: one(e.kernel), outputShape: out, strides: one(e.strides),
      pad: v.pad === 'number' ? Number(v.p) : v.pad === 'explicit' ? tfjsPair(Number(v.begin), Number(v.end)) : v.pad === 'valid' ? 'valid' : 'same',
    };
  },
  from: fromTfjs,
  to: toTfjs,
  code: tfjsCode,
  checked: 'executed',
  checkedNote: 'run in TensorFlow.js by the tests',
};
