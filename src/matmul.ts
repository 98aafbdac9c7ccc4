/**
 * The dense matrix product, BLAS's GEMM without its scalars:
 *
 *     C = op(A) op(B),   C[i, j] = sum_p op(A)[i, p] op(B)[p, j],   op(M) = M or M^T.
 *
 * It is the one heavy step of a lowered convolution (Caffe's BaseConvolutionLayer, per image
 * and group): the forward pass is Y = W col(x) after im2col, the input gradient is
 * col = W^T dY before col2im (which is also Caffe's Deconvolution forward pass), and the
 * weight gradient is dW = dY col(x)^T. Pages use it to show those products one at a time.
 */
import { checkElements } from './checks';
import { checkKnownKeys, checkOptions, fail, show } from './errors';
import { allocate, checkTensor, dtypeOf, type Tensor } from './tensor';

/** Options of `matmul`: which operand to transpose (BLAS's TRANSA / TRANSB). */
export interface MatmulOptions {
  /** Use A^T instead of A (default false). */
  transposeA?: boolean;
  /** Use B^T instead of B (default false). */
  transposeB?: boolean;
}

function checkFlag(fn: string, name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail(fn, `${name}=${show(value)} must be a boolean`, TypeError);
  return value;
}

/**
 * op(a) op(b) for 2-D tensors a and b, summed in float64 and returned in a's dtype.
 * op(a) is [m, k] and op(b) is [k, n]; the result is [m, n]:
 * C[i, j] = sum_p op(a)[i, p] op(b)[p, j]. Source: BLAS GEMM with alpha = 1, beta = 0
 * (https://netlib.org/blas/dgemm.f).
 *
 * Throws before computing: TypeError when a or b is not a tensor or a transpose flag is not a
 * boolean; RangeError when an option is unknown, a or b is not 2-D, the inner sizes differ, or the
 * product would hold more than MAX_ELEMENTS values.
 *
 * @example
 * import { matmul, tensor, toArray } from 'deconv';
 * const a = tensor([[1, 2], [3, 4]]);
 * const b = tensor([[5, 6], [7, 8]]);
 * // By hand: [1*5 + 2*7, 1*6 + 2*8; 3*5 + 4*7, 3*6 + 4*8].
 * console.log(toArray(matmul(a, b))); // => [[19,22],[43,50]]
 * // a^T = [[1, 3], [2, 4]]: [1*5 + 3*7, 1*6 + 3*8; 2*5 + 4*7, 2*6 + 4*8].
 * console.log(toArray(matmul(a, b, { transposeA: true }))); // => [[26,30],[38,44]]
 * try {
 *   matmul(a, tensor([[1, 2, 3]]));
 * } catch (e) {
 *   console.log((e as Error).message); // => matmul: b.shape[0]=1 must equal the columns of a (2)
 * }
 */
export function matmul(a: Tensor, b: Tensor, options?: MatmulOptions): Tensor {
  const fn = 'matmul';
  checkTensor(fn, 'a', a);
  checkTensor(fn, 'b', b);
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, ['transposeA', 'transposeB']);
  const aT = checkFlag(fn, 'transposeA', opts.transposeA);
  const bT = checkFlag(fn, 'transposeB', opts.transposeB);
  if (a.shape.length !== 2) fail(fn, `a rank (${a.shape.length}) must be 2: a matrix [rows, columns]`);
  if (b.shape.length !== 2) fail(fn, `b rank (${b.shape.length}) must be 2: a matrix [rows, columns]`);
  const [m, k] = aT ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const inner = bT ? 1 : 0;
  const n = b.shape[1 - inner];
  if (b.shape[inner] !== k) {
    fail(fn, `b.shape[${inner}]=${b.shape[inner]} must equal the columns of ${aT ? 'a^T' : 'a'} (${k})`);
  }
  checkElements(fn, 'the product', [m, n]);
  const out = allocate(dtypeOf(a.data), m * n);
  gemmReference(a.data, 0, aT, b.data, 0, bT, out, m, k, n);
  return { shape: [m, n], data: out };
}

/**
 * The project's one reference GEMM, a plain triple loop summed in float64:
 * C[m x n] += op(A) op(B) with op(A) [m x k] read from a[aOffset] (as [k x m] when aT) and
 * op(B) [k x n] read from b[bOffset] (as [n x k] when bT). `matmul` and the gradient view use
 * it; the fast kernels (`fast/gemm.ts`) are tested against it.
 */
export function gemmReference(
  a: ArrayLike<number>, aOffset: number, aT: boolean,
  b: ArrayLike<number>, bOffset: number, bT: boolean,
  c: { [i: number]: number }, m: number, k: number, n: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        sum += a[aOffset + (aT ? p * m + i : i * k + p)] * b[bOffset + (bT ? j * k + p : p * n + j)];
      }
      c[i * n + j] += sum;
    }
  }
}
