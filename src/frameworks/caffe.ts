/**
 * Caffe: layer { type: "Deconvolution" convolution_param { num_output kernel_size stride
 * pad dilation group } }. Caffe runs it as the backward pass of a convolution
 * (DeconvolutionLayer::Forward_cpu calls backward_cpu_gemm), with output size
 * (deconv_layer.cpp, compute_output_shape):
 *   out = stride*(in-1) + dilation*(kernel-1) + 1 - 2*pad
 * Symmetric pads, no output padding; weights [C_in, C_out/group, kh, kw] as in the core.
 */
import type { ConvTransposeOptions } from '../shape';
import { checkArgs, perAxis, rankOf, resolve, type Resolved, type Translation } from './common';

export interface CaffeArgs {
  kernel_size: number | number[];
  stride?: number | number[];
  pad?: number | number[];
  dilation?: number | number[];
  group?: number;
}

const KNOWN = ['kernel_size', 'stride', 'pad', 'dilation', 'group'];

/** Caffe Deconvolution parameters for an input of spatial shape `inputShape` -> canonical form and output size. */
export function fromCaffe(args: CaffeArgs, inputShape: readonly number[]): Resolved {
  const fn = 'fromCaffe';
  checkArgs(fn, args, KNOWN);
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
 */
export function toCaffe(options: ConvTransposeOptions, inputShape: readonly number[], kernel: readonly number[]): Translation<CaffeArgs> {
  const r = resolve('toCaffe', inputShape, kernel, options);
  const { strides, pads, dilations, groups, outputPadding } = r.options;
  const rank = kernel.length;
  const pad = pads.slice(0, rank);
  const args: CaffeArgs = { kernel_size: [...kernel], stride: strides, pad, dilation: dilations, group: groups };
  const outputShape = inputShape.map((n, i) => strides[i] * (n - 1) + dilations[i] * (kernel[i] - 1) + 1 - 2 * pad[i]);
  const exact = outputShape.every((o, i) => o === r.outputShape[i]);
  return {
    args, exact, shift: new Array<number>(rank).fill(0), outputShape,
    note: exact ? undefined
      : `Caffe pads symmetrically and has no output padding: with pad=[${pad.join(', ')}] it gives ${outputShape.join('x')} instead of ${r.outputShape.join('x')} ` +
        `(pads [${pads.join(', ')}], output padding [${outputPadding.join(', ')}]); the first ${r.outputShape.join('x')} values agree where they overlap: crop or zero-pad the end.`,
  };
}
