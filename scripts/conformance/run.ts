/**
 * Runs one golden case through the core and compares with the expected output:
 * a value passes if |got - y| <= atol + rtol * |y|. `attrs` are used as given (ONNX names
 * mapped to the core's camelCase options); `resolved` is never read.
 */
import {
  bilinearKernel, bilinearParameters, conv, convGradInput, convGradWeight, convTranspose, convTransposeGeometry, tensor,
  type ConvTransposeOptions, type DType, type Tensor,
} from '../../src/index';
import type { Array_, Case } from './format';

/** A transposed-convolution implementation under test (the public op or one of the views). */
export type ConvTransposeImpl = (x: Tensor, w: Tensor, options?: ConvTransposeOptions) => Tensor;

export interface Result {
  name: string;
  pass: boolean;
  /** Largest |got - y|, or Infinity on a shape mismatch. */
  maxError: number;
  message?: string;
}

/** ONNX attribute names -> the core's option names. */
export function optionsOf(attrs: Record<string, unknown>): ConvTransposeOptions & Record<string, unknown> {
  const names: Record<string, string> = {
    strides: 'strides', pads: 'pads', dilations: 'dilations', group: 'groups', output_padding: 'outputPadding',
    output_shape: 'outputShape', auto_pad: 'autoPad', kernel_shape: 'kernelShape',
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (!(key in names)) throw new Error(`unknown attribute "${key}"`);
    out[names[key]] = value;
  }
  return out;
}

function toTensor(a: Array_, dtype: DType): Tensor {
  return tensor(a.data, a.shape, dtype);
}

function compute(c: Case, dtype: DType, impl: ConvTransposeImpl): Tensor {
  if (c.op === 'bilinear_kernel') return bilinear(c.attrs, dtype);
  const attrs = optionsOf(c.attrs);
  const x = c.x && toTensor(c.x, dtype);
  const w = c.w && toTensor(c.w, dtype);
  const bias = c.b && toTensor(c.b, dtype);
  switch (c.op) {
    case 'conv_transpose':
      return impl(x!, w!, { ...attrs, ...(bias ? { bias } : {}) });
    case 'conv':
      return conv(x!, w!, { ...attrs, ...(bias ? { bias } : {}) });
    case 'conv_grad_input': {
      // dL/dx has the forward input's size, which the attrs fix (as for conv_transpose).
      const { outputPadding, outputShape, autoPad, ...convAttrs } = attrs;
      const geometry = convTransposeGeometry('conv_grad_input', x!.shape.slice(2), w!.shape.slice(2), { ...convAttrs, outputPadding, outputShape, autoPad });
      return convGradInput(x!, w!, { ...convAttrs, pads: [...geometry.padsBegin, ...geometry.padsEnd], autoPad: undefined, inputShape: geometry.inShape });
    }
    case 'conv_grad_weight': {
      const { kernelShape, ...convAttrs } = attrs;
      return convGradWeight(x!, toTensor(c.dy!, dtype), { ...convAttrs, kernelShape: kernelShape as number[] });
    }
  }
}

/** attrs {size, factor, center}: the kernel comes from size; factor and center must agree with ours. */
function bilinear(attrs: Record<string, unknown>, dtype: DType): Tensor {
  const size = attrs.size as number;
  const ours = bilinearParameters(size);
  for (const key of ['factor', 'center'] as const) {
    if (attrs[key] !== undefined && attrs[key] !== ours[key]) throw new Error(`${key}=${attrs[key]} but bilinearParameters gives ${ours[key]}`);
  }
  const k = bilinearKernel(size);
  return dtype === 'float64' ? k : tensor(k.data, k.shape, dtype);
}

/** Runs one case; never throws (an exception is a failed case with its message). */
export function runCase(c: Case, dtype: DType = 'float32', impl: ConvTransposeImpl = convTranspose): Result {
  let got: Tensor;
  try {
    got = compute(c, dtype, impl);
  } catch (e) {
    return { name: c.name, pass: false, maxError: Infinity, message: (e as Error).message };
  }
  const want = c.y;
  if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i])) {
    return { name: c.name, pass: false, maxError: Infinity, message: `shape [${got.shape}] but expected [${want.shape}]` };
  }
  let maxError = 0;
  let pass = true;
  want.data.forEach((y, i) => {
    const err = Math.abs(got.data[i] - y);
    if (!(err <= c.tol.atol + c.tol.rtol * Math.abs(y))) pass = false;
    maxError = Math.max(maxError, Number.isNaN(err) ? Infinity : err);
  });
  return { name: c.name, pass, maxError };
}
