/**
 * Random argument lists for the fuzz test: every kind of value a caller can pass by mistake
 * (wrong types, NaN/Infinity, huge, negative and fractional numbers, strings, null/undefined,
 * typed arrays of any length, tensors whose shape and data disagree, option objects with
 * known, unknown and missing keys), and some well-formed tensors so that calls get past the
 * first check and reach the deeper ones.
 */
import fc from 'fast-check';

const numbers = fc.oneof(
  fc.integer({ min: -3, max: 9 }),
  fc.constantFrom(0, -0, 0.5, 1.5, -2.5, NaN, Infinity, -Infinity, 1e9, 2 ** 31, 2 ** 53, 1e308, -1e9, 65536),
  fc.double(),
);
const dims = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: numbers });
const shapes = fc.array(dims, { minLength: 0, maxLength: 5 });
const strings = fc.oneof(
  fc.constantFrom('', 'float32', 'float64', 'same', 'valid', 'SAME_UPPER', 'SAME_LOWER', 'VALID', 'NOTSET', 'typescript', 'wasm-simd',
    'auto', 'nearest', 'linear', 'bilinear', 'torch', 'onnx', 'keras', 'tensorflow', 'align_corners', 'half_pixel', 'asymmetric', 'sgd', 'adam'),
  fc.string({ maxLength: 6 }),
);
const typedArrays = fc.oneof(
  fc.array(fc.double({ noNaN: true, min: -4, max: 4 }), { maxLength: 24 }).map((a) => Float64Array.from(a)),
  fc.array(fc.float({ noNaN: true, min: -4, max: 4 }), { maxLength: 24 }).map((a) => Float32Array.from(a)),
  fc.nat({ max: 24 }).map((n) => new Int32Array(n)),
  fc.nat({ max: 24 }).map((n) => new Uint8Array(n)),
);

/** A tensor whose data matches its shape (float32 or float64, values in [-2, 2]). */
export function tensorOf(shape: fc.Arbitrary<number[]>): fc.Arbitrary<{ shape: number[]; data: Float32Array | Float64Array }> {
  return fc.tuple(shape, fc.boolean(), fc.integer()).map(([s, f32, seed]) => {
    const n = s.reduce((a, b) => a * b, 1);
    const data = f32 ? new Float32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = (((seed + i * 2654435761) >>> 0) % 401) / 100 - 2;
    return { shape: s, data };
  });
}

const goodTensors = tensorOf(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 }));
const badTensors = fc.record({ shape: fc.oneof(shapes, numbers, strings), data: fc.oneof(typedArrays, fc.array(numbers, { maxLength: 4 })) }, { requiredKeys: [] });

const leaves = fc.oneof(
  { weight: 3, arbitrary: numbers },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, true, false, () => 0, Symbol('s'), 10n, {}, []) },
  { weight: 2, arbitrary: strings },
  { weight: 2, arbitrary: shapes },
  { weight: 1, arbitrary: fc.array(fc.oneof(numbers, strings, fc.constant(null)), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.array(numbers, { maxLength: 3 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: typedArrays },
  { weight: 3, arbitrary: goodTensors },
  { weight: 2, arbitrary: badTensors },
);

/** Option names used across the API (canonical, frameworks', trainers'), so that objects hit known keys too. */
const KEYS = [
  'strides', 'pads', 'dilations', 'groups', 'outputPadding', 'outputShape', 'autoPad', 'bias', 'kernelShape', 'kernel', 'engine',
  'kernel_size', 'stride', 'padding', 'output_padding', 'dilation', 'output_size', 'filters', 'dilation_rate', 'data_format',
  'factor', 'mode', 'coordinate', 'size', 'scale', 'channels', 'seed', 'shape', 'dtype', 'min', 'max', 'learningRate',
  'optimizer', 'steps', 'target', 'x', 'w', 'inputShape', 'alignCorners', 'name', 'language', 'variable', 'unknownKey',
];
const objects = fc.dictionary(fc.constantFrom(...KEYS), leaves, { maxKeys: 5 });

/** One argument value of any kind. */
export const values: fc.Arbitrary<unknown> = fc.oneof({ weight: 4, arbitrary: leaves }, { weight: 2, arbitrary: objects });

/** An argument list of 0 to arity + 2 values. */
export function argumentLists(arity: number): fc.Arbitrary<unknown[]> {
  return fc.array(values, { minLength: 0, maxLength: arity + 2 });
}
