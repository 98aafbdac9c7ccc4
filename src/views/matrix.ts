/**
 * The matrix view: a convolution is linear, y = C x, with C sparse and banded (each row
 * holds one copy of the kernel). The transposed convolution is multiplication by C^T
 * (hence the name). For one image, x is flattened as vec(x[c, ...in]) and y as
 * vec(y[m, ...out]), both row-major.
 */
import { checkInteger, checkOptions, fail } from '../errors';
import { prepareConv, prepareConvTranspose } from '../ops';
import { convTransposeOutputShape, type ConvInfo, type ConvOptions, type ConvTransposeOptions } from '../shape';
import { allocate, checkTensor, dtypeOf, forEachIndex, indicesOf, sizeOf, stridesOf, type Tensor } from '../tensor';

/**
 * A sparse matrix in coordinate form, entries sorted by row then column.
 *
 * Entry e is values[e] at (rowIndex[e], colIndex[e]); `toDense` gives the dense array.
 */
export interface SparseMatrix {
  rows: number;
  cols: number;
  rowIndex: Int32Array;
  colIndex: Int32Array;
  values: Float64Array;
}

/**
 * Default largest dense view: 2^24 entries (128 MiB of float64).
 *
 * @example
 * import { MAX_DENSE_ENTRIES } from 'deconv';
 * console.log(MAX_DENSE_ENTRIES === 2 ** 24, (MAX_DENSE_ENTRIES * 8) / 2 ** 20); // => true 128
 */
export const MAX_DENSE_ENTRIES = 2 ** 24;

/**
 * Row (m, o), column (c, i) of C holds w[m, c', k] whenever i = o*s + k*d - padBegin lies in
 * the input (c' = c - g*C/G, c in output channel m's group g).
 */
function buildMatrix(w: Tensor, info: ConvInfo): SparseMatrix {
  const inSize = sizeOf(info.inShape);
  const outSize = sizeOf(info.outShape);
  const inStrides = stridesOf(info.inShape);
  const ws = stridesOf(w.shape);
  const taps = indicesOf(info.kernel);
  const cPerGroup = info.inChannels / info.groups;
  const mPerGroup = info.outChannels / info.groups;
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let m = 0; m < info.outChannels; m++) {
    const g = Math.floor(m / mPerGroup);
    forEachIndex(info.outShape, (o, oFlat) => {
      const entries: [number, number][] = [];
      taps.forEach((k, t) => {
        let i = 0;
        for (let a = 0; a < info.rank; a++) {
          const ia = o[a] * info.strides[a] + k[a] * info.dilations[a] - info.padsBegin[a];
          if (ia < 0 || ia >= info.inShape[a]) return;
          i += ia * inStrides[a];
        }
        for (let c = 0; c < cPerGroup; c++) {
          entries.push([(g * cPerGroup + c) * inSize + i, w.data[m * ws[0] + c * ws[1] + t]]);
        }
      });
      entries.sort((p, q) => p[0] - q[0]);
      for (const [col, v] of entries) {
        rows.push(m * outSize + oFlat);
        cols.push(col);
        values.push(v);
      }
    });
  }
  return {
    rows: info.outChannels * outSize,
    cols: info.inChannels * inSize,
    rowIndex: Int32Array.from(rows),
    colIndex: Int32Array.from(cols),
    values: Float64Array.from(values),
  };
}

function imageShape(fn: string, inputShape: readonly number[], w: Tensor): number[] {
  if (!Array.isArray(inputShape)) fail(fn, `inputShape must be an array [C, ...spatial] or [N, C, ...spatial]`, TypeError);
  const r = w.shape.length - 2;
  if (inputShape.length === r + 1) return [1, ...inputShape];
  if (inputShape.length === r + 2) return [1, ...inputShape.slice(1)];
  return fail(fn, `inputShape length (${inputShape.length}) must be ${r + 1} ([C, ...spatial]) or ${r + 2} ([N, C, ...spatial])`);
}

function placeholder(shape: number[]): Tensor {
  return { shape, data: new Float64Array(sizeOf(shape)) };
}

/**
 * The matrix C of the convolution y = conv(x, w, options) for one image of shape
 * inputShape = [C, ...spatial]: C has M*prod(out) rows and C*prod(in) columns.
 *
 * Row (m, o) holds w[m, c, k] in column (c, o*s + k*d - padBegin) for the taps that land inside:
 * y = C x is the convolution written as a matrix (Dumoulin & Visin 2016, section 4.1).
 * Throws TypeError/RangeError for a bad `w`, `inputShape` or options, as `conv` does.
 *
 * @example
 * import { convMatrix, tensor, toArray, toDense } from 'deconv';
 * // A length-5 input, kernel [1, 2, 3], stride 2: two outputs, reading inputs 0..2 and 2..4.
 * const c = convMatrix(tensor([1, 2, 3], [1, 1, 3]), [1, 5], { strides: 2 });
 * console.log(toArray(toDense(c))); // => [[1,2,3,0,0],[0,0,1,2,3]]
 */
export function convMatrix(w: Tensor, inputShape: readonly number[], options?: ConvOptions): SparseMatrix {
  checkTensor('convMatrix', 'w', w);
  const x = placeholder(imageShape('convMatrix', inputShape, w));
  const info = prepareConv('convMatrix', x, w, options);
  return buildMatrix(w, info);
}

/**
 * The matrix of the transposed convolution y = convTranspose(x, w, options) for one image of
 * shape inputShape = [C, ...spatial]. It is C^T, where C is the matrix of the convolution
 * whose input gradient this transposed convolution is.
 *
 * Throws TypeError/RangeError for a bad `w`, `inputShape` or options, as `convTranspose` does.
 *
 * @example
 * import { convTransposeMatrix, tensor, toArray, toDense } from 'deconv';
 * // The transpose of convMatrix's example: column o holds the kernel [1, 2, 3] starting at row 2*o.
 * const ct = convTransposeMatrix(tensor([1, 2, 3], [1, 1, 3]), [1, 2], { strides: 2 });
 * console.log(toArray(toDense(ct))); // => [[1,0],[2,0],[3,1],[0,2],[0,3]]
 */
export function convTransposeMatrix(w: Tensor, inputShape: readonly number[], options?: ConvTransposeOptions): SparseMatrix {
  checkTensor('convTransposeMatrix', 'w', w);
  const x = placeholder(imageShape('convTransposeMatrix', inputShape, w));
  const info = prepareConvTranspose('convTransposeMatrix', x, w, options);
  return transpose(buildMatrix(w, info));
}

function checkMatrix(fn: string, a: SparseMatrix): void {
  if (a === null || typeof a !== 'object' || !(a.values instanceof Float64Array) || !(a.rowIndex instanceof Int32Array)) {
    fail(fn, 'matrix must be a SparseMatrix {rows, cols, rowIndex, colIndex, values}', TypeError);
  }
}

/**
 * A^T, sorted by row.
 *
 * Throws TypeError when `a` is not a SparseMatrix.
 *
 * @example
 * import { convMatrix, tensor, toArray, toDense, transpose } from 'deconv';
 * const c = convMatrix(tensor([1, 2, 3], [1, 1, 3]), [1, 5], { strides: 2 }); // [[1,2,3,0,0],[0,0,1,2,3]]
 * console.log(toArray(toDense(transpose(c)))); // => [[1,0],[2,0],[3,1],[0,2],[0,3]]
 */
export function transpose(a: SparseMatrix): SparseMatrix {
  checkMatrix('transpose', a);
  const n = a.values.length;
  const order = Array.from({ length: n }, (_, e) => e);
  order.sort((p, q) => a.colIndex[p] - a.colIndex[q] || a.rowIndex[p] - a.rowIndex[q]);
  return {
    rows: a.cols,
    cols: a.rows,
    rowIndex: Int32Array.from(order, (e) => a.colIndex[e]),
    colIndex: Int32Array.from(order, (e) => a.rowIndex[e]),
    values: Float64Array.from(order, (e) => a.values[e]),
  };
}

/**
 * A v for a vector v of length A.cols.
 *
 * Throws TypeError when `a` is not a SparseMatrix, RangeError when v's length is not a.cols.
 *
 * @example
 * import { convTransposeMatrix, multiply, tensor } from 'deconv';
 * const ct = convTransposeMatrix(tensor([1, 2, 3], [1, 1, 3]), [1, 2], { strides: 2 }); // [[1,0],[2,0],[3,1],[0,2],[0,3]]
 * // By hand: [1, 2, 3*1 + 1*2, 2*2, 3*2].
 * console.log(Array.from(multiply(ct, [1, 2]))); // => [1,2,5,4,6]
 */
export function multiply(a: SparseMatrix, v: ArrayLike<number>): Float64Array {
  checkMatrix('multiply', a);
  if (v.length !== a.cols) fail('multiply', `vector length ${v.length} must equal the matrix's columns ${a.cols}`);
  const out = new Float64Array(a.rows);
  for (let e = 0; e < a.values.length; e++) out[a.rowIndex[e]] += a.values[e] * v[a.colIndex[e]];
  return out;
}

/**
 * The dense rows x cols array of A (row-major). Refuses matrices with more than
 * `maxEntries` entries (default 2^24), which would not fit comfortably in memory.
 *
 * Throws TypeError when `a` is not a SparseMatrix, RangeError for a bad maxEntries or a matrix above it.
 *
 * @example
 * import { convMatrix, tensor, toDense } from 'deconv';
 * const c = convMatrix(tensor([1, 2, 3], [1, 1, 3]), [1, 5], { strides: 2 });
 * console.log(toDense(c).shape); // => [2,5]
 * try {
 *   toDense(c, { maxEntries: 4 });
 * } catch (e) {
 *   console.log((e as Error).message); // => toDense: a 2x5 matrix has 10 entries, more than maxEntries=4; use the sparse form
 * }
 */
export function toDense(a: SparseMatrix, options?: { maxEntries?: number }): Tensor {
  checkMatrix('toDense', a);
  const opts = checkOptions('toDense', 'options', options);
  const limit = opts.maxEntries === undefined ? MAX_DENSE_ENTRIES : checkInteger('toDense', 'maxEntries', opts.maxEntries, 1);
  const entries = a.rows * a.cols;
  if (entries > limit) {
    fail('toDense', `a ${a.rows}x${a.cols} matrix has ${entries} entries, more than maxEntries=${limit}; use the sparse form`);
  }
  const data = new Float64Array(entries);
  for (let e = 0; e < a.values.length; e++) data[a.rowIndex[e] * a.cols + a.colIndex[e]] = a.values[e];
  return { shape: [a.rows, a.cols], data };
}

/**
 * Transposed convolution as y[n] = C^T x[n] (+ bias), one image at a time.
 * Same arguments and result as `convTranspose`.
 *
 * Source: Dumoulin & Visin 2016, section 4.1 (the transposed convolution is C^T). Throws what
 * `convTranspose` throws, naming `matrixConvTranspose`.
 *
 * @example
 * import { matrixConvTranspose, tensor } from 'deconv';
 * // C^T [1, 2] with C^T = [[1,0],[2,0],[3,1],[0,2],[0,3]] (see convTransposeMatrix): [1, 2, 5, 4, 6].
 * const y = matrixConvTranspose(tensor([1, 2], [1, 1, 2]), tensor([1, 2, 3], [1, 1, 3]), { strides: 2 });
 * console.log(Array.from(y.data)); // => [1,2,5,4,6]
 */
export function matrixConvTranspose(x: Tensor, w: Tensor, options?: ConvTransposeOptions): Tensor {
  const info = prepareConvTranspose('matrixConvTranspose', x, w, options);
  const c = buildMatrix(w, info);
  const shape = convTransposeOutputShape(info);
  const y = allocate(dtypeOf(x.data), sizeOf(shape));
  const inPerImage = c.rows;
  const outPerImage = c.cols;
  const outSize = sizeOf(info.inShape);
  const bias = options?.bias?.data;
  for (let n = 0; n < info.batch; n++) {
    const xn = x.data.subarray(n * inPerImage, (n + 1) * inPerImage);
    const yn = new Float64Array(outPerImage);
    // (C^T x)[col] = sum over entries (row, col) of C[row, col] * x[row]
    for (let e = 0; e < c.values.length; e++) yn[c.colIndex[e]] += c.values[e] * xn[c.rowIndex[e]];
    for (let j = 0; j < outPerImage; j++) y[n * outPerImage + j] = yn[j] + (bias ? bias[Math.floor(j / outSize)] : 0);
  }
  return { shape, data: y };
}
