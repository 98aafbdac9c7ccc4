/**
 * The signal-processing identities, each checked between independent computations: the
 * sampling operators and their matrices by hand and by the adjoint identity, the Toeplitz
 * matrix against the matrix view, strided conv = down-sampling after conv, transposed conv
 * = conv with the flipped kernel after zero insertion, and nearest up-sampling + conv = one
 * transposed conv with a larger kernel, all against the public conv / convTranspose.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  averagePool, conv, convMatrix, convTranspose, dot, downsample, downsampleMatrix, flipKernel, maxAbsDiff, multiply,
  nearestUpsample, nearestUpsampleConvTranspose, nearestUpsampleKernel, randomTensor, resize, tensor, toArray, toDense, toeplitzMatrix,
  transpose, upsample, upsampleMatrix, type Tensor,
} from '../src/index';
import { configs } from './configs';
import { thrown } from './thrown';

describe('down-sampling and up-sampling', () => {
  it('by hand', () => {
    expect(toArray(downsample(tensor([[[0, 1, 2, 3, 4, 5, 6]]]), 3))).toEqual([[[0, 3, 6]]]);
    expect(toArray(upsample(tensor([[[1, 2, 3]]]), 2))).toEqual([[[1, 0, 2, 0, 3]]]);
    expect(toArray(upsample(tensor([[[1, 2, 3]]]), 2, { outputShape: [6] }))).toEqual([[[1, 0, 2, 0, 3, 0]]]);
    expect(toArray(downsample(tensor([[[[1, 2, 3], [4, 5, 6]]]]), [2, 2]))).toEqual([[[[1, 3]]]]);
    expect(toArray(nearestUpsample(tensor([[[1, 2]]]), 3))).toEqual([[[1, 1, 1, 2, 2, 2]]]);
    expect(toArray(averagePool(tensor([[[1, 2, 3, 4, 5]]]), 2))).toEqual([[[1.5, 3.5]]]);
  });

  it('up = down^T: <D x, y> = <x, U y> for every length, stride and rank', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }), fc.nat(),
        (spatial, strides, seed) => {
          const s = strides.slice(0, spatial.length);
          const x = randomTensor([2, 1, ...spatial], { seed });
          const dx = downsample(x, s);
          const y = randomTensor(dx.shape, { seed: seed + 1 });
          expect(dot(dx, y)).toBeCloseTo(dot(x, upsample(y, s, { outputShape: spatial })), 12);
          // The matrices: U's matrix is the transpose of D's, and each matrix applies its op.
          const d = downsampleMatrix(spatial, s);
          const u = upsampleMatrix(dx.shape.slice(2), s, { outputShape: spatial });
          expect(toDense(u)).toEqual(toDense(transpose(d)));
          expect(Array.from(multiply(d, x.data.subarray(0, d.cols)))).toEqual(Array.from(dx.data.subarray(0, d.rows)));
        }),
      { numRuns: 150, seed: 13 },
    );
  });

  it('nearest up-sampling equals resize(nearest) for integer factors, in both half_pixel and asymmetric', () => {
    const x = randomTensor([1, 2, 3, 4], { seed: 2 });
    for (const coordinates of ['half_pixel', 'asymmetric'] as const) {
      expect(maxAbsDiff(nearestUpsample(x, [2, 3]), resize(x, [6, 12], { mode: 'nearest', coordinates }))).toBe(0);
    }
  });

  it('average pooling is the stride-s convolution with a box of 1/s^d', () => {
    const x = randomTensor([2, 3, 7, 6], { seed: 3 });
    const box = { shape: [3, 1, 2, 3], data: new Float64Array(18).fill(1 / 6) };
    expect(maxAbsDiff(averagePool(x, [2, 3]), conv(x, box, { strides: [2, 3], groups: 3 }))).toBeLessThan(1e-15);
  });
});

describe('Toeplitz matrices and strided convolution', () => {
  it('by hand: q = [1, 2, 3] on 4 samples, then with pads 1', () => {
    expect(toArray(toDense(toeplitzMatrix([1, 2, 3], 4)))).toEqual([[1, 2, 3, 0], [0, 1, 2, 3]]);
    expect(toArray(toDense(toeplitzMatrix([1, 2, 3], 3, 1)))).toEqual([[2, 3, 0], [1, 2, 3], [0, 1, 2]]);
  });

  it('equals the matrix view\'s convMatrix, and is constant along diagonals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.nat(),
        (k, n, pb, pe, seed) => {
          fc.pre(n + pb + pe >= k);
          const q = randomTensor([1, 1, k], { seed });
          const t = toDense(toeplitzMatrix(q, n, [pb, pe]));
          expect(t).toEqual(toDense(convMatrix(q, [1, n], { pads: [pb, pe] })));
          const [rows, cols] = t.shape;
          for (let o = 1; o < rows; o++) for (let i = 1; i < cols; i++) expect(t.data[o * cols + i]).toBe(t.data[(o - 1) * cols + i - 1]);
        }),
      { numRuns: 100, seed: 14 },
    );
  });

  it('strided conv = down-sampling after the stride-1 conv (ops and matrices)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.nat(),
        (rank, k, s, d, p, seed) => {
          const size = [7, 6].slice(0, rank);
          const x = randomTensor([2, 2, ...size], { seed });
          const w = randomTensor([3, 2, ...new Array<number>(rank).fill(k)], { seed: seed + 1 });
          const strided = conv(x, w, { strides: s, dilations: d, pads: p });
          expect(maxAbsDiff(strided, downsample(conv(x, w, { dilations: d, pads: p }), s))).toBeLessThan(1e-12);
        }),
      { numRuns: 100, seed: 15 },
    );
    // Matrix form, 1-D: C_s = D_s T.
    const q = [1, -2, 3];
    const t = toDense(toeplitzMatrix(q, 8, 1));
    const dm = toDense(downsampleMatrix(t.shape[0], 2));
    const product = Array.from({ length: dm.shape[0] * 8 }, (_, e) => {
      const [r, c] = [Math.floor(e / 8), e % 8];
      let v = 0;
      for (let m = 0; m < t.shape[0]; m++) v += dm.data[r * t.shape[0] + m] * t.data[m * 8 + c];
      return v;
    });
    expect(product).toEqual(Array.from(toDense(convMatrix(tensor([[q]]), [1, 8], { strides: 2, pads: 1 })).data));
  });
});

describe('transposed conv = stride-1 full conv with the flipped kernel after zero up-sampling', () => {
  it('flipKernel by hand', () => {
    // [C=1, M=2, 3] -> [M=2, C=1, 3], reversed.
    expect(toArray(flipKernel(tensor([[[1, 2, 3], [4, 5, 6]]])))).toEqual([[[3, 2, 1]], [[6, 5, 4]]]);
  });

  it('random configurations (groups 1) against the public convTranspose', () => {
    fc.assert(
      fc.property(configs, ({ x, w, options }) => {
        fc.pre(options.groups === 1);
        const s = options.strides as number[];
        const d = options.dilations as number[];
        const pads = options.pads as number[];
        const op = options.outputPadding as number[];
        const rank = s.length;
        const k = w.shape.slice(2);
        // Pads of the full convolution: d(k-1) - padBegin at the start, d(k-1) - padEnd + outputPadding at the end.
        const full = [...k.map((ka, a) => d[a] * (ka - 1) - pads[a]), ...k.map((ka, a) => d[a] * (ka - 1) - pads[a + rank] + op[a])];
        const y = conv(upsample(x, s), flipKernel(w), { pads: full, dilations: d, bias: options.bias });
        expect(maxAbsDiff(y, convTranspose(x, w, options))).toBeLessThan(1e-12);
      }),
      { numRuns: 200, seed: 16 },
    );
  });
});

describe('nearest up-sampling + conv = transposed conv with a larger kernel', () => {
  it('the kernel by hand: k=3, s=2, q = [a, b, c] -> [c, b+c, a+b, a]', () => {
    const [a, b, c] = [1, 10, 100];
    expect(toArray(nearestUpsampleKernel(tensor([[[a, b, c]]]), 2))).toEqual([[[c, b + c, a + b, a]]]);
    // Signal-processing reading: impulse response g = reverse(q) = [g0, g1, g2] = [c, b, a] gives [g0, g0+g1, g1+g2, g2].
    // k=2, s=3, q = [a, b]: windows of 3 over reverse(q) = [b, a]: [b, a+b, a+b, a].
    expect(toArray(nearestUpsampleKernel(tensor([[[a, b]]]), 3))).toEqual([[[b, a + b, a + b, a]]]);
  });

  it('the identity by hand: x = [x0, x1], q = [a, b, c], s = 2, pads 1', () => {
    // u = [x0, x0, x1, x1]; y[t] = a u[t-1] + b u[t] + c u[t+1]:
    //   y0 = (b+c) x0, y1 = (a+b) x0 + c x1, y2 = a x0 + (b+c) x1, y3 = (a+b) x1
    const [a, b, c, x0, x1] = [1, 10, 100, 2, 3];
    const want = [(b + c) * x0, (a + b) * x0 + c * x1, a * x0 + (b + c) * x1, (a + b) * x1];
    const q = tensor([[[a, b, c]]]);
    const x = tensor([[[x0, x1]]]);
    expect(Array.from(conv(nearestUpsample(x, 2), q, { pads: 1 }).data)).toEqual(want);
    const t = nearestUpsampleConvTranspose(q, 2, { pads: 1 });
    expect(t.options).toEqual({ strides: [2], pads: [1, 1] });
    expect(Array.from(convTranspose(x, t.w, t.options).data)).toEqual(want);
  });

  it('random weights, channels, strides, kernel sizes and pads (1-D and 2-D)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 2 }), fc.nat(), fc.nat(),
        (rank, s0, s1, k, cin, cout, p, seed) => {
          const s = [s0, s1].slice(0, rank);
          const pads = Array.from({ length: 2 * rank }, (_, e) => ((p >> (2 * e)) & 3) % k);
          const x = randomTensor([2, cin, ...[3, 4].slice(0, rank)], { seed });
          const q = randomTensor([cout, cin, ...new Array<number>(rank).fill(k)], { seed: seed + 1 });
          const direct = conv(nearestUpsample(x, s), q, { pads });
          const t = nearestUpsampleConvTranspose(q, s, { pads });
          const y = convTranspose(x, t.w, t.options);
          expect(y.shape).toEqual(direct.shape);
          expect(maxAbsDiff(y, direct)).toBeLessThan(1e-12);
        }),
      { numRuns: 150, seed: 17 },
    );
  });
});

describe('errors', () => {
  const x = tensor([[[1, 2, 3]]]);
  it('sampling ops', () => {
    expect(thrown(() => downsample(x, 0)).message).toBe('downsample: strides=0 must be a positive integer');
    expect(thrown(() => downsample(tensor([1, 2]), 2)).message).toBe('downsample: x rank (1) must be at least 3: [batch, channels, ...spatial]');
    expect(thrown(() => upsample(x, 2, { outputShape: [7] })).message)
      .toBe('upsample: outputShape[0]=7 must be between s(in-1)+1=5 and s*in=6 (the lengths L with ceil(L/s) = in)');
    expect(thrown(() => upsample(x, 2, { size: [6] } as never)).message).toBe('upsample: unknown option "size"; known options are outputShape');
    expect(thrown(() => nearestUpsample(x, [2, 2])).message).toBe('nearestUpsample: strides=[2, 2] must have 1 entries, one per spatial axis');
    expect(thrown(() => averagePool(x, 4)).message).toBe('averagePool: x.shape[2]=3 must be >= strides[0]=4');
  });
  it('matrices', () => {
    expect(thrown(() => downsampleMatrix(0, 2)).message).toBe('downsampleMatrix: shape=0 must be a positive integer');
    expect(thrown(() => upsampleMatrix([], 2)).message).toBe('upsampleMatrix: shape=[] must be a positive integer or a non-empty array of them');
    expect(thrown(() => toeplitzMatrix([1, 2, 3], 1)).message).toBe('toeplitzMatrix: length + pads = 1 must be >= the kernel size 3');
    expect(thrown(() => toeplitzMatrix([], 4)).message).toBe('toeplitzMatrix: q=[] must be a non-empty array of numbers or a tensor');
    expect(thrown(() => toeplitzMatrix([1, NaN], 4)).message).toBe('toeplitzMatrix: q[1]=NaN must be a finite number');
    expect(thrown(() => toeplitzMatrix([1], 4, [1])).message).toBe('toeplitzMatrix: pads=[1] must have 2 entries, one per spatial axis');
  });
  it('kernels', () => {
    const q = tensor([[[1, 2, 3]]]);
    expect(thrown(() => flipKernel(tensor([[1, 2]]))).message).toBe('flipKernel: w rank (2) must be at least 3: [C, M, ...kernel]');
    expect(thrown(() => nearestUpsampleKernel(tensor([1, 2, 3]) as Tensor, 2)).message)
      .toBe('nearestUpsampleKernel: q rank (1) must be at least 3: [M, C, ...kernel] (a convolution weight)');
    expect(thrown(() => nearestUpsampleKernel(q, 0)).message).toBe('nearestUpsampleKernel: strides=0 must be a positive integer');
    expect(thrown(() => nearestUpsampleConvTranspose(q, 2, { pads: 3 })).message)
      .toBe('nearestUpsampleConvTranspose: pads[0]=3 must be <= kernel size - 1 = 2 along spatial axis 0');
  });
});
