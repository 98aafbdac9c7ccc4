/**
 * Caffe: layer { type: "Deconvolution" convolution_param { num_output kernel_size stride
 * pad dilation group } }. Caffe runs it as the backward pass of a convolution
 * (DeconvolutionLayer::Forward_cpu calls backward_cpu_gemm), with output size
 * (deconv_layer.cpp, compute_output_shape):
 *   out = stride*(in-1) + dilation*(kernel-1) + 1 - 2*pad
 * Symmetric pads, no output padding; weights [C_in, C_out/group, kh, kw] as in the core.
 */
import { convTransposeOutputSize, type ConvTransposeOptions } from '../shape';
import { checkArgs, one, perAxis, rankOf, resolve, type Resolved, type Translation } from './common';
import type { Argument, FrameworkSpec } from './framework';
import { axes, caveat, check, LAYOUT_NC, type CodeOptions } from './text';

/** Caffe's Deconvolution convolution_param fields (names as in caffe.proto). */
export interface CaffeArgs {
  kernel_size: number | number[];
  stride?: number | number[];
  pad?: number | number[];
  dilation?: number | number[];
  group?: number;
}

/** Caffe's ConvolutionParameter fields used by Deconvolution (caffe/src/caffe/proto/caffe.proto). */
export const CAFFE_ARGUMENTS: readonly Argument[] = [
  { name: 'kernel_size', type: 'ints', required: true, min: 1, doc: 'size of the kernel' },
  { name: 'stride', type: 'ints', required: false, min: 1, doc: 'step between stamps (default 1)' },
  { name: 'pad', type: 'ints', required: false, min: 0, doc: 'cropped from both ends (default 0)' },
  { name: 'dilation', type: 'ints', required: false, min: 1, doc: 'spacing between kernel taps (default 1)' },
  { name: 'group', type: 'int', required: false, min: 1, doc: 'channel groups (default 1)' },
];


/**
 * Caffe Deconvolution parameters for an input of spatial shape `inputShape` -> canonical form and output size:
 * pads [pad, pad], no output padding (deconv_layer.cpp's out = stride*(in-1) + dilation*(kernel-1) + 1 - 2*pad).
 *
 * Errors: TypeError `fromCaffe: unknown argument ..`, `.. must be given (a required argument)`,
 * `fromCaffe: inputShape=.. must be an array of spatial sizes`; RangeError for arguments that are not positive (pad: non-negative) integers,
 * and the errors of resolve.
 *
 * @example
 * import { fromCaffe } from 'deconv';
 * // FCN's x2 upsampling (kernel 4, stride 2, pad 1): 2*(3-1) + 4 - 2 = 6.
 * const r = fromCaffe({ kernel_size: 4, stride: 2, pad: 1 }, [3]);
 * console.log(r.options.pads, r.outputShape); // => [1,1] [6]
 */
export function fromCaffe(args: CaffeArgs, inputShape: readonly number[]): Resolved {
  const fn = 'fromCaffe';
  checkArgs(fn, args, CAFFE_ARGUMENTS);
  const rank = rankOf(fn, args.kernel_size, inputShape);
  const kernel = perAxis(fn, 'kernel_size', args.kernel_size, rank, 1, 1);
  const pad = perAxis(fn, 'pad', args.pad, rank, 0, 0);
  return resolve(fn, inputShape, kernel, {
    strides: perAxis(fn, 'stride', args.stride, rank, 1, 1),
    dilations: perAxis(fn, 'dilation', args.dilation, rank, 1, 1),
    pads: [...pad, ...pad],
    groups: args.group ?? 1,
  });
}

/**
 * Caffe parameters for a transposed convolution given in ONNX form: exact when the pads are
 * symmetric and there is no output padding; otherwise pad = the beginning pad, and the note
 * says how to crop or pad the result (Caffe's Crop layer).
 *
 * Errors: those of resolve, named `toCaffe: ...`.
 *
 * @example
 * import { toCaffe } from 'deconv';
 * // Output padding 1 has no Caffe equivalent: pad 1 gives 2*2 + 3 - 2 = 5 instead of 6.
 * const t = toCaffe({ strides: 2, pads: [1, 1], outputPadding: [1] }, [3], [3]);
 * console.log(t.args.pad, t.outputShape, t.exact); // => [1] [5] false
 */
export function toCaffe(options: ConvTransposeOptions, inputShape: readonly number[], kernel: readonly number[]): Translation<CaffeArgs> {
  const r = resolve('toCaffe', inputShape, kernel, options);
  const { strides, pads, dilations, groups, outputPadding } = r.options;
  const rank = kernel.length;
  // The beginning pad, unless cropping it from both ends would leave nothing (at least one row stays).
  const pad = pads.slice(0, rank).map((b, i) => Math.min(b, Math.floor((convTransposeOutputSize(inputShape[i], kernel[i], strides[i], dilations[i], 0, 0) - 1) / 2)));
  const args: CaffeArgs = { kernel_size: [...kernel], stride: strides, pad, dilation: dilations, group: groups };
  const outputShape = inputShape.map((n, i) => convTransposeOutputSize(n, kernel[i], strides[i], dilations[i], pad[i], pad[i]));
  // Caffe's output is the canvas from `pad` on: exact when that is the canonical beginning pad and the sizes agree.
  const exact = pad.every((p, i) => p === pads[i]) && outputShape.every((o, i) => o === r.outputShape[i]);
  return {
    args, exact, shift: pad.map((p, i) => p - pads[i]), outputShape,
    note: exact ? undefined
      : `Caffe pads symmetrically and has no output padding: with pad=[${pad.join(', ')}] it gives ${outputShape.join('x')} instead of ${r.outputShape.join('x')} ` +
        `(pads [${pads.join(', ')}], output padding [${outputPadding.join(', ')}]); the first ${r.outputShape.join('x')} values agree where they overlap: crop or zero-pad the end.`,
  };
}

/**
 * Caffe code: a Deconvolution layer in prototxt; per-axis values as repeated fields. Checked as text
 * against deconv_layer.cpp's formula (test/frameworks.test.ts).
 *
 * Errors: TypeError `caffeCode: translation=.. must be an object`, `caffeCode: options=.. must be an object`,
 * `caffeCode: unknown option "..."; known options are inputShape, inChannels, outChannels, x, w`,
 * `caffeCode: inputShape=.. must be an array of 1 to 3 spatial sizes`; RangeError for sizes, per-axis arguments or
 * channels that are not positive integers (`caffeCode: inChannels=c must be divisible by groups=g`), and for x/w
 * tensors of the wrong shape.
 *
 * @example
 * import { caffeCode, toCaffe } from 'deconv';
 * const code = caffeCode(toCaffe({ strides: 2, pads: [1, 1] }, [3], [4]), { inputShape: [3] });
 * // 2*(3-1) + 4 - 2 = 6.
 * console.log(code.split('\n')[0]); // => # x: 1x1x3 (N, C, L) -> y: 1x1x6
 */
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

/** Caffe in the registry. */
export const caffe: FrameworkSpec<CaffeArgs> = {
  id: 'caffe', label: 'Caffe', key: 'caffe', language: 'prototxt', ranks: [1, 2, 3],
  arguments: CAFFE_ARGUMENTS,
  fields: [{ name: 'pad', label: 'pad', kind: 'int', min: 0, max: 4, value: 0 }],
  args: (v, e) => ({ kernel_size: one(e.kernel), stride: one(e.strides), pad: Number(v.pad), dilation: one(e.dilations) }),
  from: fromCaffe,
  to: toCaffe,
  code: caffeCode,
  checked: 'text',
  checkedNote: 'not run (no Caffe here): its text is checked',
};
