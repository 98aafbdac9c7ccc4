/**
 * PyTorch: torch.nn.ConvTranspose{1,2,3}d(in, out, kernel_size, stride=1, padding=0,
 * output_padding=0, groups=1, bias=True, dilation=1) and forward(x, output_size=None).
 *
 *   out = (in-1)*stride - 2*padding + dilation*(kernel_size-1) + output_padding + 1
 *
 * (torch.nn.ConvTranspose2d docs.) padding crops the same amount from both ends; the output
 * padding adds rows at the end, and must be < max(stride, dilation). output_size picks
 * output_padding = output_size - min_size, with min_size the size at output_padding 0 and
 * output_size <= min_size + stride - 1 (torch/nn/modules/conv.py, _output_padding).
 * Weight layout [in, out/groups, *kernel_size], as in the core.
 */
import { fail } from '../errors';
import { convTransposeOutputSize } from '../shape';
import type { ConvTransposeOptions } from '../shape';
import { checkArgs, one, perAxis, pyTuple, rankOf, resolve, type Resolved, type Translation } from './common';
import type { Argument, FrameworkSpec } from './framework';
import { axes, callText, caveat, check, comment, DIMS, exampleData, LAYOUT_NC, list, pyShape, type CodeOptions } from './text';

/** torch.nn.ConvTranspose{1,2,3}d's shape arguments, and forward's output_size (names as in PyTorch). */
export interface TorchArgs {
  kernel_size: number | number[];
  stride?: number | number[];
  padding?: number | number[];
  output_padding?: number | number[];
  dilation?: number | number[];
  groups?: number;
  /** forward(x, output_size): spatial sizes (or the full [N, C, ...]). */
  output_size?: number[];
}

/** torch.nn.ConvTranspose2d's arguments (docs.pytorch.org/docs/stable/generated/torch.nn.ConvTranspose2d.html). */
export const TORCH_ARGUMENTS: readonly Argument[] = [
  { name: 'kernel_size', type: 'ints', required: true, min: 1, doc: 'size of the kernel' },
  { name: 'stride', type: 'ints', required: false, min: 1, doc: 'step between stamps (default 1)' },
  { name: 'padding', type: 'ints', required: false, min: 0, doc: 'cropped from both ends of every axis (default 0)' },
  { name: 'output_padding', type: 'ints', required: false, min: 0, max: '< max(stride, dilation)', doc: 'rows added at the end (default 0)' },
  { name: 'dilation', type: 'ints', required: false, min: 1, doc: 'spacing between kernel taps (default 1)' },
  { name: 'groups', type: 'int', required: false, min: 1, doc: 'channel groups (default 1)' },
  { name: 'output_size', type: 'ints', required: false, min: 1, max: '< min size + stride', doc: "forward(x, output_size): picks output_padding" },
];


/**
 * PyTorch arguments for an input of spatial shape `inputShape` -> canonical form and output size:
 * pads [padding, padding], outputPadding = output_padding, or output_size - min_size when output_size
 * is given (the formula and rules in this file's comment, from the ConvTranspose2d docs and
 * torch/nn/modules/conv.py).
 *
 * Errors: TypeError `fromTorch: unknown argument "..."; known: ..`,
 * `fromTorch: kernel_size=undefined must be given (a required argument)`; RangeError `fromTorch: padding="same": ConvTranspose accepts only ints ..`,
 * `fromTorch: output_size[i]=o must be between min and max (PyTorch's valid sizes for an input of n)`,
 * arguments that are not positive (or, for paddings, non-negative) integers, and the errors of resolve.
 *
 * @example
 * import { fromTorch } from 'deconv';
 * // ConvTranspose1d(1, 1, 3, stride=2, padding=1, output_padding=1) on length 3: (3-1)*2 - 2 + 2 + 1 + 1 = 6.
 * const r = fromTorch({ kernel_size: 3, stride: 2, padding: 1, output_padding: 1 }, [3]);
 * console.log(r.options.pads, r.options.outputPadding, r.outputShape); // => [1,1] [1] [6]
 * // forward(x, output_size=[6]) means the same: min size (3-1)*2 - 2 + 2 + 1 = 5, so output_padding 1.
 * console.log(fromTorch({ kernel_size: 3, stride: 2, padding: 1, output_size: [6] }, [3]).options.outputPadding); // => [1]
 * try {
 *   fromTorch({ kernel_size: 3, stride: 2, padding: 1, output_size: [8] }, [3]);
 * } catch (e) {
 *   // Valid sizes are min .. min + stride - 1 = 5 .. 6.
 *   console.log((e as Error).message); // => fromTorch: output_size[0]=8 must be between 5 and 6 (PyTorch's valid sizes for an input of 3)
 * }
 */
export function fromTorch(args: TorchArgs, inputShape: readonly number[]): Resolved {
  const fn = 'fromTorch';
  checkArgs(fn, args, TORCH_ARGUMENTS);
  if (typeof args.padding === 'string') fail(fn, `padding=${JSON.stringify(args.padding)}: ConvTranspose accepts only ints (PyTorch has no 'same' for transposed convolutions)`);
  const rank = rankOf(fn, args.kernel_size, inputShape);
  const kernel = perAxis(fn, 'kernel_size', args.kernel_size, rank, 1, 1);
  const stride = perAxis(fn, 'stride', args.stride, rank, 1, 1);
  const padding = perAxis(fn, 'padding', args.padding, rank, 0, 0);
  const dilation = perAxis(fn, 'dilation', args.dilation, rank, 1, 1);
  let outputPadding = perAxis(fn, 'output_padding', args.output_padding, rank, 0, 0);
  if (args.output_size !== undefined) {
    const given = args.output_size.length === rank + 2 ? args.output_size.slice(2) : args.output_size;
    const size = perAxis(fn, 'output_size', given, rank, 1, 1);
    outputPadding = size.map((o, i) => {
      const min = convTransposeOutputSize(inputShape[i], kernel[i], stride[i], dilation[i], padding[i], padding[i], 0);
      const max = min + stride[i] - 1;
      if (o < min || o > max) fail(fn, `output_size[${i}]=${o} must be between ${min} and ${max} (PyTorch's valid sizes for an input of ${inputShape[i]})`);
      return o - min;
    });
  }
  const options: ConvTransposeOptions = {
    strides: stride, dilations: dilation, groups: args.groups ?? 1, outputPadding, pads: [...padding, ...padding],
  };
  return resolve(fn, inputShape, kernel, options);
}

/**
 * The closest PyTorch arguments for a transposed convolution given in ONNX form. PyTorch
 * crops `padding` from both ends and then adds `output_padding` at the end, so it reaches
 * begin/end crops (padBegin, padEnd) exactly when padding = padBegin and
 * output_padding = outputPadding + padBegin - padEnd lies in [0, max(stride, dilation)).
 * Otherwise (TensorFlow's SAME with an odd total padding is the classic case) it keeps the
 * output size with padding = ceil(total/2) and the output comes out shifted; `note` gives
 * the exact alternative: padding=0, then crop.
 *
 * Errors: those of resolve, named `toTorch: ...` (the canonical options are validated, never the result).
 *
 * @example
 * import { toTorch } from 'deconv';
 * // Begin 1, end 1, output padding 1: padding=1, output_padding = 1 + 1 - 1 = 1, exact.
 * const t = toTorch({ strides: 2, pads: [1, 1], outputPadding: [1] }, [3], [3]);
 * console.log(t.args.padding, t.args.output_padding, t.exact); // => [1] [1] true
 * // TensorFlow's SAME on 6 (pads [0, 1]) needs output_padding 0 + 0 - 1 = -1: not expressible. PyTorch's
 * // padding=1, output_padding=1 keeps the size 6 but starts one sample later (shift 1 = padding - begin).
 * const s = toTorch({ strides: 2, pads: [0, 1] }, [3], [3]);
 * console.log(s.exact, s.shift, s.outputShape); // => false [1] [6]
 */
export function toTorch(options: ConvTransposeOptions, inputShape: readonly number[], kernel: readonly number[]): Translation<TorchArgs> {
  const r = resolve('toTorch', inputShape, kernel, options);
  const { strides, dilations, pads, outputPadding, groups } = r.options;
  const rank = kernel.length;
  const padding: number[] = [];
  const op: number[] = [];
  const shift: number[] = [];
  for (let i = 0; i < rank; i++) {
    const [begin, end] = [pads[i], pads[i + rank]];
    const limit = Math.max(strides[i], dilations[i]);
    const exactOp = outputPadding[i] + begin - end;
    if (exactOp >= 0 && exactOp < limit) {
      padding.push(begin);
      op.push(exactOp);
      shift.push(0);
      continue;
    }
    // Same output size, symmetric crop: 2p - op' = begin + end - outputPadding.
    const crop = begin + end - outputPadding[i];
    let p = Math.ceil(crop / 2);
    let o = 2 * p - crop;
    if (o >= limit || p < 0) {
      p = Math.max(0, Math.floor(crop / 2));
      o = 0;
    }
    padding.push(p);
    op.push(o);
    shift.push(p - begin);
  }
  const args: TorchArgs = { kernel_size: [...kernel], stride: strides, padding, output_padding: op, dilation: dilations, groups };
  const outputShape = inputShape.map((n, i) => convTransposeOutputSize(n, kernel[i], strides[i], dilations[i], padding[i], padding[i], op[i]));
  const exact = shift.every((s) => s === 0) && outputShape.every((o, i) => o === r.outputShape[i]);
  const crops = r.outputShape.map((o, i) => `${pads[i]}:${pads[i] + o}`).join(', ');
  return {
    args, exact, shift, outputShape,
    note: exact ? undefined
      : `PyTorch crops padding equally at both ends, so pads [${pads.join(', ')}] with output padding [${outputPadding.join(', ')}] cannot be expressed; ` +
        `these arguments give ${outputShape.join('x')} shifted by [${shift.join(', ')}]. Exact: padding=0, output_padding=[${outputPadding.join(', ')}], then y[..., ${crops}].`,
  };
}

/**
 * PyTorch code: torch.nn.ConvTranspose{r}d with the translation's arguments (weights
 * [in, out/groups, *k]), `output_size` when the arguments give one, run on the example's x and
 * w, asserting the output the core computes for what these arguments mean (fromTorch).
 * The tests run it in PyTorch (test/frameworkSweep.test.ts).
 *
 * Errors: TypeError `torchCode: translation=.. must be an object`, `torchCode: options=.. must be an object`,
 * `torchCode: unknown option "..."; known options are inputShape, inChannels, outChannels, x, w`,
 * `torchCode: inputShape=.. must be an array of 1 to 3 spatial sizes`; RangeError for sizes, per-axis arguments or
 * channels that are not positive integers (`torchCode: inChannels=c must be divisible by groups=g`), and for x/w
 * tensors of the wrong shape. Also the errors of fromTorch for the translation's arguments.
 *
 * @example
 * import { toTorch, torchCode } from 'deconv';
 * const code = torchCode(toTorch({ strides: 2, pads: [1, 1], outputPadding: [1] }, [3], [3]), { inputShape: [3] });
 * const line = (start: string) => code.split('\n').find((l) => l.startsWith(start));
 * console.log(line('x =')); // => x = torch.tensor([-1.0, 0.6, 0.1]).reshape(1, 1, 3)
 * console.log(line('w =')); // => w = torch.tensor([-0.9, 0.6, 0.2]).reshape(1, 1, 3)
 * // By hand: sum of x[i] * w stamped at 2i gives [0.9, -0.6, -0.74, 0.36, 0.03, 0.06, 0.02];
 * // padding 1 crops the first value, output_padding 1 keeps the last: 6 values.
 * console.log(line('expected =')); // => expected = torch.tensor([-0.6, -0.74, 0.36, 0.03, 0.06, 0.02]).reshape(1, 1, 6)
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
  const meant = fromTorch(a, c.input);
  const data = exampleData(fn, c, k, meant.options, options, { open: 'torch.tensor(', close: ')' });
  const shifted = t.shift.some((v) => v !== 0)
    ? comment('# ', `y[..., i] = the wanted output[..., i + shift], shift = [${t.shift.join(', ')}], where both exist.`) : [];
  return [
    'import torch',
    '',
    ...caveat('# ', t),
    `# x: (N, C_in, ${LAYOUT_NC[c.rank]}); weight: (C_in, C_out / groups, *kernel_size)`,
    callText(`layer = torch.nn.ConvTranspose${DIMS[c.rank]}`, args),
    ...data.inputs,
    'with torch.no_grad():',
    '    layer.weight.copy_(w)',
    `    y = layer(x${size})`,
    'print(y)',
    '# What deconv computes for these arguments:',
    ...shifted,
    ...data.expected,
    ...(data.full
      ? ['assert torch.allclose(y, expected, atol=1e-4)']
      : ['assert abs(float(y.sum()) - expected_sum) < 1e-3 + 1e-5 * y.numel()',
        'assert torch.allclose(y.flatten()[:6], torch.tensor(expected_head), atol=1e-4)']),
    `assert y.shape == ${pyShape([1, c.cout, ...c.output])}`,
  ].join('\n');
}

/** PyTorch in the registry. */
export const torch: FrameworkSpec<TorchArgs> = {
  id: 'torch', label: 'PyTorch', key: 'torch', language: 'Python', ranks: [1, 2, 3],
  arguments: TORCH_ARGUMENTS,
  fields: [
    { name: 'padding', label: 'padding', kind: 'int', min: 0, max: 4, value: 1 },
    { name: 'size', label: 'size set by', kind: 'choice', value: 'output_padding',
      options: [{ value: 'output_padding', label: 'output_padding' }, { value: 'output_size', label: 'forward(x, output_size)' }] },
    { name: 'op', label: 'output_padding', kind: 'int', min: 0, max: 3, value: 1, shown: (v) => v.size !== 'output_size' },
    { name: 'out', label: 'output_size', kind: 'int', min: 1, max: 40, value: 4, shown: (v) => v.size === 'output_size' },
  ],
  sizeField: (v) => (v.size === 'output_size' ? 'out' : null),
  args: (v, e, out) => ({
    kernel_size: one(e.kernel), stride: one(e.strides), padding: Number(v.padding), dilation: one(e.dilations),
    ...(v.size === 'output_size' ? { output_size: out } : { output_padding: Number(v.op) }),
  }),
  from: fromTorch,
  to: toTorch,
  code: torchCode,
  checked: 'executed',
  checkedNote: 'run in PyTorch 1.13 by the tests',
};
