/**
 * The one argument-checking module: what every tensor op does before computing. Check the
 * tensors and the options object, ask the shape module for the geometry, and check that the
 * result (and any buffer as large) fits the size limit, all before anything is allocated.
 * Shared by the ops, the gradients and the views, so that they all reject the same bad input
 * with the same message.
 *
 * Sizes: a tensor of more than MAX_ELEMENTS values is refused with a RangeError naming the
 * function, the shape, its element count and the limit, instead of JavaScript's own
 * "Invalid typed array length" (or an out-of-memory crash of the tab).
 *
 * Empty batches: as in PyTorch and ONNX Runtime, a batch of 0 images (x [0, C, ...]) gives an
 * empty output of the right shape (and zero weight and bias gradients). Every other size must
 * be at least 1 (PyTorch refuses zero output channels, zero spatial sizes and zero kernels too).
 */
import { checkKnownKeys, checkOptions, fail, show } from './errors';
import {
  CONV_OPTIONS, CONV_TRANSPOSE_OPTIONS, checkBias, checkShapeIs, convInfo, convTransposeInfo, convOutputShape, convTransposeOutputShape,
  shapeOption, type ConvInfo, type ConvOptions, type ConvTransposeOptions,
} from './shape';
import { checkTensor, sizeOf, type Tensor } from './tensor';

/**
 * The most values one tensor (or work buffer) of an op may hold: 2^28 = 268,435,456, i.e.
 * 2 GiB as float64 or 1 GiB as float32, above what a browser tab can be expected to hold.
 * Every op checks its output's size against it (from the shapes alone) before allocating, and
 * throws a RangeError naming the function, the shape, its count and this limit.
 *
 * @example
 * import { MAX_ELEMENTS, convTranspose, tensor } from 'deconv';
 * console.log(MAX_ELEMENTS === 2 ** 28, MAX_ELEMENTS); // => true 268435456
 * // By hand: 2 inputs, kernel 1, stride 2^28 give s(in-1) + 1 = 2^28 + 1 outputs: one too many.
 * try {
 *   convTranspose(tensor([1, 2], [1, 1, 2]), tensor([1], [1, 1, 1]), { strides: 2 ** 28 });
 * } catch (e) {
 *   console.log((e as Error).message); // => convTranspose: the output of shape [1, 1, 268435457] would hold 268435457 values, which must be <= 268435456 (MAX_ELEMENTS)
 * }
 */
export const MAX_ELEMENTS = 2 ** 28;

/** Throws unless a tensor of this shape holds at most MAX_ELEMENTS values; `name` says which tensor. */
export function checkElements(fn: string, name: string, shape: readonly number[]): void {
  const count = sizeOf(shape);
  if (count > MAX_ELEMENTS) {
    fail(fn, `${name} of shape ${show(shape)} would hold ${count} values, which must be <= ${MAX_ELEMENTS} (MAX_ELEMENTS)`);
  }
}

/**
 * Records of the shapes and options seen last, so that a figure redrawing the same small layer
 * does not redo the geometry (which costs more than an 8x8 layer's arithmetic). The key holds
 * the op, both shapes and every option but the bias (checked on every call), each value typed
 * (JSON), so that only arguments that passed every check before hit. Records are frozen.
 */
const records = new Map<string, ConvInfo>();
const RECORDS_KEPT = 64;

function recordKey(op: string, x: Tensor, w: Tensor, opts: object): string | null {
  let key = `${op}|${x.shape.join()}|${w.shape.join()}`;
  for (const name in opts) {
    if (!Object.prototype.hasOwnProperty.call(opts, name) || name === 'bias') continue;
    const part = valueKey((opts as Record<string, unknown>)[name]);
    if (part === null) return null;
    key += `|${name}=${part}`;
  }
  return key;
}

/** A typed text of an option's value: numbers as is, arrays of numbers as [a,b], anything else as JSON (null if it has none). */
function valueKey(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return `[${value.join()}]`;
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return null; // BigInt, cycles: never a valid option, so never cached
  }
}

/**
 * The arguments of the last call of each op whose record was remembered, kept as copies and
 * compared value by value: a repeated call (a figure's redraw, a training loop) finds its record
 * without building the key text above. Only numbers, strings, booleans and arrays of numbers are
 * kept; any other option value (or a different key order) falls back to the keyed lookup.
 */
interface LastCall {
  xShape: number[];
  wShape: number[];
  names: string[];
  values: unknown[];
  info: ConvInfo;
}
const lastCalls: { conv?: LastCall; convTranspose?: LastCall } = {};

function sameNumbers(a: readonly unknown[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether a kept option value equals the given one (arrays element by element: the caller may have mutated its array). */
function sameValue(value: unknown, kept: unknown): boolean {
  if (Array.isArray(kept)) return Array.isArray(value) && sameNumbers(value, kept as number[]);
  return value === kept;
}

function lastCallHit(last: LastCall | undefined, x: Tensor, w: Tensor, opts: object): ConvInfo | undefined {
  if (last === undefined || !sameNumbers(x.shape, last.xShape) || !sameNumbers(w.shape, last.wShape)) return undefined;
  let k = 0;
  for (const name in opts) {
    if (!Object.prototype.hasOwnProperty.call(opts, name) || name === 'bias') continue;
    if (last.names[k] !== name || !sameValue((opts as Record<string, unknown>)[name], last.values[k])) return undefined;
    k++;
  }
  return k === last.names.length ? last.info : undefined;
}

function keptValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.every((v) => typeof v === 'number') ? [...value] : undefined;
  return ['number', 'string', 'boolean', 'undefined'].includes(typeof value) ? value : undefined;
}

function lastCallOf(x: Tensor, w: Tensor, opts: object, info: ConvInfo): LastCall | undefined {
  const names: string[] = [];
  const values: unknown[] = [];
  for (const name in opts) {
    if (!Object.prototype.hasOwnProperty.call(opts, name) || name === 'bias') continue;
    const value = (opts as Record<string, unknown>)[name];
    const kept = keptValue(value);
    if (kept === undefined && value !== undefined) return undefined;
    names.push(name);
    values.push(kept);
  }
  return { xShape: [...x.shape], wShape: [...w.shape], names, values, info };
}

function remember(key: string | null, info: ConvInfo): ConvInfo {
  if (key === null) return info;
  if (records.size >= RECORDS_KEPT) records.clear();
  for (const value of Object.values(info)) if (Array.isArray(value)) Object.freeze(value);
  records.set(key, Object.freeze(info));
  return info;
}

/** Checks x, w and the options of a convolution; the record of y = conv(x, w). */
export function prepareConv(fn: string, x: Tensor, w: Tensor, options: ConvOptions | undefined): ConvInfo {
  checkTensor(fn, 'x', x, true);
  checkTensor(fn, 'w', w);
  const opts = checkOptions(fn, 'options', options);
  if (opts.bias !== undefined) checkTensor(fn, 'bias', opts.bias);
  const last = lastCallHit(lastCalls.conv, x, w, opts);
  if (last !== undefined) {
    checkBias(fn, opts.bias, last.outChannels);
    return last;
  }
  const key = recordKey('conv', x, w, opts);
  const known = key === null ? undefined : records.get(key);
  if (known !== undefined) {
    checkBias(fn, opts.bias, known.outChannels);
    lastCalls.conv = lastCallOf(x, w, opts, known);
    return known;
  }
  checkKnownKeys(fn, opts, CONV_OPTIONS);
  const info = convInfo(fn, x.shape, w.shape, opts);
  checkElements(fn, 'the output', convOutputShape(info));
  return remember(key, info);
}

/** Checks x, w and the options of a transposed convolution; the record (of the forward convolution). */
export function prepareConvTranspose(fn: string, x: Tensor, w: Tensor, options: ConvTransposeOptions | undefined): ConvInfo {
  checkTensor(fn, 'x', x, true);
  checkTensor(fn, 'w', w);
  const opts = checkOptions(fn, 'options', options);
  if (opts.bias !== undefined) checkTensor(fn, 'bias', opts.bias);
  const last = lastCallHit(lastCalls.convTranspose, x, w, opts);
  if (last !== undefined) {
    checkBias(fn, opts.bias, last.inChannels);
    return last;
  }
  const key = recordKey('convTranspose', x, w, opts);
  const known = key === null ? undefined : records.get(key);
  if (known !== undefined) {
    checkBias(fn, opts.bias, known.inChannels);
    lastCalls.convTranspose = lastCallOf(x, w, opts, known);
    return known;
  }
  checkKnownKeys(fn, opts, CONV_TRANSPOSE_OPTIONS);
  const info = convTransposeInfo(fn, x.shape, w.shape, opts);
  checkElements(fn, 'the output', convTransposeOutputShape(info));
  return remember(key, info);
}

/**
 * The options of a gradient: the op's options without bias (a bias changes no gradient but
 * dL/db, so the gradient functions refuse it) plus the named shape options; returns the
 * options object and the op's options alone.
 */
function gradientOptions(fn: string, options: object | undefined, known: readonly string[], extra: readonly string[]) {
  const opts = checkOptions(fn, 'options', options) as Record<string, unknown>;
  checkKnownKeys(fn, opts, [...known.filter((key) => key !== 'bias'), ...extra]);
  const rest: Record<string, unknown> = { ...opts };
  for (const key of extra) delete rest[key];
  return { opts, rest };
}

function groupsOf(fn: string, rest: Record<string, unknown>): number {
  const groups = rest.groups ?? 1;
  if (typeof groups !== 'number' || !Number.isInteger(groups) || groups < 1) fail(fn, `groups=${show(groups)} must be a positive integer`);
  return groups;
}

/** dL/dx of y = conv(x, w): checks dy, w and options (with inputShape); the record and x's full shape. */
export function prepareConvGradInput(fn: string, dy: Tensor, w: Tensor, options: object | undefined): { info: ConvInfo; xShape: number[] } {
  checkTensor(fn, 'dy', dy, true);
  checkTensor(fn, 'w', w);
  const { opts, rest } = gradientOptions(fn, options, CONV_OPTIONS, ['inputShape']);
  const xShape = shapeOption(fn, 'inputShape', opts.inputShape, [dy.shape[0], w.shape[1] * groupsOf(fn, rest)], w.shape.length - 2);
  const info = convInfo(fn, xShape, w.shape, rest as ConvOptions);
  checkShapeIs(fn, 'dy', dy.shape, convOutputShape(info));
  checkElements(fn, 'the input gradient', xShape);
  return { info, xShape };
}

/** dL/dw of y = conv(x, w): checks x, dy and options (with kernelShape); the record and w's full shape. */
export function prepareConvGradWeight(fn: string, x: Tensor, dy: Tensor, options: object | undefined): { info: ConvInfo; wShape: number[] } {
  checkTensor(fn, 'x', x, true);
  checkTensor(fn, 'dy', dy, true);
  const { opts, rest } = gradientOptions(fn, options, CONV_OPTIONS, ['kernelShape']);
  const groups = groupsOf(fn, rest);
  const wShape = shapeOption(fn, 'kernelShape', opts.kernelShape, [dy.shape[1], Math.floor(x.shape[1] / groups)], x.shape.length - 2);
  const info = convInfo(fn, x.shape, wShape, rest as ConvOptions);
  checkShapeIs(fn, 'dy', dy.shape, convOutputShape(info));
  checkElements(fn, 'the weight gradient', wShape);
  return { info, wShape };
}

/** dL/dx of y = convTranspose(x, w): checks dy, w and options (with inputShape); the record and x's full shape. */
export function prepareConvTransposeGradInput(fn: string, dy: Tensor, w: Tensor, options: object | undefined): { info: ConvInfo; xShape: number[] } {
  checkTensor(fn, 'dy', dy, true);
  checkTensor(fn, 'w', w);
  const { opts, rest } = gradientOptions(fn, options, CONV_TRANSPOSE_OPTIONS, ['inputShape']);
  const xShape = shapeOption(fn, 'inputShape', opts.inputShape, [dy.shape[0], w.shape[0]], w.shape.length - 2);
  const info = convTransposeInfo(fn, xShape, w.shape, rest as ConvTransposeOptions);
  checkShapeIs(fn, 'dy', dy.shape, convTransposeOutputShape(info));
  checkElements(fn, 'the input gradient', xShape);
  return { info, xShape };
}

/** dL/dw of y = convTranspose(x, w): checks x, dy and options (with kernelShape, optional inputShape); the record and w's full shape. */
export function prepareConvTransposeGradWeight(fn: string, x: Tensor, dy: Tensor, options: object | undefined): { info: ConvInfo; wShape: number[] } {
  checkTensor(fn, 'x', x, true);
  checkTensor(fn, 'dy', dy, true);
  const { opts, rest } = gradientOptions(fn, options, CONV_TRANSPOSE_OPTIONS, ['inputShape', 'kernelShape']);
  const groups = groupsOf(fn, rest);
  const wShape = shapeOption(fn, 'kernelShape', opts.kernelShape, [x.shape[1], Math.floor(dy.shape[1] / groups)], x.shape.length - 2);
  const info = convTransposeInfo(fn, x.shape, wShape, rest as ConvTransposeOptions);
  checkShapeIs(fn, 'dy', dy.shape, convTransposeOutputShape(info));
  checkElements(fn, 'the weight gradient', wShape);
  return { info, wShape };
}

/** The bias gradient's argument: dy [N, C, ...spatial] (N may be 0). */
export function prepareConvGradBias(fn: string, dy: Tensor): void {
  checkTensor(fn, 'dy', dy, true);
  if (dy.shape.length < 2) fail(fn, `dy rank (${dy.shape.length}) must be at least 2: [batch, channels, ...spatial]`);
}

/**
 * im2col's arguments: x [N, C, ...in], the kernel's spatial shape and conv options; the record
 * and the columns' shape [N, C*K, prod(out)] (checked against the size limit).
 */
export function prepareIm2col(fn: string, x: Tensor, kernelShape: readonly number[], options: ConvOptions | undefined) {
  checkTensor(fn, 'x', x, true);
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, CONV_OPTIONS);
  const groups = opts.groups ?? 1;
  const wShape = shapeOption(fn, 'kernelShape', kernelShape, [groups, Math.floor(x.shape[1] / groups)], x.shape.length - 2);
  const info = convInfo(fn, x.shape, wShape, { ...opts, bias: undefined });
  const colShape = [info.batch, info.inChannels * sizeOf(info.kernel), sizeOf(info.outShape)];
  checkElements(fn, 'the columns', colShape);
  return { info, colShape };
}

/** col2im's arguments: the columns, the image's full shape, the kernel's spatial shape and conv options; the record. */
export function prepareCol2im(fn: string, cols: Tensor, inputShape: readonly number[], kernelShape: readonly number[], options: ConvOptions | undefined): ConvInfo {
  checkTensor(fn, 'cols', cols, true);
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, CONV_OPTIONS);
  if (!Array.isArray(inputShape) || inputShape.length < 3) fail(fn, `inputShape=${show(inputShape)} must be [N, C, ...spatial]`);
  const groups = opts.groups ?? 1;
  const wShape = shapeOption(fn, 'kernelShape', kernelShape, [groups, Math.floor(inputShape[1] / groups)], inputShape.length - 2);
  const info = convInfo(fn, inputShape, wShape, { ...opts, bias: undefined });
  checkShapeIs(fn, 'cols', cols.shape, [info.batch, info.inChannels * sizeOf(info.kernel), sizeOf(info.outShape)]);
  checkElements(fn, 'the image', inputShape);
  return info;
}
