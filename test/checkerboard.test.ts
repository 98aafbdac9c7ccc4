/**
 * Checkerboard analysis: overlap counts and phase sums by hand, against the public
 * convTranspose (ones in, ones kernel) and the polyphase view, the detector on known good and
 * bad kernels, the characterisation of uniform overlap, and resize-convolution.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bilinearKernel, checkerboardScore, conv, convTranspose, hasUniformOverlap, isCheckerboardFree, kernelDivisibleByStride,
  overlapCount, overlapPattern, phaseSums, polyphaseKernels, randomTensor, resizeConvolution, tensor, toArray, upsamplingParameters,
  type Tensor,
} from '../src/index';
import { configs } from './configs';
import { thrown } from './thrown';

const ones = (shape: number[], value = 1): Tensor => ({ shape, data: new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(value) });
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const sumOf = (t: Tensor): number => Array.from(t.data).reduce((a, b) => a + b, 0);

describe('overlap', () => {
  it('patterns by hand', () => {
    // Taps k*d mod s: k=3,s=2 -> 0,1,0; k=4 -> 0,1,0,1; k=5,s=3 -> 0,1,2,0,1; k=2,s=2,d=2 -> 0,0.
    expect(toArray(overlapPattern([3], 2))).toEqual([2, 1]);
    expect(toArray(overlapPattern([3, 3], 2))).toEqual([[4, 2], [2, 1]]);
    expect(toArray(overlapPattern([4, 4], 2))).toEqual([[4, 4], [4, 4]]);
    expect(toArray(overlapPattern([5], 3))).toEqual([2, 2, 1]);
    expect(toArray(overlapPattern([2], 2, 2))).toEqual([2, 0]);
    // k=3, s=2, d=3: taps at 0, 3, 6 -> phases 0, 1, 0.
    expect(toArray(overlapPattern([3], 2, 3))).toEqual([2, 1]);
  });

  it('overlapCount of a finite input equals convTranspose of ones with a ones kernel (random configurations)', () => {
    fc.assert(
      fc.property(configs, ({ x, w, options }) => {
        const { groups: _g, bias: _b, ...geometry } = options;
        const spatial = x.shape.slice(2);
        const k = w.shape.slice(2);
        const counts = overlapCount(spatial, k, geometry);
        const expected = convTranspose(ones([1, 1, ...spatial]), ones([1, 1, ...k]), geometry);
        expect(counts.shape).toEqual(expected.shape.slice(2));
        expect(Array.from(counts.data)).toEqual(Array.from(expected.data));
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('the pattern is what an interior output of a large input sees', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), (k, s, d) => {
        const n = 12;
        const counts = overlapCount([n], [k], { strides: s, dilations: d });
        const pattern = overlapPattern([k], s, d).data;
        // Output i (no pads) is interior when every tap's input o = (i - k d)/s exists: d(k-1) <= i <= s(n-1).
        for (let i = d * (k - 1); i <= s * (n - 1); i++) expect(counts.data[i]).toBe(pattern[i % s]);
      }),
      { numRuns: 200, seed: 8 },
    );
  });

  it('uniform overlap <=> on every axis s = 1 or (k % s = 0 and gcd(d, s) = 1); the classic k % s = 0 suffices for d = 1', () => {
    for (let k = 1; k <= 12; k++) {
      for (let s = 1; s <= 6; s++) {
        for (let d = 1; d <= 4; d++) {
          const uniform = s === 1 || (k % s === 0 && gcd(d, s) === 1);
          expect(hasUniformOverlap([k], s, d), `k=${k}, s=${s}, d=${d}`).toBe(uniform);
          if (d === 1) expect(hasUniformOverlap([k], s)).toBe(kernelDivisibleByStride([k], s));
        }
      }
    }
    expect(hasUniformOverlap([4, 3], [2, 3])).toBe(true);
    expect(hasUniformOverlap([4, 3], [2, 2])).toBe(false);
    // Divisible but not uniform: k=2, s=2, d=2 puts both taps in phase 0.
    expect(kernelDivisibleByStride([2], 2)).toBe(true);
    expect(hasUniformOverlap([2], 2, 2)).toBe(false);
  });
});

describe('phase sums and the detector', () => {
  it('phase sums by hand', () => {
    expect(toArray(phaseSums(tensor([1, 1, 1]), 2))).toEqual([2, 1]);
    // bilinear profile(4) = [1/4, 3/4, 3/4, 1/4]: phase 0 = 1/4 + 3/4, phase 1 = 3/4 + 1/4.
    expect(toArray(phaseSums(bilinearKernel(4), 2))).toEqual([[1, 1], [1, 1]]);
    // profile(3) = [1/2, 1, 1/2]: phase 0 = 1/2 + 1/2, phase 1 = 1.
    expect(toArray(phaseSums(bilinearKernel(3), 2))).toEqual([[1, 1], [1, 1]]);
    expect(toArray(phaseSums(tensor([1, 2, 3, 4, 5]), 2, 2))).toEqual([15, 0]);
  });

  it('phase sums are the sums of the polyphase view\'s phase kernels', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), fc.nat(),
        (k0, k1, s0, s1, d, seed) => {
          const w = randomTensor([1, 1, k0, k1], { seed });
          const sums = phaseSums({ shape: [k0, k1], data: w.data }, [s0, s1], d).data;
          polyphaseKernels(w, [s0, s1], d).forEach(({ kernel }, r) => {
            const total = kernel === null ? 0 : sumOf(kernel);
            expect(sums[r]).toBeCloseTo(total, 12);
          });
        }),
      { numRuns: 150, seed: 9 },
    );
  });

  it('known kernels: ones k=3,s=2 bad; ones k=4,s=2 good; FCN bilinear good for f=2..8; random k=4,s=2 bad', () => {
    expect(isCheckerboardFree(ones([3, 3]), 2)).toBe(false);
    expect(isCheckerboardFree(ones([4, 4]), 2)).toBe(true);
    for (let f = 2; f <= 8; f++) {
      const { kernel, stride } = upsamplingParameters(f);
      expect(isCheckerboardFree(bilinearKernel(kernel), stride), `f=${f}`).toBe(true);
    }
    // Uniform overlap is not enough: a learned-looking k=4 kernel has unequal phase sums.
    expect(hasUniformOverlap([4, 4], 2)).toBe(true);
    expect(isCheckerboardFree({ shape: [4, 4], data: randomTensor([4, 4], { seed: 1 }).data }, 2)).toBe(false);
    // Dilation 2 with stride 2 leaves phase 1 empty: never free (sums 3 and 0).
    expect(isCheckerboardFree(ones([3]), 2, 2)).toBe(false);
  });

  it('isCheckerboardFree <=> a constant input gives a constant interior output of the public convTranspose', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), fc.nat(), fc.boolean(),
        (k, s, d, seed, balance) => {
          const w = randomTensor([k], { seed, min: 0.1, max: 1 });
          if (balance) {
            // Rescale each phase to sum 1 (phases without taps stay empty).
            const sums = phaseSums(w, s, d).data;
            w.data.forEach((v, t) => (w.data[t] = v / sums[(t * d) % s]));
          }
          const n = 10;
          const y = convTranspose(ones([1, 1, n], 3), { shape: [1, 1, k], data: w.data }, { strides: s, dilations: d });
          const interior = Array.from(y.data.slice(d * (k - 1), s * (n - 1) + 1));
          const constant = interior.every((v) => Math.abs(v - interior[0]) < 1e-9);
          expect(isCheckerboardFree(w, s, d)).toBe(constant);
        }),
      { numRuns: 300, seed: 10 },
    );
  });
});

describe('checkerboardScore', () => {
  it('a constant image through ones(3)*4/9, s=2, pads 1: phase means and score by hand', () => {
    // Output i = 2o + k - 1, so phase 0 (after a crop of 2) meets tap 1 only, phase 1 taps 0 and 2:
    // phase means c*(4/9)*[1, 2] x [1, 2] with c = 1/2, i.e. (2/9)*[1, 2, 2, 4].
    const y = convTranspose(ones([1, 1, 12, 12], 0.5), ones([1, 1, 3, 3], 4 / 9), { strides: 2, pads: 1, outputPadding: 1 });
    const { phaseMeans, score } = checkerboardScore(y, 2, { crop: 2 });
    [2 / 9, 4 / 9, 4 / 9, 8 / 9].forEach((v, r) => expect(phaseMeans.data[r]).toBeCloseTo(v, 14));
    // mean of the phase means = 1/2 = mean |y|; spread^2 = ((4/9 - 1)^2 + 2 (8/9 - 1)^2 + (16/9 - 1)^2) / 4 * (1/2)^2
    expect(score).toBeCloseTo(Math.sqrt(76 / 324), 12);
  });

  it('is zero for a constant image and scale-invariant', () => {
    expect(checkerboardScore(ones([1, 1, 8, 8], 3), 2).score).toBe(0);
    const y = randomTensor([1, 2, 8, 8], { seed: 4, min: 0, max: 1 });
    const scaled = { shape: y.shape, data: y.data.map((v) => 5 * v) };
    expect(checkerboardScore(scaled, 2).score).toBeCloseTo(checkerboardScore(y, 2).score, 12);
  });
});

describe('resize-convolution', () => {
  it('is nearest (default) or bilinear resize followed by a SAME convolution, shape f * input', () => {
    const x = randomTensor([1, 2, 3, 4], { seed: 2 });
    const w = randomTensor([3, 2, 3, 3], { seed: 3 });
    expect(resizeConvolution(x, w, { factor: 2 }).shape).toEqual([1, 3, 6, 8]);
    expect(resizeConvolution(x, w, { factor: [3, 1], mode: 'bilinear', pads: 0 }).shape).toEqual([1, 3, 7, 2]);
  });

  it('has no checkerboard for any kernel: a constant input gives a constant interior output', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 3 }), fc.nat(), fc.constantFrom('nearest' as const, 'bilinear' as const), (k, f, seed, mode) => {
        const w = randomTensor([1, 1, k, k], { seed });
        const y = resizeConvolution(ones([1, 1, 6, 6], 2), w, { factor: f, mode, pads: 0 });
        const sum = sumOf(w);
        // Valid convolution of a constant: every output is 2 * sum(w).
        y.data.forEach((v) => expect(v).toBeCloseTo(2 * sum, 12));
      }),
      { numRuns: 60, seed: 11 },
    );
    // Whereas a random k=4, s=2 transposed convolution of the same constant does not.
    const t = convTranspose(ones([1, 1, 6, 6], 2), randomTensor([1, 1, 4, 4], { seed: 1 }), { strides: 2, pads: 1 });
    expect(checkerboardScore(t, 2, { crop: 2 }).score).toBeGreaterThan(0.05);
  });

  it('nearest resize-convolution equals conv of the repeated image (hand: 1-D, f=2, w=[1, 2])', () => {
    // x = [1, 3] -> [1, 1, 3, 3]; valid correlation with [1, 2]: [1+2, 1+6, 3+6] = [3, 7, 9].
    expect(Array.from(resizeConvolution(tensor([[[1, 3]]]), tensor([[[1, 2]]]), { factor: 2, pads: 0 }).data)).toEqual([3, 7, 9]);
    const x = randomTensor([1, 1, 4, 4], { seed: 5 });
    const w = randomTensor([1, 1, 3, 3], { seed: 6 });
    const repeated = { shape: [1, 1, 8, 8], data: Float64Array.from({ length: 64 }, (_, e) => x.data[Math.floor(Math.floor(e / 8) / 2) * 4 + Math.floor((e % 8) / 2)]) };
    const direct = conv(repeated, w, { pads: 1 });
    const rc = resizeConvolution(x, w, { factor: 2, pads: 1 });
    rc.data.forEach((v, e) => expect(v).toBeCloseTo(direct.data[e], 13));
  });
});

describe('errors', () => {
  it('phaseSums, overlapPattern, overlapCount, hasUniformOverlap, kernelDivisibleByStride, isCheckerboardFree', () => {
    expect(thrown(() => phaseSums(tensor([1, 2, 3]), 0)).message).toBe('phaseSums: strides=0 must be a positive integer');
    expect(thrown(() => phaseSums(tensor([[1, 2, 3]]), [2])).message).toBe('phaseSums: strides=[2] must have 2 entries, one per spatial axis');
    expect(thrown(() => phaseSums({ shape: [3], data: [1, 2, 3] } as unknown as Tensor, 2))).toBeInstanceOf(TypeError);
    expect(thrown(() => overlapPattern([], 2)).message).toBe('overlapPattern: kernelShape=[] must be a non-empty array of positive integers');
    expect(thrown(() => overlapPattern([3, 0], 2)).message).toBe('overlapPattern: kernelShape[1]=0 must be a positive integer');
    expect(thrown(() => overlapPattern([3], 2, 0)).message).toBe('overlapPattern: dilations=0 must be a positive integer');
    expect(thrown(() => overlapCount([4], [3], { strides: 2, outputPadding: 2 })).message)
      .toBe('overlapCount: outputPadding[0]=2 must be < max(strides[0], dilations[0])=2');
    expect(thrown(() => overlapCount([4], [3], { groups: 2 } as never)).message)
      .toBe('overlapCount: unknown option "groups"; known options are strides, dilations, pads, outputPadding, outputShape, autoPad');
    expect(thrown(() => overlapCount([4], 3 as unknown as number[])).message).toBe('overlapCount: kernelShape=3 must be a non-empty array of positive integers');
    expect(thrown(() => hasUniformOverlap([3], -1)).message).toBe('hasUniformOverlap: strides=-1 must be a positive integer');
    expect(thrown(() => kernelDivisibleByStride([3], [2, 2])).message).toBe('kernelDivisibleByStride: strides=[2, 2] must have 1 entries, one per spatial axis');
    expect(thrown(() => isCheckerboardFree(tensor([1, 1]), 2, 1, -1)).message).toBe('isCheckerboardFree: tolerance=-1 must be a finite number >= 0');
    expect(thrown(() => isCheckerboardFree(tensor([1, 1]), 1.5)).message).toBe('isCheckerboardFree: strides=1.5 must be a positive integer');
  });
  it('checkerboardScore', () => {
    const y = ones([1, 1, 8, 8]);
    expect(thrown(() => checkerboardScore(tensor([1, 2]), 2)).message).toBe('checkerboardScore: y rank (1) must be at least 3: [batch, channels, ...spatial]');
    expect(thrown(() => checkerboardScore(y, 2, { crop: 4 })).message)
      .toBe('checkerboardScore: crop=4 must leave at least strides[0]=2 positions of spatial size 8 (n - 2*crop >= s)');
    expect(thrown(() => checkerboardScore(y, 2, { crop: -1 })).message).toBe('checkerboardScore: crop=-1 must be a non-negative integer');
    expect(thrown(() => checkerboardScore(y, 2, { border: 1 } as never)).message).toBe('checkerboardScore: unknown option "border"; known options are crop');
  });
  it('resizeConvolution', () => {
    const x = ones([1, 2, 3, 3]);
    const w = ones([1, 2, 3, 3]);
    expect(thrown(() => resizeConvolution(x, w, {} as never)).message).toBe('resizeConvolution: factor=undefined is required: a positive integer per spatial axis');
    expect(thrown(() => resizeConvolution(x, w, { factor: 0 })).message).toBe('resizeConvolution: factor=0 must be a positive integer');
    expect(thrown(() => resizeConvolution(x, w, { factor: 2, mode: 'cubic' as never })).message)
      .toBe('resizeConvolution: mode="cubic" must be one of nearest, bilinear');
    expect(thrown(() => resizeConvolution(x, ones([1, 3, 3, 3]), { factor: 2 })).message)
      .toBe('resizeConvolution: x.shape[1]=2 must equal w.shape[1]*groups=3 (w.shape[1]=3, groups=1)');
    expect(thrown(() => resizeConvolution(x, w, { factor: 2, strides: 2 } as never)).message)
      .toBe('resizeConvolution: unknown option "strides"; known options are factor, mode, coordinates, pads, groups, bias');
  });
});
