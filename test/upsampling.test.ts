/**
 * FCN's bilinear up-sampling: the kernels against the golden vectors, the standard kernel,
 * stride and pad for a factor, and the facts the chapter states, each measured here against
 * an independent computation: resize() (itself checked against TensorFlow.js in
 * interpolate.test.ts), the dense scatter view, or a hand calculation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bilinearDepthwiseWeight, bilinearDiagonalWeight, bilinearKernel, bilinearProfile, bilinearUpsample, compareUpsampling,
  convTransposeOutputSize, maxAbsDiff, randomTensor, resize, scatter, tensor, upsamplingParameters, type Tensor,
} from '../src/index';
import { thrown } from './thrown';

const vectorsFile = resolve(__dirname, '../../shared/vectors/fcn_bilinear.json');
const present = existsSync(vectorsFile);
interface VectorCase { name: string; op: string; attrs: Record<string, unknown>; x?: { shape: number[]; data: number[] }; w?: { shape: number[]; data: number[] }; y: { shape: number[]; data: number[] } }
const cases: VectorCase[] = present ? JSON.parse(readFileSync(vectorsFile, 'utf8')).cases : [];

describe('bilinear kernels and weights (golden vectors from FCN surgery.py)', () => {
  it.runIf(present)('bilinearKernel(3, 4, 64) equals the vectors exactly', () => {
    for (const c of cases.filter((k) => k.op === 'bilinear_kernel')) {
      const k = bilinearKernel(c.attrs.size as number);
      expect(k.shape).toEqual(c.y.shape);
      expect(Array.from(k.data)).toEqual(c.y.data);
    }
  });

  it.runIf(present)('the depthwise [C,1,k,k] and diagonal [C,C,k,k] weights equal the vectors, and bilinearUpsample gives their y', () => {
    const depthwise = cases.find((c) => c.name.endsWith('depthwise'))!;
    const diagonal = cases.find((c) => c.name.endsWith('diagonal_weight'))!;
    expect(Array.from(bilinearDepthwiseWeight(2, 4).data)).toEqual(depthwise.w!.data);
    expect(bilinearDepthwiseWeight(2, 4).shape).toEqual(depthwise.w!.shape);
    expect(Array.from(bilinearDiagonalWeight(2, 4).data)).toEqual(diagonal.w!.data);
    expect(bilinearDiagonalWeight(2, 4).shape).toEqual(diagonal.w!.shape);
    // Both vectors use k=4, s=2, p=1: FCN's parameters for f=2.
    const y = bilinearUpsample(tensor(depthwise.x!.data, depthwise.x!.shape), 2);
    expect(y.shape).toEqual(depthwise.y.shape);
    expect(Array.from(y.data)).toEqual(depthwise.y.data);
  });

  it('other ranks: the kernel is the outer power of the profile', () => {
    // Hand: profile(4) = 1 - |i - 1.5|/2 = [0.25, 0.75, 0.75, 0.25].
    expect(Array.from(bilinearDepthwiseWeight(1, 4, 1).data)).toEqual([0.25, 0.75, 0.75, 0.25]);
    const p = bilinearProfile(3); // [0.5, 1, 0.5]
    const w3 = bilinearDepthwiseWeight(2, 3, 3);
    expect(w3.shape).toEqual([2, 1, 3, 3, 3]);
    expect(w3.data[27 + 0 * 9 + 1 * 3 + 2]).toBe(p[0] * p[1] * p[2]);
    expect(w3.data[27 + 1 * 9 + 1 * 3 + 1]).toBe(1);
  });
});

describe('upsamplingParameters: k = 2f - f%2, s = f, p = ceil((f-1)/2)', () => {
  it('hand values', () => {
    expect([1, 2, 3, 4, 8, 16, 32].map((f) => upsamplingParameters(f))).toEqual([
      { kernel: 1, stride: 1, pad: 0 }, { kernel: 4, stride: 2, pad: 1 }, { kernel: 5, stride: 3, pad: 1 },
      { kernel: 8, stride: 4, pad: 2 }, { kernel: 16, stride: 8, pad: 4 }, { kernel: 32, stride: 16, pad: 8 },
      { kernel: 64, stride: 32, pad: 16 },
    ]);
  });
  it('give an output exactly f times the input, and a kernel whose bilinear factor is f', () => {
    for (let f = 1; f <= 40; f++) {
      const { kernel, stride, pad } = upsamplingParameters(f);
      expect(Math.ceil(kernel / 2)).toBe(f);
      for (let n = 1; n <= 5; n++) expect(convTransposeOutputSize(n, kernel, stride, 1, pad, pad)).toBe(f * n);
    }
  });
});

describe('bilinearUpsample', () => {
  it('equals the dense scatter view with FCN diagonal [C,C,k,k] weight (groups 1), f = 2, 3, 4, 5', () => {
    const x = randomTensor([2, 3, 5, 4], { seed: 11 });
    for (const f of [2, 3, 4, 5]) {
      const { kernel, stride, pad } = upsamplingParameters(f);
      const dense = scatter(x, bilinearDiagonalWeight(3, kernel), { strides: stride, pads: pad });
      expect(maxAbsDiff(bilinearUpsample(x, f), dense)).toBeLessThan(1e-12);
    }
  });
  it('keeps float32', () => {
    expect(bilinearUpsample(randomTensor([1, 1, 2, 2], { dtype: 'float32' }), 2).data).toBeInstanceOf(Float32Array);
  });
  it('works in 1-D and 3-D', () => {
    expect(bilinearUpsample(randomTensor([1, 2, 3]), 3).shape).toEqual([1, 2, 9]);
    expect(bilinearUpsample(randomTensor([1, 1, 2, 3, 2]), 2).shape).toEqual([1, 1, 4, 6, 4]);
  });
});

/** Output positions i of an axis where half-pixel bilinear reads no clamped position: 0 <= (i+0.5)/f - 0.5 <= n-1. */
function halfPixelInterior(n: number, f: number): boolean[] {
  return Array.from({ length: n * f }, (_, i) => {
    const src = (i + 0.5) / f - 0.5;
    return src >= 0 && src <= n - 1;
  });
}

function maxDiffWhere(a: Tensor, b: Tensor, keep: (i: number, j: number) => boolean): number {
  const [h, w] = a.shape.slice(2);
  let m = 0;
  for (let e = 0; e < a.data.length; e++) {
    const i = Math.floor(e / w) % h;
    const j = e % w;
    if (keep(i, j)) m = Math.max(m, Math.abs(a.data[e] - b.data[e]));
  }
  return m;
}

describe('FCN up-sampling = half-pixel bilinear interpolation in the interior', () => {
  for (const f of [2, 3, 4, 8, 32]) {
    it(`f=${f}: interior error at rounding level, border attenuated`, () => {
      const n = f === 32 ? 3 : 6;
      const x = randomTensor([1, 2, n, n], { seed: f, min: 0.5, max: 1 });
      const fcn = bilinearUpsample(x, f);
      const half = resize(x, [n * f, n * f], { mode: 'bilinear', coordinates: 'half_pixel' });
      const inside = halfPixelInterior(n, f);
      const interior = maxDiffWhere(fcn, half, (i, j) => inside[i] && inside[j]);
      const border = maxDiffWhere(fcn, half, (i, j) => !(inside[i] && inside[j]));
      expect(interior).toBeLessThan(1e-12);
      // Inputs >= 0.5 and a border weight <= 0.75 of the missing neighbour: the border is off by at least 0.5/f-ish.
      expect(border).toBeGreaterThan(0.05);
      // compareUpsampling reports the same two numbers and the same interior.
      const report = compareUpsampling(x, f);
      expect(report.interiorMaxError).toBeLessThan(1e-12);
      expect(report.borderMaxError).toBeCloseTo(border, 12);
      const first = inside.indexOf(true);
      expect(report.interior[0]).toEqual([first, inside.lastIndexOf(true) + 1]);
    });
  }

  it('the border by hand, f=2, 1-D: profile [1/4, 3/4, 3/4, 1/4], p=1', () => {
    // y[i] = sum_o x[o] p[i + 1 - 2o]:
    //   y0 = 3/4 x0            (x[-1] would bring p[3] = 1/4: it is the zero padding)
    //   y1 = 3/4 x0 + 1/4 x1,  y2 = 1/4 x0 + 3/4 x1,  y3 = 3/4 x1 + 1/4 x2,  y4 = 1/4 x1 + 3/4 x2
    //   y5 = 3/4 x2
    // Half-pixel bilinear has x0 and x2 at the ends (src = -0.25 and 2.25 clamp to 0 and 2).
    const [x0, x1, x2] = [4, 8, 2];
    const fcn = bilinearUpsample(tensor([[[x0, x1, x2]]]), 2);
    expect(Array.from(fcn.data)).toEqual([0.75 * x0, 0.75 * x0 + 0.25 * x1, 0.25 * x0 + 0.75 * x1, 0.75 * x1 + 0.25 * x2, 0.25 * x1 + 0.75 * x2, 0.75 * x2]);
    const half = resize(tensor([[[x0, x1, x2]]]), 6, { coordinates: 'half_pixel' });
    expect(Array.from(half.data)).toEqual([x0, 0.75 * x0 + 0.25 * x1, 0.25 * x0 + 0.75 * x1, 0.75 * x1 + 0.25 * x2, 0.25 * x1 + 0.75 * x2, x2]);
  });

  it('the border by hand for f=3 (first output 2/3 x0), f=4 (5/8 x0, 7/8 x0) and in 2-D (corner 9/16 x00)', () => {
    // f=3: k=5, p=1, profile 1 - |i-2|/3 = [1/3, 2/3, 1, 2/3, 1/3]; y0 = x0 p[1].
    expect(bilinearUpsample(tensor([[[6, 6, 6]]]), 3).data[0]).toBeCloseTo(4, 14);
    // f=4: k=8, p=2, profile 1 - |i-3.5|/4 = [1/8, 3/8, 5/8, 7/8, ...]; y0 = x0 p[2], y1 = x0 p[3].
    const y4 = bilinearUpsample(tensor([[[8, 8, 8]]]), 4);
    expect([y4.data[0], y4.data[1], y4.data[2]]).toEqual([5, 7, 8]);
    // 2-D, f=2: the corner gets 3/4 along each axis.
    expect(bilinearUpsample(tensor([[[[16, 16], [16, 16]]]]), 2).data[0]).toBe(9);
  });

  it('matches neither align_corners nor legacy TF (asymmetric): a ramp x_j = j shows the offsets exactly', () => {
    // Interior FCN = half-pixel = (i + 0.5)/f - 0.5; asymmetric = i/f, so asymmetric - FCN = (f - 1)/(2f)
    // wherever both are unclamped; align_corners = i (n-1)/(fn-1).
    const n = 8;
    for (const f of [2, 3, 4, 8]) {
      const x = tensor([[Array.from({ length: n }, (_, j) => j)]]);
      const fcn = bilinearUpsample(x, f);
      const inside = halfPixelInterior(n, f);
      for (let i = 0; i < n * f; i++) {
        if (!inside[i]) continue;
        expect(fcn.data[i]).toBeCloseTo((i + 0.5) / f - 0.5, 12);
      }
      const report = compareUpsampling(x, f);
      const legacy = Math.max(...inside.map((ok, i) => (ok ? Math.abs(Math.min(i / f, n - 1) - ((i + 0.5) / f - 0.5)) : 0)));
      const corners = Math.max(...inside.map((ok, i) => (ok ? Math.abs((i * (n - 1)) / (n * f - 1) - ((i + 0.5) / f - 0.5)) : 0)));
      expect(legacy).toBeCloseTo((f - 1) / (2 * f), 12);
      expect(report.asymmetricInteriorMaxDiff).toBeCloseTo(legacy, 12);
      expect(report.alignCornersInteriorMaxDiff).toBeCloseTo(corners, 12);
      expect(corners).toBeGreaterThan(0.1);
    }
  });
});

describe('errors', () => {
  it('sizes, factors, channels and ranks must be positive integers', () => {
    expect(thrown(() => bilinearKernel(0)).message).toBe('bilinearKernel: size=0 must be a positive integer');
    expect(thrown(() => upsamplingParameters(1.5)).message).toBe('upsamplingParameters: factor=1.5 must be a positive integer');
    expect(thrown(() => bilinearDepthwiseWeight(0, 4)).message).toBe('bilinearDepthwiseWeight: channels=0 must be a positive integer');
    expect(thrown(() => bilinearDiagonalWeight(2, 4, 0)).message).toBe('bilinearDiagonalWeight: rank=0 must be a positive integer');
    expect(thrown(() => bilinearDiagonalWeight(2, '4' as unknown as number))).toBeInstanceOf(TypeError);
  });
  it('bilinearUpsample checks x and the factor', () => {
    expect(thrown(() => bilinearUpsample(tensor([1, 2]), 2)).message).toBe('bilinearUpsample: x rank (1) must be at least 3: [batch, channels, ...spatial]');
    expect(thrown(() => bilinearUpsample(tensor([[[1, 2]]]), 0)).message).toBe('bilinearUpsample: factor=0 must be a positive integer');
    expect(thrown(() => bilinearUpsample({ shape: [1, 1, 3], data: new Float64Array(2) }, 2)).message)
      .toBe('bilinearUpsample: x.data.length=2 must equal the size of shape [1, 1, 3]=3');
  });
  it('compareUpsampling checks x and the factor', () => {
    expect(thrown(() => compareUpsampling(tensor([[1, 2]]), 2)).message).toBe('compareUpsampling: x rank (2) must be at least 3: [batch, channels, ...spatial]');
    expect(thrown(() => compareUpsampling(tensor([[[1, 2]]]), -1)).message).toBe('compareUpsampling: factor=-1 must be a positive integer');
  });
});
