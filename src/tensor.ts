/**
 * A small tensor: a shape and a row-major typed array. Float32Array (what frameworks use)
 * and Float64Array (exact sums for teaching) are both supported; every op returns the
 * dtype of its first input.
 */
import { fail, show } from './errors';

/** The element type of a tensor: 'float32' (Float32Array, what frameworks use) or 'float64' (Float64Array). */
export type DType = 'float32' | 'float64';
/** The storage of a tensor: a Float32Array or a Float64Array, row-major. */
export type TypedData = Float32Array | Float64Array;

/**
 * A tensor: `shape` (positive integers) and `data`, its values in row-major (C) order, so
 * element [i0, ..., i(r-1)] is data[sum_a i_a * stridesOf(shape)[a]]. data.length = sizeOf(shape).
 * Convolution tensors use the NCHW layout of ONNX and PyTorch: [batch, channels, ...spatial].
 */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: TypedData;
}

/** Nested arrays of numbers, e.g. [[1, 2], [3, 4]]. */
export type Nested = number | readonly Nested[];

/**
 * The number of values a tensor of this shape holds: the product of the shape's entries (1 for []).
 * Throws TypeError unless `shape` is an array of numbers; does not check their signs (it also
 * serves computed shapes).
 *
 * @example
 * import { sizeOf } from 'deconv';
 * // 2 * 3 * 4 = 24; the empty product is 1.
 * console.log(sizeOf([2, 3, 4])); // => 24
 * console.log(sizeOf([])); // => 1
 */
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

/**
 * Row-major (C order) strides: stride[a] = product of shape[a+1..], the step in `data` between
 * neighbours along axis a (NumPy's `strides` divided by the item size, for a C-contiguous array).
 * Throws TypeError unless `shape` is an array of numbers.
 *
 * @example
 * import { stridesOf } from 'deconv';
 * // [3*4, 4, 1]: NumPy's np.zeros((2,3,4)).strides is (96, 32, 8) bytes = (12, 4, 1) * 8.
 * console.log(stridesOf([2, 3, 4])); // => [12,4,1]
 */
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

/**
 * The dtype of a tensor's storage: 'float32' for a Float32Array, 'float64' otherwise.
 * Does not validate: pass a Float32Array or a Float64Array.
 *
 * @example
 * import { dtypeOf } from 'deconv';
 * console.log(dtypeOf(new Float32Array(2))); // => float32
 * console.log(dtypeOf(new Float64Array(2))); // => float64
 */
export function dtypeOf(data: TypedData): DType {
  return data instanceof Float32Array ? 'float32' : 'float64';
}

/**
 * A zero-filled typed array of the given dtype and length (typed arrays start at zero).
 * Throws unless dtype is 'float32' or 'float64' and length an integer from 0 to MAX_ELEMENTS.
 *
 * @example
 * import { allocate } from 'deconv';
 * const data = allocate('float32', 3);
 * console.log(data.constructor.name, Array.from(data)); // => Float32Array [0,0,0]
 */
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
  // A loop, not forEach: every op checks its tensors, and a tiny layer's call is a few microseconds.
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) {
      if (emptyBatch && i === 0 && d === 0) continue;
      fail(fn, `${name}.shape[${i}]=${show(d)} must be a positive integer${emptyBatch && i === 0 ? ' or 0 (an empty batch)' : ''}`);
    }
  }
  return shape;
}

/**
 * Throws unless `t` is a tensor: a shape of positive integers and a Float32Array or
 * Float64Array whose length is the product of the shape. With `emptyBatch`, shape[0] may be
 * 0 (a batch of no images, which the convolution ops accept as PyTorch and ONNX do). Returns `t`
 * (typed as a Tensor). `fn` and `name` are the calling function and parameter named in the message.
 *
 * Errors: TypeError `fn: name=value must be a tensor {shape, data}` (not an object),
 * `fn: name.shape=value must be an array of positive integers`,
 * `fn: name.data=value must be a Float32Array or Float64Array`; RangeError `fn: name.shape[i]=value must be a positive integer`,
 * `fn: name.data.length=n must equal the size of shape [..]=m`.
 *
 * @example
 * import { checkTensor } from 'deconv';
 * try {
 *   checkTensor('myOp', 'x', { shape: [2, 2], data: new Float64Array(3) });
 * } catch (e) {
 *   // 2 * 2 = 4 values are needed, 3 were given.
 *   console.log((e as Error).message); // => myOp: x.data.length=3 must equal the size of shape [2, 2]=4
 * }
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
  let n = 1; // sizeOf(shape), whose number checks checkShape has just made
  for (let i = 0; i < shape.length; i++) n *= shape[i];
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
 * Nested arrays and plain array-likes are copied into a new array of `dtype` (default float64);
 * a typed array is kept as is when `dtype` is omitted or equal to its own, copied otherwise.
 *
 * Errors: TypeError `tensor: dtype=.. must be "float32" or "float64"`,
 * `tensor: values=.. must be numbers, nested arrays or a typed array`, `tensor: values must be nested arrays of numbers, found ..`;
 * RangeError `tensor: values must not contain empty arrays`,
 * `tensor: values must be a regular nested array of shape [..] (ragged at depth d)`, `tensor: shape=[..] holds n values but m were given`,
 * `tensor: tensor.shape[i]=.. must be a positive integer`, `tensor: values.data.length=n must equal the size of shape [..]=m`.
 *
 * @example
 * import { tensor } from 'deconv';
 * const t = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(t.shape, Array.from(t.data)); // => [2,3] [1,2,3,4,5,6]
 * // The same values as [1, 1, 2, 3] (NCHW: one image, one channel, 2 rows, 3 columns), in float32.
 * const u = tensor([1, 2, 3, 4, 5, 6], [1, 1, 2, 3], 'float32');
 * console.log(u.shape, u.data.constructor.name); // => [1,1,2,3] Float32Array
 * try {
 *   tensor([1, 2, 3], [2, 2]);
 * } catch (e) {
 *   console.log((e as Error).message); // => tensor: shape=[2, 2] holds 4 values but 3 were given
 * }
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

/**
 * A tensor of zeros of the given shape and dtype (default float64).
 *
 * Errors: TypeError `zeros: zeros.shape=.. must be an array of positive integers`; RangeError
 * `zeros: zeros.shape[i]=.. must be a positive integer`.
 *
 * @example
 * import { zeros } from 'deconv';
 * const z = zeros([2, 2]);
 * console.log(z.shape, Array.from(z.data)); // => [2,2] [0,0,0,0]
 */
export function zeros(shape: readonly number[], dtype: DType = 'float64'): Tensor {
  checkShape('zeros', 'zeros', shape);
  if (dtype !== 'float32' && dtype !== 'float64') fail('zeros', `dtype=${show(dtype)} must be "float32" or "float64"`, TypeError);
  const n = sizeOf(shape);
  if (n > MAX_INDEXED) fail('zeros', `shape=${show(shape)} would hold ${n} values, which must be <= ${MAX_INDEXED} (MAX_ELEMENTS)`);
  return { shape: [...shape], data: allocate(dtype, sizeOf(shape)) };
}

/**
 * A tensor with the same data (shared, not copied) and another shape of the same size, as
 * NumPy's `reshape` on a C-contiguous array: the row-major order of the values is kept.
 *
 * Errors: those of checkTensor for `t` (`reshape: t...`); TypeError/RangeError for a shape that is
 * not positive integers; RangeError `reshape: shape=[..] must have the same size as [..] (n)`.
 *
 * @example
 * import { reshape, tensor, toArray } from 'deconv';
 * // Row-major: [1..6] as 3 rows of 2.
 * console.log(toArray(reshape(tensor([1, 2, 3, 4, 5, 6], [2, 3]), [3, 2]))); // => [[1,2],[3,4],[5,6]]
 */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  checkTensor('reshape', 't', t);
  checkShape('reshape', 'shape', shape);
  if (sizeOf(shape) !== t.data.length) {
    fail('reshape', `shape=${show(shape)} must have the same size as ${show(t.shape)} (${t.data.length})`);
  }
  return { shape: [...shape], data: t.data };
}

/**
 * Nested arrays of a tensor's values, outermost axis first (NumPy's `tolist()`); a number for a
 * shape [] (0-d).
 *
 * Errors: those of checkTensor, naming `toArray: t...`.
 *
 * @example
 * import { tensor, toArray } from 'deconv';
 * console.log(toArray(tensor([1, 2, 3, 4], [1, 2, 2]))); // => [[[1,2],[3,4]]]
 */
export function toArray(t: Tensor): Nested {
  checkTensor('toArray', 't', t);
  const build = (depth: number, offset: number, stride: number): Nested => {
    if (depth === t.shape.length) return t.data[offset];
    const inner = stride / t.shape[depth];
    return Array.from({ length: t.shape[depth] }, (_, i) => build(depth + 1, offset + i * inner, inner));
  };
  return build(0, 0, t.data.length);
}

/**
 * The largest |a_i - b_i| over two tensors of the same shape (the max norm of a - b), the
 * error measure of the tests; Infinity if the shapes differ, 0 when equal.
 *
 * Errors: those of checkTensor, naming `maxAbsDiff: a...` or `maxAbsDiff: b...`.
 *
 * @example
 * import { maxAbsDiff, tensor } from 'deconv';
 * // |1-1|, |2-2.5|, |3-2| -> the largest is 1.
 * console.log(maxAbsDiff(tensor([1, 2, 3]), tensor([1, 2.5, 2]))); // => 1
 * // The shapes [2] and [1, 2] differ.
 * console.log(String(maxAbsDiff(tensor([1, 2]), tensor([1, 2], [1, 2])))); // => Infinity
 */
export function maxAbsDiff(a: Tensor, b: Tensor): number {
  checkTensor('maxAbsDiff', 'a', a);
  checkTensor('maxAbsDiff', 'b', b);
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) return Infinity;
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
}

/**
 * Sum of a_i * b_i over two tensors of the same size (the inner product <a, b>, with the values
 * in row-major order; shapes may differ). The adjoint identity <C x, y> = <x, C^T y> is checked with it.
 *
 * Errors: those of checkTensor, naming `dot: a...`/`dot: b...`; RangeError `dot: b has m values but a has n`.
 *
 * @example
 * import { dot, tensor } from 'deconv';
 * // 1*4 + 2*5 + 3*6 = 32.
 * console.log(dot(tensor([1, 2, 3]), tensor([4, 5, 6]))); // => 32
 */
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
 * Calls `fn(index, flat)` for every multi-index of `shape` in row-major order (last axis fastest,
 * as NumPy's `np.ndindex`); `flat` is the offset of that index in `data`.
 * `index` is one array, updated in place: copy it if you keep it.
 * Throws unless `shape` is an array of non-negative integers with at most MAX_ELEMENTS indices.
 *
 * @example
 * import { forEachIndex } from 'deconv';
 * const seen: string[] = [];
 * forEachIndex([2, 2], (index, flat) => seen.push(`${index.join(',')}@${flat}`));
 * console.log(seen.join(' ')); // => 0,0@0 0,1@1 1,0@2 1,1@3
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

/**
 * All multi-indices of a (small) shape in row-major order, e.g. the taps of a kernel
 * (`list(np.ndindex(*shape))`). Throws unless `shape` is an array of non-negative integers with at
 * most MAX_ELEMENTS indices.
 *
 * @example
 * import { indicesOf } from 'deconv';
 * console.log(indicesOf([2, 3])); // => [[0,0],[0,1],[0,2],[1,0],[1,1],[1,2]]
 */
export function indicesOf(shape: readonly number[]): number[][] {
  checkIndexed('indicesOf', shape);
  const out: number[][] = [];
  forEachIndex(shape, (index) => out.push([...index]));
  return out;
}
