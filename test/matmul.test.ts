/**
 * matmul: products by hand, the transposes by hand, and the lowered convolution (Caffe):
 * W col(x) after im2col is the convolution, col2im(W^T X) is the transposed convolution.
 */
import { describe, expect, it } from 'vitest';
import { col2im, conv, convTranspose, im2col, matmul, maxAbsDiff, randomTensor, reshape, tensor, toArray } from '../src/index';
import { thrown } from './thrown';

const a = tensor([[1, 2, 3], [4, 5, 6]]);
const b = tensor([[7, 8], [9, 10], [11, 12]]);
// a b by hand: [1*7+2*9+3*11, 1*8+2*10+3*12; 4*7+5*9+6*11, 4*8+5*10+6*12]
const ab = [[58, 64], [139, 154]];

describe('matmul', () => {
  it('[2x3] [3x2] by hand', () => expect(toArray(matmul(a, b))).toEqual(ab));

  it('reads a or b transposed', () => {
    const aT = tensor([[1, 4], [2, 5], [3, 6]]);
    const bT = tensor([[7, 9, 11], [8, 10, 12]]);
    expect(toArray(matmul(aT, b, { transposeA: true }))).toEqual(ab);
    expect(toArray(matmul(a, bT, { transposeB: true }))).toEqual(ab);
    expect(toArray(matmul(aT, bT, { transposeA: true, transposeB: true }))).toEqual(ab);
    // a^T a by hand: entries are sums of products of columns of a
    expect(toArray(matmul(a, a, { transposeA: true }))).toEqual([[17, 22, 27], [22, 29, 36], [27, 36, 45]]);
  });

  it("returns a's dtype", () => {
    expect(matmul(tensor([[1, 2]], undefined, 'float32'), tensor([[3], [4]])).data).toBeInstanceOf(Float32Array);
    expect(toArray(matmul(tensor([[1, 2]], undefined, 'float32'), tensor([[3], [4]])))).toEqual([[11]]);
  });

  it('lowers a convolution (Caffe): W col(x) is conv, col2im(W^T X) is convTranspose', () => {
    const options = { strides: [2, 1], pads: [1, 0, 0, 1], dilations: [1, 2] };
    // 3 filters over a 1-channel 7x7 image (rows: (7+1-3)/2 leaves 1 over, hence outputPadding 1); the same blob is a 3-in, 1-out transposed-convolution weight.
    const w = randomTensor([3, 1, 3, 2], { seed: 1 });
    const x = randomTensor([1, 1, 7, 7], { seed: 2 });
    const y = conv(x, w, options);
    const cols = im2col(x, [3, 2], options);
    const wRows = reshape(w, [3, 6]);
    const lowered = matmul(wRows, reshape(cols, cols.shape.slice(1)));
    expect(maxAbsDiff(reshape(lowered, y.shape), y)).toBeLessThan(1e-12);
    const dy = randomTensor(y.shape, { seed: 3 });
    const colsOfDy = matmul(wRows, reshape(dy, [3, y.shape[2] * y.shape[3]]), { transposeA: true });
    const folded = col2im(reshape(colsOfDy, [1, ...colsOfDy.shape]), x.shape, [3, 2], options);
    expect(maxAbsDiff(folded, convTranspose(dy, w, { ...options, outputPadding: [1, 0] }))).toBeLessThan(1e-12);
  });

  it('refuses bad arguments in one voice', () => {
    expect(thrown(() => matmul(a, a)).message).toBe('matmul: b.shape[0]=2 must equal the columns of a (3)');
    expect(thrown(() => matmul(a, a, { transposeA: true, transposeB: true })).message)
      .toBe('matmul: b.shape[1]=3 must equal the columns of a^T (2)');
    expect(thrown(() => matmul(tensor([1, 2]), b)).message).toBe('matmul: a rank (1) must be 2: a matrix [rows, columns]');
    expect(thrown(() => matmul(a, tensor([[[1]]]))).message).toBe('matmul: b rank (3) must be 2: a matrix [rows, columns]');
    const flag = thrown(() => matmul(a, b, { transposeA: 1 as unknown as boolean }));
    expect(flag).toBeInstanceOf(TypeError);
    expect(flag.message).toBe('matmul: transposeA=1 must be a boolean');
    expect(thrown(() => matmul(a, b, { transpose: true } as never)).message)
      .toBe('matmul: unknown option "transpose"; known options are transposeA, transposeB');
    expect(thrown(() => matmul(null as never, b))).toBeInstanceOf(TypeError);
  });
});
