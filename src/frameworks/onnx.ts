/**
 * ONNX ConvTranspose (opset 11+): the core's own convention, so the adapter only renames.
 * Attributes: auto_pad, dilations, group, kernel_shape, output_padding, output_shape, pads,
 * strides (onnx/docs/Operators.md#ConvTranspose). output_shape overrides pads; the total
 * padding s(in-1) + output_padding + d(k-1)+1 - output_shape is split with the odd extra at
 * the end for SAME_UPPER and at the beginning otherwise.
 */
import { fail, show } from '../errors';
import { convTransposeOutputSize, type AutoPad, type ConvTransposeOptions } from '../shape';
import { checkArgs, resolve, type Resolved, type Translation } from './common';
import type { Argument, FrameworkSpec } from './framework';
import { axes, callText, caveat, check, comment, exampleData, list, type CodeOptions } from './text';

/** ONNX ConvTranspose's attributes (names as in the ONNX specification, opset 11+). */
export interface OnnxAttrs {
  kernel_shape?: number[];
  strides?: number[];
  pads?: number[];
  dilations?: number[];
  group?: number;
  output_padding?: number[];
  output_shape?: number[];
  auto_pad?: AutoPad;
}

/** ConvTranspose's attributes (onnx/docs/Operators.md#ConvTranspose, opset 11+). */
export const ONNX_ARGUMENTS: readonly Argument[] = [
  { name: 'kernel_shape', type: 'ints', required: false, min: 1, doc: "must equal the weight's spatial shape (inferred from it when absent)" },
  { name: 'strides', type: 'ints', required: false, min: 1, doc: 'step between stamps (default 1)' },
  { name: 'pads', type: 'ints', required: false, min: 0, doc: 'crops [begin..., end...] (default 0); not with auto_pad SAME_* or output_shape' },
  { name: 'dilations', type: 'ints', required: false, min: 1, doc: 'spacing between kernel taps (default 1)' },
  { name: 'group', type: 'int', required: false, min: 1, doc: 'channel groups (default 1)' },
  { name: 'output_padding', type: 'ints', required: false, min: 0, max: '< max(stride, dilation)', doc: 'rows added at the end (default 0)' },
  { name: 'output_shape', type: 'ints', required: false, min: 1, doc: 'wanted output size; the pads are then computed' },
  { name: 'auto_pad', type: 'choice', required: false, choices: ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'], doc: 'SAME_*: output = input * stride' },
];


/**
 * ONNX attributes -> the core's options (a renaming: snake_case to camelCase, group to groups).
 * Values are checked later, by whatever uses the options (resolve, convTranspose).
 *
 * Errors: TypeError `onnxOptions: args=.. must be an object`, `onnxOptions: unknown argument "..."; known: ..`.
 *
 * @example
 * import { onnxOptions } from 'deconv';
 * console.log(onnxOptions({ strides: [2], pads: [1, 1], output_padding: [1], group: 1 })); // => {"strides":[2],"pads":[1,1],"groups":1,"outputPadding":[1]}
 */
export function onnxOptions(attrs: OnnxAttrs): ConvTransposeOptions {
  return canonical('onnxOptions', attrs);
}

/** onnxOptions, in the voice of `fn`. */
function canonical(fn: string, given: OnnxAttrs): ConvTransposeOptions {
  const attrs = checkArgs(fn, given, ONNX_ARGUMENTS);
  const out: ConvTransposeOptions = {};
  if (attrs.strides !== undefined) out.strides = attrs.strides;
  if (attrs.pads !== undefined) out.pads = attrs.pads;
  if (attrs.dilations !== undefined) out.dilations = attrs.dilations;
  if (attrs.group !== undefined) out.groups = attrs.group;
  if (attrs.output_padding !== undefined) out.outputPadding = attrs.output_padding;
  if (attrs.output_shape !== undefined) out.outputShape = attrs.output_shape;
  if (attrs.auto_pad !== undefined) out.autoPad = attrs.auto_pad;
  if (attrs.kernel_shape !== undefined) out.kernelShape = attrs.kernel_shape;
  return out;
}

/**
 * ONNX attributes for an input of spatial shape `inputShape` and a kernel -> canonical form and output size
 * (ONNX ConvTranspose's rules, https://onnx.ai/onnx/operators/onnx__ConvTranspose.html, through resolve).
 *
 * Errors: those of onnxOptions and of resolve, named `fromOnnx: ...`.
 *
 * @example
 * import { fromOnnx } from 'deconv';
 * // SAME_UPPER: out = in*s = 6; total pad s(in-1) + k - out = 1, the odd one at the end.
 * const r = fromOnnx({ auto_pad: 'SAME_UPPER', strides: [2] }, [3], [3]);
 * console.log(r.options.pads, r.outputShape); // => [0,1] [6]
 */
export function fromOnnx(attrs: OnnxAttrs, inputShape: readonly number[], kernel: readonly number[]): Resolved {
  return resolve('fromOnnx', inputShape, kernel, canonical('fromOnnx', attrs));
}

/**
 * Explicit ONNX attributes (always exact: ONNX is the canonical form): kernel_shape, strides, pads,
 * dilations, group and output_padding, with auto_pad and output_shape resolved into pads.
 *
 * Errors: those of resolve, named `toOnnx: ...`.
 *
 * @example
 * import { toOnnx } from 'deconv';
 * // SAME_LOWER puts the odd pad at the beginning: [1, 0].
 * const t = toOnnx({ strides: 2, autoPad: 'SAME_LOWER' }, [3], [3]);
 * console.log(t.args.pads, t.outputShape, t.exact); // => [1,0] [6] true
 */
export function toOnnx(options: ConvTransposeOptions, inputShape: readonly number[], kernel: readonly number[]): Translation<OnnxAttrs> {
  const r = resolve('toOnnx', inputShape, kernel, options);
  const { strides, pads, dilations, groups, outputPadding } = r.options;
  return {
    args: { kernel_shape: [...kernel], strides, pads, dilations, group: groups, output_padding: outputPadding },
    exact: true, shift: new Array<number>(kernel.length).fill(0), outputShape: r.outputShape,
  };
}

/**
 * ONNX code: a one-node model with the ConvTranspose attributes given, checked by
 * onnx.checker (full_check infers y's shape), and run with onnxruntime when it is installed,
 * against the output the core computes for these attributes (fromOnnx). The tests build and run it
 * (test/frameworkSweep.test.ts).
 *
 * Errors: TypeError `onnxCode: translation=.. must be an object`, `onnxCode: options=.. must be an object`,
 * `onnxCode: unknown option "..."; known options are inputShape, inChannels, outChannels, x, w`,
 * `onnxCode: inputShape=.. must be an array of 1 to 3 spatial sizes`; RangeError for sizes, per-axis arguments or
 * channels that are not positive integers (`onnxCode: inChannels=c must be divisible by groups=g`), and for x/w
 * tensors of the wrong shape. Also RangeError `onnxCode: auto_pad=.. must be NOTSET, SAME_UPPER, SAME_LOWER or VALID`.
 *
 * @example
 * import { onnxCode, toOnnx } from 'deconv';
 * const code = onnxCode(toOnnx({ strides: 2, autoPad: 'SAME_LOWER' }, [3], [3]), { inputShape: [3] });
 * console.log(code.split('\n').find((l) => l.includes('pads='))?.trim()); // => strides=[2], pads=[1, 0], dilations=[1], group=1, output_padding=[0],
 * // By hand, x = [-1, 0.6, 0.1] stamped with w = [-0.9, 0.6, 0.2] at 2i: [0.9, -0.6, -0.74, 0.36, 0.03, 0.06, 0.02];
 * // pads [1, 0] drop the first value.
 * console.log(code.split('\n').find((l) => l.trim().startsWith('-0.6'))?.trim()); // => -0.6, -0.74, 0.36, 0.03, 0.06, 0.02,
 */
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
  const meant = fromOnnx(a, c.input, k);
  const data = exampleData(fn, c, k, meant.options, options, { open: 'np.array(', close: ', dtype=np.float32)' });
  const disagrees = inferenceNote(a, c.input, k, meant.options.pads);
  return [
    'import numpy as np',
    'import onnx',
    'from onnx import TensorProto, helper',
    '',
    ...caveat('# ', t),
    callText('node = helper.make_node', ['"ConvTranspose"', 'inputs=["x", "w"]', 'outputs=["y"]', ...attrs]),
    ...(disagrees ? comment('# ', disagrees.note) : []),
    'graph = helper.make_graph(',
    '    [node], "deconv",',
    `    [${info('x', [1, c.cin, ...c.input])},`,
    `     ${info('w', [c.cin, c.cout / c.groups, ...k])}],`,
    `    [${disagrees?.named ? `helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, ${c.cout}, ${c.output.map((_, i) => `"y${i}"`).join(', ')}])` : info('y', [1, c.cout, ...c.output])}],`,
    ')',
    'model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])',
    '# full_check also infers the shape of y and checks it against the declared one',
    'onnx.checker.check_model(model, full_check=True)',
    '',
    ...data.inputs,
    '# What deconv computes for these attributes:',
    ...data.expected,
    'try:',
    '    import onnxruntime',
    'except ImportError:  # not installed: the model is only built and checked',
    '    onnxruntime = None',
    'if onnxruntime is not None:',
    '    session = onnxruntime.InferenceSession(model.SerializeToString())',
    '    y = session.run(None, {"x": x, "w": w})[0]',
    '    print(y)',
    ...(data.full
      ? ['    assert np.allclose(y, expected, atol=1e-4)']
      : ['    assert abs(float(y.sum()) - expected_sum) < 1e-3 + 1e-5 * y.size',
        '    assert np.allclose(y.flatten()[:6], expected_head, atol=1e-4)']),
  ].join('\n');
}

/**
 * Where onnx 1.12's shape inference disagrees with the specification about y's shape, and
 * what the code says about it:
 *   - SAME_* with output_padding: it adds output_padding on top of input * stride (onnx/onnx#4299);
 *     onnxruntime and the specification give input * stride, so y is declared with named
 *     spatial sizes, which the checker accepts;
 *   - an output_shape smaller than the input on some axis: its convTransposeShapeInference
 *     (onnx/defs/nn/defs.cc) stops there and leaves y with fewer dims, so onnx.checker and
 *     onnxruntime (which runs the same inference) refuse the model; the code says to give the
 *     pads instead.
 */
function inferenceNote(a: OnnxAttrs, input: readonly number[], kernel: readonly number[], pads: readonly number[]): { note: string; named: boolean } | null {
  const autoSame = a.auto_pad === 'SAME_UPPER' || a.auto_pad === 'SAME_LOWER';
  const s = a.strides ?? input.map(() => 1);
  const d = a.dilations ?? input.map(() => 1);
  const op = a.output_padding ?? input.map(() => 0);
  const unpadded = input.map((n, i) => convTransposeOutputSize(n, kernel[i], s[i], d[i], 0, 0, op[i]));
  if (autoSame && unpadded.some((u, i) => u < input[i] * s[i])) {
    return {
      note: `the specification says SAME_* gives input * stride, but onnx and onnxruntime keep the unpadded size ${list(unpadded)} here (d(k-1)+1 + output_padding < stride), so onnxruntime's y differs from the expected one below.`,
      named: true,
    };
  }
  const same = autoSame && op.some((v) => v > 0);
  if (same) return { note: 'onnx 1.12 infers input * stride + output_padding for SAME_* (onnx#4299), the specification and onnxruntime input * stride: y is declared with named sizes.', named: true };
  if (a.output_shape?.some((o, i) => o < input[i])) {
    return { note: `onnx's shape inference gives up on an output_shape smaller than the input, so onnx.checker and onnxruntime refuse this model; pads=${list(pads)} instead of output_shape gives the same y.`, named: false };
  }
  return null;
}

/** ONNX in the registry. */
export const onnx: FrameworkSpec<OnnxAttrs> = {
  id: 'onnx', label: 'ONNX', key: 'onnx', language: 'Python', ranks: [1, 2, 3],
  arguments: ONNX_ARGUMENTS,
  fields: [
    { name: 'auto_pad', label: 'auto_pad', kind: 'choice', value: 'NOTSET',
      options: ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'].map((v) => ({ value: v, label: v })) },
    { name: 'shape', label: 'give output_shape', kind: 'flag', value: false },
    { name: 'begin', label: 'pads begin', kind: 'int', min: 0, max: 4, value: 0, shown: (v) => v.shape !== true && v.auto_pad === 'NOTSET' },
    { name: 'end', label: 'pads end', kind: 'int', min: 0, max: 4, value: 1, shown: (v) => v.shape !== true && v.auto_pad === 'NOTSET' },
    { name: 'op', label: 'output_padding', kind: 'int', min: 0, max: 3, value: 0 },
    { name: 'out', label: 'output_shape', kind: 'int', min: 1, max: 40, value: 4, shown: (v) => v.shape === true },
  ],
  sizeField: (v) => (v.shape === true ? 'out' : null),
  args: (v, e, out) => {
    const a: OnnxAttrs = { kernel_shape: e.kernel, strides: e.strides, dilations: e.dilations };
    if (v.auto_pad !== 'NOTSET') a.auto_pad = autoPad(v.auto_pad);
    if (v.shape === true) a.output_shape = out;
    else if (v.auto_pad === 'NOTSET') a.pads = [...e.input.map(() => Number(v.begin)), ...e.input.map(() => Number(v.end))];
    a.output_padding = e.input.map(() => Number(v.op));
    return a;
  },
  from: fromOnnx,
  to: toOnnx,
  code: onnxCode,
  checked: 'executed',
  checkedNote: 'built with onnx 1.12, run in onnxruntime by the tests',
};

const AUTO_PADS: readonly AutoPad[] = ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'];

function autoPad(value: unknown): AutoPad {
  const found = AUTO_PADS.find((p) => p === value);
  return found ?? fail('onnx', `auto_pad=${show(value)} must be one of ${AUTO_PADS.join(', ')}`);
}
