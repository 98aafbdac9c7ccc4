/**
 * The fast kernels (src/fast/) against the reference gather loops (convTransposeReference,
 * convReference) and the gradient view: every kernel choice forced on random configurations,
 * the dispatcher's choices, the rank-1 detection, both GEMM engines against a plain triple
 * loop, and the WebAssembly encoder against hand-worked LEB128 examples. No test asserts speed.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bilinearKernel, conv, convGradInput, convGradWeight, convInfo, convReference, convTranspose, convTransposeInfo,
  convTransposeReference, dispatch, maxAbsDiff, randomTensor, tensor, type ConvTransposeOptions, type Tensor,
  availableEngines, currentEngine, setEngine, memoryInUse, releaseMemory, type ConvInfo, type DType, type EngineName, type KernelChoice,
} from '../src/index';
import { runKernel } from '../src/fast/dispatch';
import { DIRECT_MAX_WORK } from '../src/fast/direct';
import { caffeConvGradInput, caffeConvGradWeight } from '../src/views/gradient';
import { gemm, scalarGemm, type GemmEngine } from '../src/fast/gemm';
import { rankOneFactors, separableFactors } from '../src/fast/separable';
import { simdDepthwiseModule } from '../src/fast/simdDepthwise';
import { simdGemm, simdGemmModule } from '../src/fast/simdGemm';
import { s32, u32, wasmApi } from '../src/fast/wasm';
import { configs, type Config } from './configs';
import { thrown } from './thrown';

const simd = simdGemm();
const engines: EngineName[] = simd === null ? ['typescript'] : ['typescript', 'wasm-simd'];
const runConvTranspose = (info: ConvInfo, x: Tensor, w: Tensor, bias: Tensor | undefined, choice: KernelChoice) =>
  runKernel('convTranspose', info, x, w, bias, choice);
const runConv = (info: ConvInfo, x: Tensor, w: Tensor, bias: Tensor | undefined, choice: KernelChoice) => runKernel('conv', info, x, w, bias, choice);
const selectConvTranspose = (info: ConvInfo, w: ArrayLike<number>, dtype: DType) => dispatch('convTranspose', info, w, dtype);
const selectConv = (info: ConvInfo, w: ArrayLike<number>, dtype: DType) => dispatch('conv', info, w, dtype);

function float32(t: Tensor): Tensor {
  return tensor(t.data, t.shape, 'float32');
}

/** |a - b| <= tol * max(1, |b|) everywhere: float32 sums of many terms need a relative bound. */
function expectClose(got: Tensor, want: Tensor, tol: number): void {
  expect(got.shape).toEqual(want.shape);
  let worst = 0;
  for (let i = 0; i < want.data.length; i++) {
    worst = Math.max(worst, Math.abs(got.data[i] - want.data[i]) / Math.max(1, Math.abs(want.data[i])));
  }
  expect(worst).toBeLessThanOrEqual(tol);
}

/** The forward convolution of a transposed configuration: x on the big side, same w and geometry. */
function forward(c: Config, seed = 5) {
  const info = convTransposeInfo('test', c.x.shape, c.w.shape, c.options);
  const options = {
    strides: info.strides, dilations: info.dilations, groups: info.groups, pads: [...info.padsBegin, ...info.padsEnd],
    ...(c.options.bias ? { bias: randomTensor([c.w.shape[0]], { seed: seed + 1 }) } : {}),
  };
  const x = randomTensor([info.batch, info.inChannels, ...info.inShape], { seed });
  return { x, options };
}

/** Slices w[c, m] replaced by random outer products u v^T (2-D kernels). */
function rankOne(w: Tensor, seed: number): Tensor {
  const [c, m, kh, kw] = w.shape;
  const data = new Float64Array(w.data.length);
  const u = randomTensor([c * m, kh], { seed }).data;
  const v = randomTensor([c * m, kw], { seed: seed + 1 }).data;
  for (let q = 0; q < c * m; q++) {
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) data[(q * kh + i) * kw + j] = u[q * kh + i] * v[q * kw + j];
  }
  return { shape: w.shape, data };
}

const depthwiseConfigs = configs.filter((c) => c.x.shape[1] === c.options.groups);
const depthwiseConvConfigs = configs.filter((c) => c.w.shape[1] === 1);
const separableConfigs = depthwiseConfigs
  .filter((c) => c.w.shape.length === 4 && c.w.shape[2] > 1 && c.w.shape[3] > 1)
  .map((c) => ({ ...c, w: rankOne(c.w, 7) }));

describe('each fast kernel equals the reference on random configurations (float64: 1e-12)', () => {
  for (const engine of engines) {
    it(`gemm (${engine} engine), transposed and forward; float32 data within 1e-5`, () => {
      fc.assert(
        fc.property(configs, (c) => {
          const { bias, ...rest } = c.options;
          const info = convTransposeInfo('test', c.x.shape, c.w.shape, rest);
          const choice: KernelChoice = { kernel: 'gemm', engine };
          const data = engine === 'wasm-simd' ? float32 : (t: Tensor) => t;
          const tol = engine === 'wasm-simd' ? 1e-5 : 1e-12;
          expectClose(runConvTranspose(info, data(c.x), data(c.w), bias, choice), convTransposeReference(c.x, c.w, c.options), tol);
          const f = forward(c);
          const finfo = convInfo('test', f.x.shape, c.w.shape, { ...f.options, bias: undefined });
          expectClose(runConv(finfo, data(f.x), data(c.w), f.options.bias, choice), convReference(f.x, c.w, f.options), tol);
        }),
        { numRuns: 200, seed: 101 },
      );
    });
  }

  for (const engine of engines) {
    it(`depthwise, transposed, any multiplier (${engine}${engine === 'wasm-simd' ? ': WebAssembly stamps, float32 data within 1e-5' : ''})`, () => {
      fc.assert(
        fc.property(depthwiseConfigs, (c) => {
          const info = convTransposeInfo('test', c.x.shape, c.w.shape, c.options);
          const data = engine === 'wasm-simd' ? float32 : (t: Tensor) => t;
          const got = runConvTranspose(info, data(c.x), data(c.w), c.options.bias, { kernel: 'depthwise', engine });
          expect(got.data).toBeInstanceOf(engine === 'wasm-simd' ? Float32Array : Float64Array);
          expectClose(got, convTransposeReference(c.x, c.w, c.options), engine === 'wasm-simd' ? 1e-5 : 1e-12);
        }),
        { numRuns: 200, seed: 102 },
      );
    });
  }

  it('depthwise, forward (any multiplier)', () => {
    fc.assert(
      fc.property(depthwiseConvConfigs, (c) => {
        const f = forward(c);
        const info = convInfo('test', f.x.shape, c.w.shape, f.options);
        const got = runConv(info, f.x, c.w, f.options.bias, { kernel: 'depthwise', engine: 'typescript' });
        expectClose(got, convReference(f.x, c.w, f.options), 1e-12);
      }),
      { numRuns: 200, seed: 103 },
    );
  });

  it('direct (tiny layers), transposed and forward, float64 and float32 data', () => {
    fc.assert(
      fc.property(configs, (c) => {
        const choice: KernelChoice = { kernel: 'direct', engine: 'typescript' };
        const info = convTransposeInfo('test', c.x.shape, c.w.shape, c.options);
        const want = convTransposeReference(c.x, c.w, c.options);
        expectClose(runConvTranspose(info, c.x, c.w, c.options.bias, choice), want, 1e-12);
        expectClose(runConvTranspose(info, float32(c.x), float32(c.w), c.options.bias && float32(c.options.bias), choice), want, 1e-5);
        const f = forward(c);
        const finfo = convInfo('test', f.x.shape, c.w.shape, f.options);
        expectClose(runConv(finfo, f.x, c.w, f.options.bias, choice), convReference(f.x, c.w, f.options), 1e-12);
      }),
      { numRuns: 200, seed: 107 },
    );
  });

  it('separable, transposed (both engines) and forward, on rank-1 kernels', () => {
    fc.assert(
      fc.property(separableConfigs, (c) => {
        const [channels, multiplier, kh, kw] = c.w.shape;
        const factors = separableFactors(c.w.data, channels * multiplier, kh, kw);
        expect(factors).not.toBeNull();
        const choice: KernelChoice = { kernel: 'separable', engine: 'typescript', plan: factors! };
        const info = convTransposeInfo('test', c.x.shape, c.w.shape, c.options);
        const want = convTransposeReference(c.x, c.w, c.options);
        expectClose(runConvTranspose(info, c.x, c.w, c.options.bias, choice), want, 1e-12);
        if (simd !== null) {
          const got = runConvTranspose(info, float32(c.x), float32(c.w), c.options.bias, { ...choice, engine: 'wasm-simd' });
          expect(got.data).toBeInstanceOf(Float32Array);
          expectClose(got, want, 1e-5);
        }
        if (multiplier === 1) {
          const f = forward(c);
          const finfo = convInfo('test', f.x.shape, c.w.shape, f.options);
          expectClose(runConv(finfo, f.x, c.w, f.options.bias, choice), convReference(f.x, c.w, f.options), 1e-12);
        }
      }),
      { numRuns: 150, seed: 104 },
    );
  });

  it('the public ops (whatever they pick) in float64 and float32', () => {
    fc.assert(
      fc.property(configs, (c) => {
        const want = convTransposeReference(c.x, c.w, c.options);
        const got64 = convTranspose(c.x, c.w, c.options);
        expect(got64.data).toBeInstanceOf(Float64Array);
        expectClose(got64, want, 1e-12);
        const got32 = convTranspose(float32(c.x), float32(c.w), c.options);
        expect(got32.data).toBeInstanceOf(Float32Array);
        expectClose(got32, want, 1e-5);
        const f = forward(c);
        expectClose(conv(f.x, c.w, f.options), convReference(f.x, c.w, f.options), 1e-12);
      }),
      { numRuns: 200, seed: 105 },
    );
  });
});

describe('larger shapes, float32, against the float64 reference', () => {
  // Sums of hundreds of float32 products: relative 1e-4 of max(1, |y|), as the bench checks.
  const cases: { name: string; x: number[]; w: number[]; options: ConvTransposeOptions }[] = [
    { name: 'DCGAN-like 64->32, 6x6 -> 12x12, k4 s2 p1, batch 2', x: [2, 64, 6, 6], w: [64, 32, 4, 4], options: { strides: 2, pads: 1 } },
    { name: 'U-Net-like 48->24, 16x16, k2 s2', x: [1, 48, 16, 16], w: [48, 24, 2, 2], options: { strides: 2 } },
    { name: 'grouped 3-D, 12->6 in 3 groups, k3 s2 d2', x: [1, 12, 3, 4, 5], w: [12, 2, 3, 3, 3], options: { strides: 2, dilations: 2, groups: 3, pads: [1, 0, 2, 1, 1, 0] } },
    { name: 'depthwise with multiplier 3, 8x8 -> 16x16, k4 s2 p1', x: [2, 5, 8, 8], w: [5, 3, 4, 4], options: { strides: 2, pads: 1, groups: 5 } },
    { name: '1-D, 130 channels (k > 128 blocks), k5 s3', x: [3, 300, 7], w: [300, 9, 5], options: { strides: 3, pads: [2, 1], outputPadding: 2 } },
    // The WebAssembly gathers past one KC = 256 block of the reduction, past one tile of 512
    // columns (546 here, not a multiple of 8) and in the second group (the weights copied once).
    { name: 'grouped 600->10 in 2 groups (k = 300 > KC), 546 columns (> one tile), k3 s2 p1', x: [3, 600, 13, 14], w: [600, 5, 3, 3], options: { strides: 2, pads: 1, groups: 2 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const x = randomTensor(c.x, { seed: 1 });
      const w = randomTensor(c.w, { seed: 2 });
      const bias = randomTensor([c.w[1] * (c.options.groups ?? 1)], { seed: 3 });
      const options = { ...c.options, bias };
      const want = convTransposeReference(x, w, options);
      expectClose(convTranspose(float32(x), float32(w), { ...options, bias: float32(bias) }), want, 1e-4);
      expectClose(convTranspose(x, w, options), want, 1e-12);
    });
  }

  it('FCN-like bilinear up-sampling, 3 channels, 5x5 -> 40x40, k16 s8 p4 (separable)', () => {
    const x = randomTensor([1, 3, 5, 5], { seed: 6 });
    const slice = bilinearKernel(16).data;
    const w = tensor(Float64Array.from({ length: 3 * 256 }, (_, i) => slice[i % 256]), [3, 1, 16, 16]);
    const options = { strides: 8, pads: 4, groups: 3 };
    expect(selectConvTranspose(convTransposeInfo('test', x.shape, w.shape, options), w.data, 'float32').kernel).toBe('separable');
    const want = convTransposeReference(x, w, options);
    expectClose(convTranspose(float32(x), float32(w), options), want, 1e-5);
    expectClose(convTranspose(x, w, options), want, 1e-12);
  });

  it('conv forward, 2 groups, reduction 150*9 = 1350 > KC, 585 columns (> one tile), 10 rows per group, k3 d2 p1 (zero-padded copy)', () => {
    const x = randomTensor([3, 300, 15, 17], { seed: 8 });
    const w = randomTensor([20, 150, 3, 3], { seed: 9 });
    const bias = randomTensor([20], { seed: 10 });
    const options = { pads: 1, dilations: 2, groups: 2, bias };
    expectClose(conv(float32(x), float32(w), { ...options, bias: float32(bias) }), convReference(x, w, options), 1e-4);
  });

  it('conv forward, the mirror of the DCGAN case, 32->64, 12x12 -> 6x6', () => {
    const x = randomTensor([2, 32, 12, 12], { seed: 4 });
    const w = randomTensor([64, 32, 4, 4], { seed: 5 });
    const options = { strides: 2, pads: 1 };
    expectClose(conv(float32(x), float32(w), options), convReference(x, w, options), 1e-4);
  });
});

describe('the dispatcher', () => {
  const pick = (x: number[], w: number[], options: ConvTransposeOptions, dtype: 'float32' | 'float64' = 'float64', data?: ArrayLike<number>) =>
    selectConvTranspose(convTransposeInfo('test', x, w, options), data ?? randomTensor(w).data, dtype);

  it('runs tiny layers (at most DIRECT_MAX_WORK multiply-adds) by the direct loops, on the TypeScript engine', () => {
    expect(DIRECT_MAX_WORK).toBe(4096);
    // The toy layer: 1 -> 1 channel, 8x8, k3 s2: 1 * 1 * 9 * 64 = 576 multiply-adds.
    expect(pick([1, 1, 8, 8], [1, 1, 3, 3], { strides: 2, pads: 1 }, 'float32')).toEqual({ kernel: 'direct', engine: 'typescript' });
    expect(pick([1, 8, 4], [8, 4, 3], {}).kernel).toBe('direct');
  });

  it('uses the GEMM for full channel mixing, in any rank up to 3', () => {
    expect(pick([1, 8, 4, 4], [8, 4, 3, 3], {}).kernel).toBe('gemm');
    expect(pick([16, 8, 4], [8, 4, 3], {}).kernel).toBe('gemm');
    expect(pick([4, 8, 2, 2, 2], [8, 4, 2, 2, 2], {}).kernel).toBe('gemm');
    expect(pick([4, 8, 4, 4], [8, 2, 3, 3], { groups: 4 }).kernel).toBe('gemm');
  });

  it('uses the depthwise kernel when every output channel reads one input channel', () => {
    expect(pick([1, 21, 8, 8], [21, 1, 4, 4], { groups: 21, strides: 2 }).kernel).toBe('depthwise');
    expect(pick([1, 4, 8, 8], [4, 3, 4, 4], { groups: 4, strides: 2 }).kernel).toBe('depthwise');
    expect(pick([8, 1, 8, 8], [1, 1, 3, 3], { strides: 2 }).kernel).toBe('depthwise');
    expect(pick([64, 3, 8], [3, 1, 4], { groups: 3 }).kernel).toBe('depthwise');
  });

  it('uses the separable kernel for FCN-32s bilinear up-sampling, not for random weights or cheap kernels', () => {
    const bilinear = (channels: number, size: number) => {
      const k = bilinearKernel(size).data;
      return Float64Array.from({ length: channels * size * size }, (_, i) => k[i % (size * size)]);
    };
    const s5 = pick([1, 21, 16, 16], [21, 1, 64, 64], { groups: 21, strides: 32, pads: 16 }, 'float32', bilinear(21, 64));
    expect(s5.kernel).toBe('separable');
    expect(s5.plan).toHaveLength(21);
    expect(pick([1, 21, 16, 16], [21, 1, 64, 64], { groups: 21, strides: 32, pads: 16 }).kernel).toBe('depthwise');
    // k4 s2: two taps per axis per output; one pass is as cheap as two.
    expect(pick([1, 21, 8, 8], [21, 1, 4, 4], { groups: 21, strides: 2, pads: 1 }, 'float64', bilinear(21, 4)).kernel).toBe('depthwise');
  });

  it('leaves spatial rank 4 to the reference loop, which convTranspose and conv still run', () => {
    const x = randomTensor([1, 2, 2, 2, 2, 2], { seed: 1 });
    const w = randomTensor([2, 1, 2, 1, 2, 1], { seed: 2 });
    expect(pick(x.shape as number[], w.shape as number[], {}).kernel).toBe('reference');
    expect(maxAbsDiff(convTranspose(x, w), convTransposeReference(x, w))).toBe(0);
    const wConv = randomTensor([3, 2, 2, 1, 2, 1], { seed: 3 });
    expect(maxAbsDiff(conv(x, wConv), convReference(x, wConv))).toBe(0);
    const info = convTransposeInfo('test', x.shape, w.shape);
    expect(() => runKernel('convTranspose', info, x, w, undefined, { kernel: 'reference', engine: 'typescript' })).toThrow(
      'runKernel: kernel="reference" must be a registered kernel with a convTranspose run');
  });

  it('picks the SIMD engine for float32 data where WebAssembly SIMD exists, the scalar one for float64', () => {
    expect(pick([1, 8, 4, 4], [8, 4, 3, 3], {}, 'float64').engine).toBe('typescript');
    expect(pick([1, 8, 4, 4], [8, 4, 3, 3], {}, 'float32').engine).toBe(currentEngine());
    // A toy layer (1 -> 1 channel, 8x8, k=3: 576 multiply-adds) runs on the TypeScript engine.
    expect(pick([1, 1, 8, 8], [1, 1, 3, 3], { strides: 2, pads: 1 }, 'float32').engine).toBe('typescript');
  });

  it('selectConv mirrors selectConvTranspose for the forward op', () => {
    const info = (x: number[], w: number[], groups = 1) => convInfo('test', x, w, { groups });
    expect(selectConv(info([1, 8, 8, 8], [4, 8, 3, 3]), randomTensor([4, 8, 3, 3]).data, 'float64').kernel).toBe('gemm');
    expect(selectConv(info([2, 6, 8, 8], [12, 1, 3, 3], 6), randomTensor([12, 1, 3, 3]).data, 'float64').kernel).toBe('depthwise');
  });
});

describe('when WebAssembly memory cannot grow', () => {
  it.runIf(simd !== null)('the SIMD path falls back to the scalar engine with the same result', () => {
    // An output larger than anything before it in this file, so the kernels' memory must grow.
    const x = randomTensor([1, 2, 600, 600], { seed: 1, dtype: 'float32' });
    const w = randomTensor([2, 3, 2, 2], { seed: 2, dtype: 'float32' });
    const info = convTransposeInfo('test', x.shape, w.shape, { strides: 2 });
    const want = runConvTranspose(info, x, w, undefined, { kernel: 'gemm', engine: 'typescript' });
    const api = (globalThis as unknown as { WebAssembly: { Memory: { prototype: { grow: (pages: number) => number } } } }).WebAssembly;
    const grow = vi.spyOn(api.Memory.prototype, 'grow').mockImplementation(() => {
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    });
    try {
      const got = runConvTranspose(info, x, w, undefined, { kernel: 'gemm', engine: 'wasm-simd' });
      expect(grow).toHaveBeenCalled();
      expectClose(got, want, 1e-5);
      const xd = randomTensor([1, 3, 600, 600], { seed: 3, dtype: 'float32' });
      const wd = randomTensor([3, 1, 4, 4], { seed: 4, dtype: 'float32' });
      const dinfo = convTransposeInfo('test', xd.shape, wd.shape, { strides: 2, groups: 3 });
      expectClose(runConvTranspose(dinfo, xd, wd, undefined, { kernel: 'depthwise', engine: 'wasm-simd' }),
        runConvTranspose(dinfo, xd, wd, undefined, { kernel: 'depthwise', engine: 'typescript' }), 1e-5);
    } finally {
      grow.mockRestore();
    }
  });
});

describe('rank-1 detection', () => {
  it('factors an exact outer product and reproduces it', () => {
    // Hand example: [1, 2]^T [3, 4, 5] = [[3, 4, 5], [6, 8, 10]].
    const f = rankOneFactors([3, 4, 5, 6, 8, 10], 0, 2, 3);
    expect(f).not.toBeNull();
    const { u, v } = f!;
    const product = [0, 1].flatMap((i) => [0, 1, 2].map((j) => u[i] * v[j]));
    expect(product).toEqual([3, 4, 5, 6, 8, 10]);
  });

  it('accepts float32 bilinear kernels (rounding within 1e-7 of the largest entry)', () => {
    for (const size of [3, 4, 16, 64]) {
      const k = bilinearKernel(size);
      expect(rankOneFactors(Float32Array.from(k.data), 0, size, size)).not.toBeNull();
    }
  });

  it('float64 weights: a nearly rank-1 kernel (Sobel + 1e-7) takes the exact direct path', () => {
    // [1, 2, 1]^T [1, 0, -1] is the Sobel x kernel; perturbing one entry by 1e-7 makes it rank 2.
    const sobel = [1, 0, -1, 2, 0, -2, 1, 0, -1];
    expect(rankOneFactors(Float64Array.from(sobel), 0, 3, 3)).not.toBeNull();
    const nearly = Float64Array.from(sobel);
    nearly[4] += 1e-7;
    expect(rankOneFactors(nearly, 0, 3, 3)).toBeNull();
    const x = randomTensor([1, 2, 6, 7], { seed: 3 });
    const w = { shape: [2, 1, 3, 3], data: Float64Array.from([...nearly, ...nearly]) };
    const options = { strides: 2, pads: 1, groups: 2 };
    expect(maxAbsDiff(convTranspose(x, w, options), convTransposeReference(x, w, options))).toBeLessThan(1e-14);
  });

  it('rejects a rank-2 slice and a rank-1 slice perturbed by 1e-6 of its largest entry', () => {
    expect(rankOneFactors([1, 0, 0, 1], 0, 2, 2)).toBeNull();
    const s = [3, 4, 5, 6, 8, 10];
    s[4] += 1e-6 * 10;
    expect(rankOneFactors(s, 0, 2, 3)).toBeNull();
    expect(rankOneFactors([1, NaN, 2, 2], 0, 2, 2)).toBeNull();
  });

  it('treats a zero slice as rank 1 (zero factors) and reads slices at an offset', () => {
    expect(rankOneFactors([0, 0, 0, 0], 0, 2, 2)).not.toBeNull();
    expect(separableFactors([1, 2, 2, 4, 0, 0, 0, 0, 1, 0, 0, 1], 3, 2, 2)).toBeNull();
    expect(separableFactors([1, 2, 2, 4, 0, 0, 0, 0], 2, 2, 2)).toHaveLength(2);
  });
});

describe('GEMM engines against a triple loop', () => {
  const naive = (m: number, n: number, k: number, a: Float64Array, b: Float64Array) => {
    const c = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) c[i * n + j] += a[i * k + p] * b[p * n + j];
    return c;
  };
  const runs: [string, GemmEngine | null][] = [['scalar', scalarGemm], ['simd', simd]];
  for (const [name, engine] of runs) {
    it.runIf(engine !== null)(`${name}: edge sizes, several k blocks, transposed strides, accumulate`, () => {
      for (const [m, n, k] of [[1, 1, 1], [5, 7, 3], [13, 9, 300], [100, 37, 520], [4, 8, 256]]) {
        const a = randomTensor([m, k], { seed: m }).data as Float64Array;
        const b = randomTensor([k, n], { seed: n }).data as Float64Array;
        const want = naive(m, n, k, a, b);
        const c = new Float64Array(m * n);
        // B given transposed in memory: element (p, j) at bt[j*k + p].
        const bt = new Float64Array(k * n);
        for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) bt[j * k + p] = b[p * n + j];
        gemm(engine!, m, n, k, { data: a, offset: 0, rowStride: k, colStride: 1 }, { data: bt, offset: 0, rowStride: 1, colStride: k }, c, false);
        const tol = name === 'simd' ? 1e-5 * k : 1e-12;
        c.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(tol));
        gemm(engine!, m, n, k, { data: a, offset: 0, rowStride: k, colStride: 1 }, { data: b, offset: 0, rowStride: n, colStride: 1 }, c, true);
        c.forEach((v, i) => expect(Math.abs(v - 2 * want[i])).toBeLessThanOrEqual(2 * tol));
      }
    });
  }
});

describe('fast gradients equal the gradient view', () => {
  it('convGradInput and convGradWeight (fast kernels) = the Caffe-style view (random configurations)', () => {
    fc.assert(
      fc.property(configs, (c) => {
        const { bias: _bias, ...opts } = c.options;
        const f = forward({ ...c, options: opts });
        const info = convInfo('test', f.x.shape, c.w.shape, f.options);
        const dy = randomTensor([info.batch, info.outChannels, ...info.outShape], { seed: 9 });
        const gi = { ...f.options, inputShape: info.inShape };
        expectClose(convGradInput(dy, c.w, gi), caffeConvGradInput(dy, c.w, gi), 1e-12);
        const gw = { ...f.options, kernelShape: info.kernel };
        expectClose(convGradWeight(f.x, dy, gw), caffeConvGradWeight(f.x, dy, gw), 1e-12);
        expectClose(convGradWeight(float32(f.x), float32(dy), gw), caffeConvGradWeight(f.x, dy, gw), 1e-5);
      }),
      { numRuns: 150, seed: 106 },
    );
  });

  it('check their arguments in their own name', () => {
    const w = randomTensor([2, 1, 3, 3]);
    expect(() => convGradInput(randomTensor([1, 2, 2, 2]), w, {} as never)).toThrow('convGradInput: inputShape=undefined is required: an array of 2 spatial sizes');
    expect(() => convGradInput(randomTensor([1, 2, 2, 2]), w, { inputShape: [4, 4], bias: w } as never)).toThrow(TypeError);
    expect(() => convGradWeight(randomTensor([1, 1, 4, 4]), randomTensor([1, 2, 3, 3]), { kernelShape: [3, 3] })).toThrow(
      'convGradWeight: dy.shape=[1, 2, 3, 3] must be [1, 2, 2, 2] for these shapes and options',
    );
  });
});

describe('argument checks of the fast ops', () => {
  it('are those of the public ops, in their own name', () => {
    const x = randomTensor([1, 2, 3, 3]);
    const w = randomTensor([2, 1, 3, 3]);
    expect(() => convTranspose(x, w, { strides: 0 })).toThrow('convTranspose: strides=0 must be a positive integer');
    expect(() => conv(x, randomTensor([1, 3, 3, 3]))).toThrow('conv: x.shape[1]=2 must equal w.shape[1]*groups=3 (w.shape[1]=3, groups=1)');
    expect(() => convTransposeReference(x, w, { stride: 2 } as never)).toThrow(TypeError);
    expect(() => convReference(x, w, { groups: 0 })).toThrow('convReference: groups=0 must be a positive integer');
  });
});

describe('the WebAssembly encoder', () => {
  it('writes LEB128 as the specification (and Wikipedia\'s worked examples) do', () => {
    expect(u32(0)).toEqual([0]);
    expect(u32(127)).toEqual([0x7f]);
    expect(u32(128)).toEqual([0x80, 0x01]);
    expect(u32(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(s32(-1)).toEqual([0x7f]);
    expect(s32(63)).toEqual([0x3f]);
    expect(s32(64)).toEqual([0xc0, 0x00]);
    expect(s32(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it.runIf(wasmApi() !== null)('emits modules the host validates, small enough for synchronous compilation in browsers (< 4 KB)', () => {
    for (const bytes of [simdGemmModule(), simdDepthwiseModule()]) {
      expect(wasmApi()!.validate(bytes)).toBe(true);
      expect(bytes.length).toBeLessThan(4096);
    }
  });
});

describe('GEMM edge tiles: every engine against a float64 triple loop', () => {
  // Engines: scalar (float64 sums), SIMD (float32 sums), relaxed SIMD (float32, fused; only
  // under --experimental-wasm-relaxed-simd on Node 20, else skipped: test/wasm.test.ts runs it in a child process).
  const relaxed = simdGemm(true);
  const all: { name: string; engine: GemmEngine | null; tol: number }[] = [
    { name: 'scalar', engine: scalarGemm, tol: 1e-12 },
    { name: 'simd', engine: simd, tol: 1e-5 },
    { name: 'relaxed', engine: relaxed, tol: 1e-5 },
  ];

  /** A row-major m x n matrix stored strided: transposed or not, `pad` unused entries per stored line, `offset` before; unused slots NaN. */
  const store = (values: Float64Array, rows: number, cols: number, transposed: boolean, pad: number, offset: number) => {
    const lead = (transposed ? rows : cols) + pad;
    const data = new Float64Array(offset + lead * (transposed ? cols : rows)).fill(NaN);
    const rowStride = transposed ? 1 : lead, colStride = transposed ? lead : 1;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[offset + i * rowStride + j * colStride] = values[i * cols + j];
    return { data, offset, rowStride, colStride };
  };
  const random = (length: number, seed: number) => {
    let s = seed >>> 0;
    return Float64Array.from({ length }, () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 31 - 1;
    });
  };
  interface Case { m: number; n: number; k: number; aT: boolean; bT: boolean; aPad: number; bPad: number; offset: number; seed: number }

  /** Runs one case with accumulate false and true; returns the worst error relative to max(1, |ref|), NaN on any NaN. */
  const check = (engine: GemmEngine, c: Case): number => {
    const { m, n, k } = c;
    const a = random(m * k, c.seed), b = random(k * n, c.seed + 1), c0 = random(m * n, c.seed + 2);
    const ref = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
        ref[i * n + j] = s;
      }
    }
    const A = store(a, m, k, c.aT, c.aPad, c.offset), B = store(b, k, n, c.bT, c.bPad, c.offset + 1);
    let worst = 0;
    for (const accumulate of [false, true]) {
      const out = accumulate ? Float64Array.from(c0) : new Float64Array(m * n).fill(NaN);
      gemm(engine, m, n, k, A, B, out, accumulate);
      for (let i = 0; i < m * n; i++) {
        const want = ref[i] + (accumulate ? c0[i] : 0);
        const e = Math.abs(out[i] - want) / Math.max(1, Math.abs(want));
        if (!(e <= worst)) worst = Number.isNaN(e) ? NaN : e;
        if (Number.isNaN(worst)) return NaN;
      }
    }
    return worst;
  };

  const arbitrary = fc.record({
    m: fc.integer({ min: 1, max: 40 }), n: fc.integer({ min: 1, max: 40 }), k: fc.integer({ min: 1, max: 40 }),
    aT: fc.boolean(), bT: fc.boolean(), aPad: fc.integer({ min: 0, max: 3 }), bPad: fc.integer({ min: 0, max: 3 }),
    offset: fc.integer({ min: 0, max: 5 }), seed: fc.nat(),
  });

  for (const { name, engine, tol } of all) {
    it.runIf(engine !== null)(`gemm m,n,k in 1..40, A and B row-major or transposed, padded strides and offsets, accumulate false and true (${name}, within ${tol} of max(1, |ref|))`, () => {
      fc.assert(fc.property(arbitrary, (c) => {
        const e = check(engine!, c);
        expect(e, JSON.stringify(c)).toBeLessThanOrEqual(tol);
      }), { numRuns: 150, seed: 107 });
    });

    // Fixed cases past the block sizes: KC = 256 (k blocks), MC = 96 (row blocks), 512 columns (column blocks).
    const fixed: Case[] = [
      { m: 37, n: 29, k: 600, aT: false, bT: true, aPad: 1, bPad: 2, offset: 3, seed: 1 },
      { m: 5, n: 3, k: 257, aT: true, bT: false, aPad: 0, bPad: 1, offset: 0, seed: 2 },
      { m: 3, n: 17, k: 513, aT: true, bT: true, aPad: 2, bPad: 0, offset: 1, seed: 3 },
      { m: 101, n: 13, k: 300, aT: false, bT: false, aPad: 0, bPad: 0, offset: 0, seed: 4 },
      { m: 6, n: 530, k: 11, aT: false, bT: true, aPad: 3, bPad: 3, offset: 2, seed: 5 },
      { m: 97, n: 515, k: 258, aT: true, bT: false, aPad: 1, bPad: 1, offset: 4, seed: 6 },
    ];
    for (const c of fixed) {
      const layout = `A${c.aT ? '^T' : ''} B${c.bT ? '^T' : ''}`;
      it.runIf(engine !== null)(`gemm m=${c.m},n=${c.n},k=${c.k}, ${layout}, accumulate false and true (${name})`, () => {
        expect(check(engine!, c)).toBeLessThanOrEqual(tol);
      });
    }
  }
});

describe('setEngine', () => {
  afterEach(() => setEngine('auto'));
  const relaxed = simdGemm(true);

  /** A float32 tensor and the same values as float64. */
  const pair = (shape: number[], seed: number) => {
    const t32 = randomTensor(shape, { seed, dtype: 'float32' });
    return { t32, t64: tensor(Float64Array.from(t32.data), shape) };
  };

  it.runIf(simd !== null)(`'typescript': float32 convTranspose = the float64 scalar sums rounded once to float32 (k2 s2, no overlap: exactly); the SIMD engine is not called`, () => {
    // 48 -> 24 channels, 9x9 -> 18x18, k2 s2: each output is one sum of 48 products, computed in
    // float64 by the TypeScript engine whatever the dtype, then stored in a Float32Array.
    const x = pair([2, 48, 9, 9], 1), w = pair([48, 24, 2, 2], 2);
    const y64 = convTranspose(x.t64, w.t64, { strides: 2 });
    setEngine('typescript');
    expect(currentEngine()).toBe('typescript');
    // The engine as it is now: the memory policy (fast/memory.ts) may have released the instance
    // that `simd` held after the large problems of earlier tests; the next call builds a new one.
    const multiply = vi.spyOn(simdGemm()!, 'multiply');
    try {
      const y32 = convTranspose(x.t32, w.t32, { strides: 2 });
      expect(y32.data).toBeInstanceOf(Float32Array);
      expect(y32.shape).toEqual([2, 24, 18, 18]);
      expect(Array.from(y32.data)).toEqual(Array.from(y64.data, Math.fround));
      expect(multiply).not.toHaveBeenCalled();
      // The check discriminates: the float32 sums of the SIMD engine differ from it somewhere.
      setEngine('wasm-simd');
      const simd32 = convTranspose(x.t32, w.t32, { strides: 2 });
      expect(multiply).toHaveBeenCalled();
      expect(Array.from(simd32.data)).not.toEqual(Array.from(y64.data, Math.fround));
    } finally {
      multiply.mockRestore();
    }
  });

  it(`'typescript': float32 convTranspose with overlapping taps and bias (k4 s2 p1) within 1e-6 of the float64 sums`, () => {
    // Overlapping taps add into the float32 output a few times (col2im), each add rounding once.
    const x = pair([1, 32, 7, 7], 3), w = pair([32, 16, 4, 4], 4), bias = pair([16], 5);
    const y64 = convTranspose(x.t64, w.t64, { strides: 2, pads: 1, bias: bias.t64 });
    setEngine('typescript');
    const y32 = convTranspose(x.t32, w.t32, { strides: 2, pads: 1, bias: bias.t32 });
    expect(y32.data).toBeInstanceOf(Float32Array);
    expectClose(y32, y64, 1e-6);
  });

  it.runIf(relaxed === null)(`'wasm-relaxed' where relaxed SIMD is missing throws, naming setEngine, the value and the available engines; the engine stays`, () => {
    const before = currentEngine();
    const e = thrown(() => setEngine('wasm-relaxed'));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message.startsWith('setEngine: ')).toBe(true);
    expect(e.message).toBe(`setEngine: engine=wasm-relaxed must be one this host has: auto, ${simd === null ? 'typescript' : 'wasm-simd, typescript'}`);
    expect(currentEngine()).toBe(before);
    expect(availableEngines()).not.toContain('wasm-relaxed');
  });

  it(`an unknown engine name throws, listing auto and the three engines`, () => {
    const e = thrown(() => setEngine('webgpu' as never));
    expect(e.message).toBe('setEngine: engine=webgpu must be one of auto, wasm-relaxed, wasm-simd, typescript');
  });

  it(`setEngine returns the previous setting ('auto' included), so that it can be put back`, () => {
    expect(setEngine('typescript')).toBe('auto');
    expect(setEngine('auto')).toBe('typescript');
    expect(currentEngine()).toBe(availableEngines()[0]);
  });

  it(`'auto' picks the fastest available: wasm-relaxed, else wasm-simd, else typescript`, () => {
    setEngine('typescript');
    setEngine('auto');
    expect(currentEngine()).toBe(relaxed !== null ? 'wasm-relaxed' : simd !== null ? 'wasm-simd' : 'typescript');
  });
});

describe('releaseMemory', () => {
  it.runIf(simd !== null)('gives back what a float32 layer 64->32, 32x32 -> 64x64 kept (at least its 512 KiB output copy), and the next call rebuilds the same result', () => {
    const x = float32(randomTensor([1, 64, 32, 32], { seed: 21 }));
    const w = float32(randomTensor([64, 32, 4, 4], { seed: 22 }));
    const first = convTranspose(x, w, { strides: 2, pads: 1 });
    // The WebAssembly engine keeps y's copy between calls: 32 * 64 * 64 float32 values.
    expect(memoryInUse()).toBeGreaterThanOrEqual(32 * 64 * 64 * 4);
    releaseMemory();
    expect(memoryInUse()).toBe(0);
    const again = convTranspose(x, w, { strides: 2, pads: 1 });
    expect(again.data).toEqual(first.data); // same engine, same order of sums
    expect(memoryInUse()).toBeGreaterThan(0);
  });

  it('also frees the TypeScript engine\'s scratch arrays (float64 data)', () => {
    const x = randomTensor([2, 16, 8, 8], { seed: 23 });
    const w = randomTensor([16, 8, 3, 3], { seed: 24 });
    const want = convTransposeReference(x, w, { strides: 2 });
    convTranspose(x, w, { strides: 2 });
    expect(memoryInUse()).toBeGreaterThan(0);
    releaseMemory();
    expect(memoryInUse()).toBe(0);
    expectClose(convTranspose(x, w, { strides: 2 }), want, 1e-12);
  });
});

describe('layering', () => {
  it('the kernels in src/fast/ import only the ground floor (tensor, shape, errors, checks), never an operator above them', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../src/fast/', import.meta.url);
    const allowed = new Set(['../tensor', '../shape', '../errors', '../checks']);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      for (const [, from] of source.matchAll(/from '(\.\.\/[^']+)'/g)) expect(allowed.has(from), `${file} imports ${from}`).toBe(true);
    }
  });

  it('every kernel of the registry has a name of its own, at least one run, and memory pools', async () => {
    const { KERNELS } = await import('../src/fast/registry');
    expect(new Set(KERNELS.map((k) => k.name)).size).toBe(KERNELS.length);
    for (const k of KERNELS) {
      expect(k.conv ?? k.convTranspose ?? k.gradWeight).toBeDefined();
      for (const run of [k.conv, k.convTranspose, k.gradWeight]) if (run) expect(run.engines).toContain('typescript');
      expect(k.memory.length).toBeGreaterThan(0);
    }
  });
});
