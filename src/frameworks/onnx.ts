/**
 * ONNX ConvTranspose (opset 11+): the core's own convention, so the adapter only renames.
 * Attributes: auto_pad, dilations, group, kernel_shape, output_padding, output_shape, pads,
 * strides (onnx/docs/Operators.md#ConvTranspose). output_shape overrides pads; the total
 * padding s(in-1) + output_padding + d(k-1)+1 - output_shape is split with the odd extra at
 * the end for SAME_UPPER and at the beginning otherwise.
 */
import type { AutoPad, ConvTransposeOptions } from '../shape';
import { checkArgs, resolve, type Resolved, type Translation } from './common';

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

const KNOWN = ['kernel_shape', 'strides', 'pads', 'dilations', 'group', 'output_padding', 'output_shape', 'auto_pad'];

/** ONNX attributes -> the core's options (a renaming). */
export function onnxOptions(attrs: OnnxAttrs): ConvTransposeOptions {
  checkArgs('onnxOptions', attrs, KNOWN);
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

/** ONNX attributes for an input of spatial shape `inputShape` and a kernel -> canonical form and output size. */
export function fromOnnx(attrs: OnnxAttrs, inputShape: readonly number[], kernel: readonly number[]): Resolved {
  return resolve('fromOnnx', inputShape, kernel, onnxOptions(attrs));
}

/** Explicit ONNX attributes (always exact). */
export function toOnnx(options: ConvTransposeOptions, inputShape: readonly number[], kernel: readonly number[]): Translation<OnnxAttrs> {
  const r = resolve('toOnnx', inputShape, kernel, options);
  const { strides, pads, dilations, groups, outputPadding } = r.options;
  return {
    args: { kernel_shape: [...kernel], strides, pads, dilations, group: groups, output_padding: outputPadding },
    exact: true, shift: new Array<number>(kernel.length).fill(0), outputShape: r.outputShape,
  };
}
