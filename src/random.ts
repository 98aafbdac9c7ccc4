/**
 * Seeded random tensors, so that notebooks, pages and tests show the same numbers on
 * every run. mulberry32 (Tommy Ettinger, public domain): a 32-bit state, period 2^32.
 */
import { checkInteger, fail } from './errors';
import { allocate, sizeOf, type DType, type Tensor } from './tensor';

/**
 * A generator of uniform numbers in [0, 1) from a 32-bit seed.
 *
 * Throws RangeError when the seed is not a non-negative integer.
 *
 * @example
 * import { randomSource } from 'deconv';
 * const a = randomSource(42);
 * const b = randomSource(42);
 * const first = [a(), a(), a()];
 * // The same seed gives the same sequence; every number lies in [0, 1).
 * console.log(first.every((v) => v === b()), first.every((v) => v >= 0 && v < 1)); // => true true
 */
export function randomSource(seed: number): () => number {
  checkInteger('randomSource', 'seed', seed, 0);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Options of `randomTensor`: the seed (default 0), dtype (default float64), range and rounding.
 */
export interface RandomOptions {
  seed?: number;
  dtype?: DType;
  /** Range of the values (default [-1, 1)). */
  min?: number;
  max?: number;
  /** Round to integers (exact sums, easy to read). */
  integers?: boolean;
}

/**
 * A tensor of uniform random values, reproducible from `seed` (default 0).
 *
 * Throws TypeError/RangeError for a shape that is not an array of positive integers, a bad seed, or
 * min > max or non-finite bounds.
 *
 * @example
 * import { randomTensor } from 'deconv';
 * const t = randomTensor([2, 3], { seed: 7, min: 0, max: 10, integers: true });
 * console.log(t.shape, t.data.every((v) => Number.isInteger(v) && v >= 0 && v < 10)); // => [2,3] true
 * // Reproducible: the same seed gives the same values.
 * console.log(t.data.join() === randomTensor([2, 3], { seed: 7, min: 0, max: 10, integers: true }).data.join()); // => true
 */
export function randomTensor(shape: readonly number[], options: RandomOptions = {}): Tensor {
  const fn = 'randomTensor';
  const { seed = 0, dtype = 'float64', min = -1, max = 1, integers = false } = options;
  if (!Array.isArray(shape)) fail(fn, 'shape must be an array of positive integers', TypeError);
  shape.forEach((d, i) => checkInteger(fn, `shape[${i}]`, d, 1));
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) fail(fn, `min=${min}, max=${max} must be finite with min <= max`);
  const next = randomSource(seed);
  const data = allocate(dtype, sizeOf(shape));
  for (let i = 0; i < data.length; i++) {
    const v = min + (max - min) * next();
    data[i] = integers ? Math.floor(v) : v;
  }
  return { shape: [...shape], data };
}
