/**
 * A small tensor: a shape and a row-major typed array. Float32Array (what frameworks use)
 * and Float64Array (exact sums for teaching) are both supported; every op returns the
 * dtype of its first input.
 */
import { fail, show } from './errors';

export type DType = 'float32' | 'float64';
export type TypedData = Float32Array | Float64Array;

export interface Tensor {
  readonly shape: readonly number[];
  readonly data: TypedData;
}

/** Nested arrays of numbers, e.g. [[1, 2], [3, 4]]. */
export type Nested = number | readonly Nested[];

/** Product of the entries of a shape. */
export function sizeOf(shape: readonly number[]): number {
  checkNumbers('sizeOf', shape);
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Throws unless `shape` is an array of numbers (sizeOf and stridesOf read any numbers: they also serve computed shapes). */
function checkNumbers(fn: string, shape: unknown): void {
  if (!Array.isArray(shape)) fail(fn, `shape=${show(shape)} must be an array of numbers`, TypeError);
  for (let i = 0; i < shape.length; i++) {
    if (typeof shape[i] !== 'number') fail(fn, `shape[${i}]=${show(shape[i])} must be a number`, TypeError);
  }
}

/** Row-major strides: stridesOf([2, 3, 4]) = [12, 4, 1]. */
export function stridesOf(shape: readonly number[]): number[] {
  checkNumbers('stridesOf', shape);
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function dtypeOf(data: TypedData): DType {
  return data instanceof Float32Array ? 'float32' : 'float64';
}

/** A zero-filled typed array of the given dtype. */
export function allocate(dtype: DType, length: number): TypedData {
  if (dtype !== 'float32' && dtype !== 'float64') fail('allocate', `dtype=${show(dtype)} must be "float32" or "float64"`, TypeError);
  if (typeof length !== 'number') fail('allocate', `length=${show(length)} must be a number`, TypeError);
  if (!Number.isInteger(length) || length < 0 || length > MAX_INDEXED) {
    fail('allocate', `length=${show(length)} must be an integer from 0 to ${MAX_INDEXED} (MAX_ELEMENTS)`);
  }
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

function checkShape(fn: string, name: string, shape: unknown, emptyBatch = false): readonly number[] {
  if (!Array.isArray(shape)) fail(fn, `${name}.shape=${show(shape)} must be an array of positive integers`, TypeError);
  shape.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) {
      if (emptyBatch && i === 0 && d === 0) return;
      fail(fn, `${name}.shape[${i}]=${show(d)} must be a positive integer${emptyBatch && i === 0 ? ' or 0 (an empty batch)' : ''}`);
    }
  });
  return shape;
}

/**
 * Throws unless `t` is a tensor: a shape of positive integers and a Float32Array or
 * Float64Array whose length is the product of the shape. With `emptyBatch`, shape[0] may be
 * 0 (a batch of no images, which the convolution ops accept as PyTorch and ONNX do).
 */
export function checkTensor(fn: string, name: string, t: unknown, emptyBatch = false): Tensor {
  if (typeof fn !== 'string' || typeof name !== 'string') {
    fail('checkTensor', `fn=${show(fn)} and name=${show(name)} must be strings (the caller's name and the tensor's)`, TypeError);
  }
  if (t === null || typeof t !== 'object') fail(fn, `${name}=${show(t)} must be a tensor {shape, data}`, TypeError);
  const { shape, data } = t as Tensor;
  checkShape(fn, name, shape, emptyBatch);
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    fail(fn, `${name}.data=${show(data)} must be a Float32Array or Float64Array`, TypeError);
  }
  const n = sizeOf(shape);
  if (data.length !== n) fail(fn, `${name}.data.length=${data.length} must equal the size of shape ${show(shape)}=${n}`);
  return t as Tensor;
}

function inferShape(fn: string, values: Nested): number[] {
  const shape: number[] = [];
  let v: Nested = values;
  while (Array.isArray(v)) {
    if (v.length === 0) fail(fn, 'values must not contain empty arrays');
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

function flatten(fn: string, values: Nested, shape: number[], depth: number, out: number[]): void {
  if (depth === shape.length) {
    if (typeof values !== 'number') fail(fn, `values must be nested arrays of numbers, found ${show(values)}`, TypeError);
    out.push(values);
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[depth]) {
    fail(fn, `values must be a regular nested array of shape ${show(shape)} (ragged at depth ${depth})`);
  }
  for (const v of values as readonly Nested[]) flatten(fn, v, shape, depth + 1, out);
}

/**
 * Builds a tensor from nested arrays (shape inferred) or from flat values and a shape.
 *   tensor([[1, 2], [3, 4]])                 // shape [2, 2], float64
 *   tensor([1, 2, 3, 4], [1, 1, 2, 2])       // shape given
 *   tensor(new Float32Array(16), [1, 1, 4, 4]) // keeps the typed array (no copy)
 */
export function tensor(values: Nested | ArrayLike<number>, shape?: readonly number[], dtype?: DType): Tensor {
  const fn = 'tensor';
  if (dtype !== undefined && dtype !== 'float32' && dtype !== 'float64') {
    fail(fn, `dtype=${show(dtype)} must be "float32" or "float64"`, TypeError);
  }
  if (values instanceof Float32Array || values instanceof Float64Array) {
    const s = shape === undefined ? [values.length] : [...checkShape(fn, 'tensor', shape)];
    const data = dtype === undefined || dtype === dtypeOf(values) ? values : allocate(dtype, values.length);
    if (data !== values) data.set(values);
    return checkTensor(fn, 'values', { shape: s, data });
  }
  if (typeof values === 'number' || Array.isArray(values)) {
    const nested = values as Nested;
    const inferred = inferShape(fn, nested);
    const flat: number[] = [];
    flatten(fn, nested, inferred, 0, flat);
    const s = shape === undefined ? inferred : [...checkShape(fn, 'tensor', shape)];
    if (sizeOf(s) !== flat.length) fail(fn, `shape=${show(s)} holds ${sizeOf(s)} values but ${flat.length} were given`);
    const data = allocate(dtype ?? 'float64', flat.length);
    data.set(flat);
    return { shape: s, data };
  }
  if (values !== null && typeof values === 'object' && typeof (values as ArrayLike<number>).length === 'number') {
    return tensor(Array.from(values as ArrayLike<number>), shape ?? [(values as ArrayLike<number>).length], dtype);
  }
  return fail(fn, `values=${show(values)} must be numbers, nested arrays or a typed array`, TypeError);
}

/** A zero tensor. */
export function zeros(shape: readonly number[], dtype: DType = 'float64'): Tensor {
  checkShape('zeros', 'zeros', shape);
  if (dtype !== 'float32' && dtype !== 'float64') fail('zeros', `dtype=${show(dtype)} must be "float32" or "float64"`, TypeError);
  const n = sizeOf(shape);
  if (n > MAX_INDEXED) fail('zeros', `shape=${show(shape)} would hold ${n} values, which must be <= ${MAX_INDEXED} (MAX_ELEMENTS)`);
  return { shape: [...shape], data: allocate(dtype, sizeOf(shape)) };
}

/** A tensor with the same data and another shape of the same size. */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  checkTensor('reshape', 't', t);
  checkShape('reshape', 'shape', shape);
  if (sizeOf(shape) !== t.data.length) {
    fail('reshape', `shape=${show(shape)} must have the same size as ${show(t.shape)} (${t.data.length})`);
  }
  return { shape: [...shape], data: t.data };
}

/** Nested arrays of a tensor's values (a number for a 0-d view). */
export function toArray(t: Tensor): Nested {
  checkTensor('toArray', 't', t);
  const build = (depth: number, offset: number, stride: number): Nested => {
    if (depth === t.shape.length) return t.data[offset];
    const inner = stride / t.shape[depth];
    return Array.from({ length: t.shape[depth] }, (_, i) => build(depth + 1, offset + i * inner, inner));
  };
  return build(0, 0, t.data.length);
}

/** The largest |a_i - b_i| (Infinity if the shapes differ). */
export function maxAbsDiff(a: Tensor, b: Tensor): number {
  checkTensor('maxAbsDiff', 'a', a);
  checkTensor('maxAbsDiff', 'b', b);
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) return Infinity;
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
}

/** Sum of a_i * b_i over two tensors of the same size (the inner product <a, b>). */
export function dot(a: Tensor, b: Tensor): number {
  checkTensor('dot', 'a', a);
  checkTensor('dot', 'b', b);
  if (a.data.length !== b.data.length) fail('dot', `b has ${b.data.length} values but a has ${a.data.length}`);
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i] * b.data[i];
  return s;
}

/**
 * The most values a tensor may hold, MAX_ELEMENTS of checks.ts (2^28), repeated here because
 * checks.ts builds on this file.
 */
const MAX_INDEXED = 2 ** 28;

/** Checks a shape to iterate over (entries >= 0: an empty shape has no indices); its size. */
function checkIndexed(fn: string, shape: unknown): number {
  if (!Array.isArray(shape)) fail(fn, `shape=${show(shape)} must be an array of non-negative integers`, TypeError);
  shape.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) fail(fn, `shape[${i}]=${show(d)} must be a non-negative integer`);
  });
  const n = sizeOf(shape);
  if (n > MAX_INDEXED) fail(fn, `shape=${show(shape)} has ${n} indices, which must be <= ${MAX_INDEXED} (MAX_ELEMENTS)`);
  return n;
}

/**
 * Calls `fn(index, flat)` for every multi-index of `shape` in row-major order.
 * `index` is one array, updated in place: copy it if you keep it.
 */
export function forEachIndex(shape: readonly number[], fn: (index: number[], flat: number) => void): void {
  const n = checkIndexed('forEachIndex', shape);
  if (typeof fn !== 'function') fail('forEachIndex', `fn=${show(fn)} must be a function`, TypeError);
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    fn(index, flat);
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++index[a] < shape[a]) break;
      index[a] = 0;
    }
  }
}

/** All multi-indices of a (small) shape, e.g. the taps of a kernel. */
export function indicesOf(shape: readonly number[]): number[][] {
  checkIndexed('indicesOf', shape);
  const out: number[][] = [];
  forEachIndex(shape, (index) => out.push([...index]));
  return out;
}
