/**
 * Picks the fast kernel for a convolution from its shapes (and, for the separable kernel, its
 * weights). Each choice is the cheapest exact evaluation we have for that structure:
 *
 *   - depthwise: one input channel per output channel (a GEMM's reduction would have length 1);
 *   - separable: depthwise, 2-D, every kernel slice rank 1, and the two 1-D passes cost less
 *     than the direct taps (see `separableGain`);
 *   - gemm: everything else of spatial rank <= 3 (im2col / col2im + packed GEMM);
 *   - reference: spatial rank > 3, left to the reference gather loop.
 */
import { fail } from '../errors';
import type { ConvInfo } from '../shape';
import type { DType } from '../tensor';
import { MAX_FAST_RANK } from './geometry';
import { separableFactors } from './separable';
import { simdGemm } from './simdGemm';

export type FastKernel = 'gemm' | 'depthwise' | 'separable' | 'reference';

export interface KernelChoice {
  kernel: FastKernel;
  /**
   * The GEMM engine: 'simd' (WebAssembly SIMD, float32 sums: the build setEngine selects,
   * relaxed or plain) for float32 data where the host has it, else 'scalar' (TypeScript,
   * float64 sums). float64 data always runs on 'scalar', whatever the choice says.
   */
  engine: 'simd' | 'scalar';
  /** The rank-1 factors of every kernel slice, when kernel = 'separable'. */
  factors?: { u: Float64Array; v: Float64Array }[];
}

/**
 * Products per output of the direct depthwise kernel over the separable one, for kernel
 * (kh, kw), strides (sh, sw) and `transposed` or forward. Transposed: each output meets about
 * (kh/sh)(kw/sw) taps directly, against kh/sh in the column pass plus (kw/sw)/sh per output
 * for the row pass (it runs on the sh-times smaller input). Forward: kh*kw against kh + kw*sh.
 * One extra unit stands for the second pass over memory.
 */
export function separableGain(kh: number, kw: number, sh: number, sw: number, transposed: boolean): number {
  if (transposed) {
    const ty = kh / sh, tx = kw / sw;
    return (ty * tx) / (ty + tx / sh + 1);
  }
  return (kh * kw) / (kh + kw * sh + 1);
}

/**
 * The engines float32 work can run on, fastest first:
 *   'wasm-relaxed'  WebAssembly SIMD with relaxed-SIMD fused multiply-add in the GEMM
 *                   (Chromium 114+; Node only with --experimental-wasm-relaxed-simd)
 *   'wasm-simd'     WebAssembly SIMD, f32x4 multiply then add (every current browser, Node 16.4+)
 *   'typescript'    plain TypeScript, sums in float64 (any host; float64 data always runs here)
 */
export type EngineName = 'wasm-relaxed' | 'wasm-simd' | 'typescript';
const ENGINES: readonly EngineName[] = ['wasm-relaxed', 'wasm-simd', 'typescript'];

let preferred: EngineName | 'auto' = 'auto';

/** The engines this host can run, fastest first ('typescript' always). */
export function availableEngines(): EngineName[] {
  return ENGINES.filter((e) => e === 'typescript' || simdGemm(e === 'wasm-relaxed') !== null);
}

/**
 * Chooses the engine for float32 work: 'auto' (the default) takes the fastest available;
 * 'typescript' forces the pure-TypeScript path (to compare, or to get float64 sums for
 * float32 data). Asking for an engine the host lacks throws, naming what it has. Returns the
 * previous setting, so that a caller can put it back:
 *     const before = setEngine('typescript'); try { ... } finally { setEngine(before); }
 */
export function setEngine(engine: EngineName | 'auto'): EngineName | 'auto' {
  if (engine !== 'auto' && !ENGINES.includes(engine)) {
    fail('setEngine', `engine=${String(engine)} must be one of auto, ${ENGINES.join(', ')}`);
  }
  if (engine !== 'auto' && !availableEngines().includes(engine)) {
    fail('setEngine', `engine=${engine} must be one this host has: auto, ${availableEngines().join(', ')}`);
  }
  const before = preferred;
  preferred = engine;
  return before;
}

/** The engine float32 work runs on now (after setEngine, or the fastest available). */
export function currentEngine(): EngineName {
  return preferred === 'auto' ? availableEngines()[0] : preferred;
}

/** The GEMM engine for data of this dtype: SIMD for float32 where available (float32 sums), else scalar (float64 sums). */
export function engineFor(dtype: DType): 'simd' | 'scalar' {
  return dtype === 'float32' && currentEngine() !== 'typescript' ? 'simd' : 'scalar';
}

/**
 * Below this many multiply-adds a WebAssembly call's fixed cost (copying in and out of its
 * memory) outweighs SIMD, and the TypeScript engine is faster (S1, an 8x8 toy layer: 0.027 ms
 * against 0.040 ms on the benchmark machine).
 */
export const SIMD_MIN_WORK = 2048;

/** Multiply-adds of the layer: N * C_out * (C_in/G) * taps * prod(out) of the forward convolution (same for its transpose). */
function workOf(info: ConvInfo): number {
  const taps = info.kernel.reduce((p, k) => p * k, 1);
  const out = info.outShape.reduce((p, n) => p * n, 1);
  return info.batch * info.outChannels * (info.inChannels / info.groups) * taps * out;
}

function choose(info: ConvInfo, w: ArrayLike<number>, dtype: DType, transposed: boolean): KernelChoice {
  const engine = workOf(info) < SIMD_MIN_WORK ? 'scalar' : engineFor(dtype);
  if (info.rank > MAX_FAST_RANK) return { kernel: 'reference', engine };
  const perGroup = transposed ? info.outChannels / info.groups : info.inChannels / info.groups;
  if (perGroup !== 1) return { kernel: 'gemm', engine };
  if (info.rank === 2) {
    const [kh, kw] = info.kernel;
    const [sh, sw] = info.strides;
    if (kh > 1 && kw > 1 && separableGain(kh, kw, sh, sw, transposed) > 1) {
      const slices = transposed ? info.outChannels * (info.inChannels / info.groups) : info.outChannels;
      const factors = separableFactors(w, slices, kh, kw);
      if (factors !== null) return { kernel: 'separable', engine, factors };
    }
  }
  return { kernel: 'depthwise', engine };
}

/** The kernel `convTranspose` runs for this record (from prepareConvTranspose), weight data and dtype of x. */
export function selectConvTranspose(info: ConvInfo, w: ArrayLike<number>, dtype: DType): KernelChoice {
  return choose(info, w, dtype, true);
}

/** The kernel `conv` runs for this record (from prepareConv), weight data and dtype of x. */
export function selectConv(info: ConvInfo, w: ArrayLike<number>, dtype: DType): KernelChoice {
  return choose(info, w, dtype, false);
}
