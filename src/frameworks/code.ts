/**
 * Copyable code for every framework, generated from the adapters' translations (`to<F>`) or
 * from arguments a person entered (wrap them as `{ args, exact: true, shift, outputShape }`).
 * The text spells each argument in the framework's own vocabulary and layout, so what the
 * site and the notebooks show is exactly what the adapters (and the conformance vectors
 * behind them) mean. The API forms are the frameworks' documented signatures:
 *   PyTorch   torch.nn.ConvTranspose{1,2,3}d(in, out, kernel_size, stride, padding,
 *             output_padding, groups, bias, dilation); forward(x, output_size)
 *   TF        tf.nn.conv{1,2,3}d_transpose(input, filters, output_shape, strides, padding,
 *             dilations): filters [*k, out, in], NHWC; explicit pads only in conv2d_transpose
 *   Keras     keras.layers.Conv{1,2,3}DTranspose(filters, kernel_size, strides, padding,
 *             output_padding, dilation_rate, use_bias), channels_last
 *   ONNX      onnx.helper.make_node("ConvTranspose", ...) with its attributes (Operators.md)
 *   TF.js     tf.conv2dTranspose(x, filter, outputShape, strides, pad, dimRoundingMode),
 *             tf.conv3dTranspose(x, filter, outputShape, strides, pad)
 *   Caffe     layer { type: "Deconvolution" convolution_param { ... } } (caffe.proto)
 * The text is not run here (no Python); the tests check the argument values it contains.
 */
import { checkInteger, checkIntegers, checkOptions, fail, show } from '../errors';
import type { CaffeArgs } from './caffe';
import { pyTuple, type Translation } from './common';
import type { KerasArgs } from './keras';
import type { OnnxAttrs } from './onnx';
import type { TensorFlowArgs } from './tensorflow';
import type { TfjsArgs } from './tfjs';
import type { TorchArgs } from './torch';

/** What the generated code needs besides the arguments: the example input's size and channels. */
export interface CodeOptions {
  /** Spatial input shape (1 to 3 axes). */
  inputShape: readonly number[];
  /** Input channels (default: the groups, i.e. 1 without groups). */
  inChannels?: number;
  /** Output channels (default: the groups). */
  outChannels?: number;
}

interface Checked {
  rank: number;
  input: number[];
  cin: number;
  cout: number;
  groups: number;
  output: number[];
}

const CODE_OPTIONS = ['inputShape', 'inChannels', 'outChannels'];

function check(fn: string, t: Translation<object>, options: CodeOptions, groups: unknown, minRank = 1): Checked {
  const tr = checkOptions(fn, 'translation', t);
  checkOptions(fn, 'translation.args', tr.args);
  const opts = checkOptions(fn, 'options', options);
  for (const key of Object.keys(opts)) {
    if (!CODE_OPTIONS.includes(key)) fail(fn, `unknown option ${show(key)}; known options are ${CODE_OPTIONS.join(', ')}`, TypeError);
  }
  if (!Array.isArray(opts.inputShape)) fail(fn, `inputShape=${show(opts.inputShape)} must be an array of 1 to 3 spatial sizes`, TypeError);
  const rank = opts.inputShape.length;
  if (rank < minRank || rank > 3) fail(fn, `inputShape=${show(opts.inputShape)} must have ${minRank} to 3 spatial sizes`);
  const input = checkIntegers(fn, 'inputShape', opts.inputShape, rank, 1, 1);
  const output = checkIntegers(fn, 'translation.outputShape', tr.outputShape, rank, 1, 1);
  const g = groups === undefined ? 1 : checkInteger(fn, 'groups', groups, 1);
  const cin = opts.inChannels === undefined ? g : checkInteger(fn, 'inChannels', opts.inChannels, 1);
  const cout = opts.outChannels === undefined ? g : checkInteger(fn, 'outChannels', opts.outChannels, 1);
  if (cin % g !== 0) fail(fn, `inChannels=${cin} must be divisible by groups=${g}`);
  if (cout % g !== 0) fail(fn, `outChannels=${cout} must be divisible by groups=${g}`);
  return { rank, input, cin, cout, groups: g, output };
}

/** A per-axis argument read like the framework reads it (an int for all axes, or one per axis). */
function axes(fn: string, name: string, value: unknown, rank: number, min: number, fallback: number): number[] {
  return checkIntegers(fn, name, value, rank, min, fallback);
}

const list = (values: readonly number[]) => `[${values.join(', ')}]`;
const pyShape = (values: readonly number[]) => `(${values.join(', ')}${values.length === 1 ? ',' : ''})`;
const pairs = (values: readonly (readonly number[])[]) => `[${values.map(list).join(', ')}]`;

/** Lines are kept within 80 columns, so the code reads without scrolling. */
const WIDTH = 80;

/**
 * A call on one line if it fits, else its arguments filled into indented lines that each end
 * in a comma (valid Python and JavaScript).
 */
function callText(head: string, args: readonly string[], tail = ''): string {
  const one = `${head}(${args.join(', ')})${tail}`;
  if (one.length <= WIDTH) return one;
  const lines: string[] = [];
  let line = '';
  for (const arg of args) {
    if (line && 4 + line.length + 2 + arg.length + 1 > WIDTH) {
      lines.push(`    ${line},`);
      line = arg;
    } else line = line ? `${line}, ${arg}` : arg;
  }
  lines.push(`    ${line},`);
  return `${head}(\n${lines.join('\n')}\n)${tail}`;
}

/** Comment lines (prefix `# ` or `// `) wrapped at 80 columns. */
function comment(prefix: string, text: string): string[] {
  const lines: string[] = [];
  let line = '';
  // A bracketed group such as [1, 1] or (0, 1) stays on one line.
  for (const word of text.match(/(?:\[[^\]]*\]|\([^)]*\)|[^\s[(])+/g) ?? []) {
    if (line && prefix.length + line.length + 1 + word.length > WIDTH) {
      lines.push(prefix + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(prefix + line);
  return lines;
}

/** The header every snippet starts with: a warning when the arguments are not exact. */
function caveat(prefix: string, t: Translation<object>): string[] {
  if (t.exact) return [];
  const note = t.note ?? 'these arguments do not reproduce the same numbers.';
  const shifted = Array.isArray(t.shift) && t.shift.some((s) => s !== 0) && !/shifted/.test(note) ? ` Output shifted by [${t.shift.join(', ')}].` : '';
  return comment(prefix, `NOT EXACT: ${note}${shifted}`);
}

const DIMS = ['', '1d', '2d', '3d'];
const LAYOUT_NC = ['', 'L', 'H, W', 'D, H, W'];
const LAYOUT_NHWC = ['', 'W', 'H, W', 'D, H, W'];

/**
 * PyTorch: torch.nn.ConvTranspose{r}d with the translation's arguments (weights
 * [in, out/groups, *k]); `output_size` when the arguments give one.
 */
export function torchCode(t: Translation<TorchArgs>, options: CodeOptions): string {
  const fn = 'torchCode';
  const c = check(fn, t, options, t?.args?.groups);
  const a = t.args;
  const k = axes(fn, 'kernel_size', a.kernel_size, c.rank, 1, 1);
  const args = [
    `${c.cin}`, `${c.cout}`,
    `kernel_size=${pyTuple(k)}`,
    `stride=${pyTuple(axes(fn, 'stride', a.stride, c.rank, 1, 1))}`,
    `padding=${pyTuple(axes(fn, 'padding', a.padding, c.rank, 0, 0))}`,
    `output_padding=${pyTuple(axes(fn, 'output_padding', a.output_padding, c.rank, 0, 0))}`,
    `dilation=${pyTuple(axes(fn, 'dilation', a.dilation, c.rank, 1, 1))}`,
  ];
  if (c.groups > 1) args.push(`groups=${c.groups}`);
  args.push('bias=False');
  const size = a.output_size === undefined ? ''
    : `, output_size=${list(axes(fn, 'output_size', a.output_size.length === c.rank + 2 ? a.output_size.slice(2) : a.output_size, c.rank, 1, 1))}`;
  return [
    'import torch',
    '',
    ...caveat('# ', t),
    `# x: (N, C_in, ${LAYOUT_NC[c.rank]}); weight: (C_in, C_out / groups, *kernel_size)`,
    callText(`layer = torch.nn.ConvTranspose${DIMS[c.rank]}`, args),
    `x = torch.randn${pyShape([1, c.cin, ...c.input])}`,
    `y = layer(x${size})`,
    `assert y.shape == ${pyShape([1, c.cout, ...c.output])}`,
  ].join('\n');
}

/**
 * TensorFlow: tf.nn.conv{r}d_transpose (NHWC, filters [*k, out, in]). Explicit pads exist only
 * in conv2d_transpose; in 1-D and 3-D the code runs VALID to the smallest consistent size that
 * holds the wanted window, L = max((in-1)s + K, begin + out) (ceil((L - K + 1)/s) = in needs
 * L <= (in-1)s + K + s - 1, which holds when output padding < stride), then crops.
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
      const full = out.map((o, i) => Math.max((c.input[i] - 1) * s[i] + d[i] * (k[i] - 1) + 1, spatial[i][0] + o));
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

/** Keras 3: keras.layers.Conv{r}DTranspose (channels_last). */
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

/** ONNX: a ConvTranspose node with the attributes given, in a checked one-node model. */
export function onnxCode(t: Translation<OnnxAttrs>, options: CodeOptions): string {
  const fn = 'onnxCode';
  const c = check(fn, t, options, t?.args?.group);
  const a = t.args;
  const k = axes(fn, 'kernel_shape', a.kernel_shape, c.rank, 1, 1);
  const attrs: string[] = [`kernel_shape=${list(k)}`];
  if (a.strides !== undefined) attrs.push(`strides=${list(axes(fn, 'strides', a.strides, c.rank, 1, 1))}`);
  if (a.auto_pad !== undefined) {
    if (!['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'].includes(a.auto_pad)) fail(fn, `auto_pad=${show(a.auto_pad)} must be NOTSET, SAME_UPPER, SAME_LOWER or VALID`);
    attrs.push(`auto_pad="${a.auto_pad}"`);
  }
  if (a.pads !== undefined) attrs.push(`pads=${list(axes(fn, 'pads', a.pads, 2 * c.rank, 0, 0))}`);
  if (a.dilations !== undefined) attrs.push(`dilations=${list(axes(fn, 'dilations', a.dilations, c.rank, 1, 1))}`);
  attrs.push(`group=${c.groups}`);
  if (a.output_padding !== undefined) attrs.push(`output_padding=${list(axes(fn, 'output_padding', a.output_padding, c.rank, 0, 0))}`);
  if (a.output_shape !== undefined) attrs.push(`output_shape=${list(axes(fn, 'output_shape', a.output_shape, c.rank, 1, 1))}`);
  const info = (name: string, shape: number[]) => `helper.make_tensor_value_info("${name}", TensorProto.FLOAT, ${list(shape)})`;
  return [
    'import onnx',
    'from onnx import TensorProto, helper',
    '',
    ...caveat('# ', t),
    callText('node = helper.make_node', ['"ConvTranspose"', 'inputs=["x", "w"]', 'outputs=["y"]', ...attrs]),
    'graph = helper.make_graph(',
    '    [node], "deconv",',
    `    [${info('x', [1, c.cin, ...c.input])},`,
    `     ${info('w', [c.cin, c.cout / c.groups, ...k])}],`,
    `    [${info('y', [1, c.cout, ...c.output])}],`,
    ')',
    'model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])',
    '# full_check also infers the shape of y and checks it against the declared one',
    'onnx.checker.check_model(model, full_check=True)',
  ].join('\n');
}

/** TensorFlow.js: tf.conv2dTranspose / tf.conv3dTranspose (NHWC, filter [*k, out, in]). */
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

/** Caffe: a Deconvolution layer in prototxt; per-axis values as repeated fields. */
export function caffeCode(t: Translation<CaffeArgs>, options: CodeOptions): string {
  const fn = 'caffeCode';
  const c = check(fn, t, options, t?.args?.group);
  const a = t.args;
  const field = (name: string, values: number[]) =>
    (values.every((v) => v === values[0]) ? [values[0]] : values).map((v) => `    ${name}: ${v}`);
  return [
    ...caveat('# ', t),
    `# x: ${[1, c.cin, ...c.input].join('x')} (N, C, ${LAYOUT_NC[c.rank]}) -> y: ${[1, c.cout, ...c.output].join('x')}`,
    'layer {',
    '  name: "deconv"',
    '  type: "Deconvolution"',
    '  bottom: "x"',
    '  top: "y"',
    '  convolution_param {',
    `    num_output: ${c.cout}`,
    ...field('kernel_size', axes(fn, 'kernel_size', a.kernel_size, c.rank, 1, 1)),
    ...field('stride', axes(fn, 'stride', a.stride, c.rank, 1, 1)),
    ...field('pad', axes(fn, 'pad', a.pad, c.rank, 0, 0)),
    ...field('dilation', axes(fn, 'dilation', a.dilation, c.rank, 1, 1)),
    `    group: ${c.groups}`,
    '    bias_term: false',
    '  }',
    '}',
  ].join('\n');
}
