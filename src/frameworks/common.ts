/**
 * What every framework adapter shares: the canonical form of a transposed convolution
 * (ONNX's explicit attributes), resolving any options to it through the shape module, and
 * the record an adapter returns when it translates the canonical form into a framework's
 * arguments.
 */
import { checkIntegers, checkOptions, checkSpeaker, fail, show } from '../errors';
import { convTransposeGeometry, type ConvTransposeOptions, type Geometry } from '../shape';

/** One of the framework's own arguments, as its documentation describes it. */
export interface Argument {
  /** The name in the framework's API (e.g. `output_padding`). */
  name: string;
  /** int: one integer; ints: an int for every axis or one per axis; choice: one of `choices`; pairs: [begin, end] per axis. */
  type: 'int' | 'ints' | 'ints or choice' | 'choice' | 'pairs';
  required: boolean;
  /** Smallest value of each integer (0 for paddings, 1 for sizes). */
  min?: number;
  /** The rule on the largest value, in words (e.g. `< max(stride, dilation)`). */
  max?: string;
  choices?: readonly string[];
  /** What it does, in a few words. */
  doc: string;
}

/** A fully resolved transposed convolution: explicit pads and output padding (ONNX attributes, camelCase). */
export interface Canonical {
  strides: number[];
  /** ONNX order [begins..., ends...]. */
  pads: number[];
  dilations: number[];
  groups: number;
  outputPadding: number[];
}

/** What `from<Framework>` returns: the canonical options and the output size the framework produces. */
export interface Resolved {
  options: Canonical;
  /** Spatial output shape. */
  outputShape: number[];
  /** Spatial kernel shape. */
  kernel: number[];
  /** Spatial input shape. */
  inputShape: number[];
  /** Where the framework itself may refuse or differ (e.g. TensorFlow's CPU kernels and dilation). */
  warnings: string[];
}

/** What `to<Framework>` returns. */
export interface Translation<Args> {
  /** The framework's arguments, in its own names. */
  args: Args;
  /** True when these arguments give exactly the same numbers as the canonical form. */
  exact: boolean;
  /**
   * Per spatial axis, how far the framework's output is shifted against the canonical one:
   * framework[i] = canonical[i + shift]. Zero when exact.
   */
  shift: number[];
  /** Spatial output shape the framework produces with `args`. */
  outputShape: number[];
  /** Why it is not exact, and what to do instead (e.g. crop). */
  note?: string;
}

/**
 * Any ONNX-style options -> canonical, with the output size; throws like convTranspose would.
 * The pads and sizes come from the shape module (convTransposeGeometry: ONNX ConvTranspose's
 * rules, https://onnx.ai/onnx/operators/onnx__ConvTranspose.html); `fn` names the caller in errors.
 *
 * Errors: `fn: kernel=.. must be an array of spatial kernel sizes` (TypeError), `fn: inputShape=..`/`kernel=..`
 * must be positive integers, and every error of convTransposeGeometry named `fn: ...` (options the core refuses).
 *
 * @example
 * import { resolve } from 'deconv';
 * // SAME_UPPER, in 3, k 3, s 2: out = 3*2 = 6; total pad 2*2 + 3 - 6 = 1, the odd one at the end.
 * const r = resolve('demo', [3], [3], { strides: 2, autoPad: 'SAME_UPPER' });
 * console.log(r.options.pads, r.options.outputPadding, r.outputShape); // => [0,1] [0] [6]
 */
export function resolve(fn: string, inputShape: readonly number[], kernel: readonly number[], options: ConvTransposeOptions = {}): Resolved {
  checkSpeaker('resolve', fn);
  checkOptions(fn, 'options', options);
  if (!Array.isArray(kernel)) fail(fn, `kernel=${show(kernel)} must be an array of spatial kernel sizes`, TypeError);
  const rank = kernel.length;
  const input = checkIntegers(fn, 'inputShape', inputShape, rank, 1, 1);
  const k = checkIntegers(fn, 'kernel', kernel, rank, 1, 1);
  const geometry = convTransposeGeometry(fn, input, k, options);
  return fromGeometry(geometry, options.groups ?? 1);
}

export function fromGeometry(g: Geometry, groups: number): Resolved {
  return {
    options: {
      strides: g.strides,
      pads: [...g.padsBegin, ...g.padsEnd],
      dilations: g.dilations,
      groups,
      outputPadding: g.outputPadding,
    },
    outputShape: g.inShape,
    kernel: g.kernel,
    inputShape: g.outShape,
    warnings: [],
  };
}

/** A per-axis argument: an int for every axis or a tuple, as Python frameworks accept. */
export function perAxis(fn: string, name: string, value: unknown, rank: number, min: number, fallback: number): number[] {
  return checkIntegers(fn, name, value, rank, min, fallback);
}

/** Throws unless `args` is an object whose keys are all declared arguments, with every required one given. */
export function checkArgs<T extends object>(fn: string, args: T, declared: readonly Argument[]): T {
  const a = checkOptions(fn, 'args', args);
  const known = declared.map((d) => d.name);
  for (const key of Object.keys(a)) {
    if (!known.includes(key)) fail(fn, `unknown argument ${show(key)}; known: ${known.join(', ')}`, TypeError);
  }
  const given = new Map(Object.entries(a));
  for (const d of declared) {
    if (d.required && given.get(d.name) === undefined) fail(fn, `${d.name}=undefined must be given (a required argument)`, TypeError);
  }
  return a;
}

/** The spatial rank implied by a kernel size argument and the input shape. */
export function rankOf(fn: string, kernelSize: unknown, inputShape: unknown): number {
  if (!Array.isArray(inputShape) || inputShape.length === 0) {
    fail(fn, `inputShape=${show(inputShape)} must be an array of spatial sizes`, TypeError);
  }
  if (Array.isArray(kernelSize) && kernelSize.length !== inputShape.length) {
    fail(fn, `kernel size ${show(kernelSize)} must have ${inputShape.length} entries, like inputShape`);
  }
  return inputShape.length;
}

/** Ints as Python would print a tuple argument: 2 when all equal, else (2, 3). */
export function pyTuple(values: readonly number[]): string {
  if (values.every((v) => v === values[0])) return String(values[0]);
  return `(${values.join(', ')}${values.length === 1 ? ',' : ''})`;
}

export function equal(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** One number when every axis has the same value (as the frameworks accept), else the per-axis list. */
export function one(values: readonly number[]): number | number[] {
  return values.every((v) => v === values[0]) ? values[0] : [...values];
}
