/**
 * Separable depthwise convolutions: 2-D, every kernel slice of rank 1 (u v^T), and the two
 * 1-D passes cheaper than the direct taps (`separableGain`). Runs in `separable.ts` (and by
 * WebAssembly SIMD for the transposed op, `simdDepthwise.ts`). It depends on the weights'
 * values, so its plan is the factors.
 */
import { isDepthwise } from './depthwiseKernel';
import type { KernelConfig } from './kernel';
import { scratchMemory } from './scratch';
import { separableConv, separableConvTranspose, separableFactors } from './separable';
import { simdDepthwiseAvailable, simdDepthwiseMemory, simdSeparableConvTranspose } from './simdDepthwise';

type Factors = { u: Float64Array; v: Float64Array }[];

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

export const separableKernel: KernelConfig = {
  name: 'separable',
  readsWeights: true,
  applies: ({ op, info, w }) => {
    if (w === undefined || info.rank !== 2 || !isDepthwise(op, info)) return null;
    const [kh, kw] = info.kernel;
    const [sh, sw] = info.strides;
    const transposed = op === 'convTranspose';
    if (kh < 2 || kw < 2 || separableGain(kh, kw, sh, sw, transposed) <= 1) return null;
    const slices = transposed ? info.outChannels * (info.inChannels / info.groups) : info.outChannels;
    return separableFactors(w, slices, kh, kw);
  },
  conv: { engines: ['typescript'], run: (a) => separableConv(a.geo, a.x, a.plan as Factors, a.bias, a.y) },
  convTranspose: {
    engines: ['wasm-simd', 'typescript'],
    run: (a) => {
      if (a.engine !== 'typescript' && a.x instanceof Float32Array && a.y instanceof Float32Array && simdDepthwiseAvailable()) {
        simdSeparableConvTranspose(a.geo, a.x, a.plan as Factors, a.bias, a.y);
      } else {
        separableConvTranspose(a.geo, a.x, a.plan as Factors, a.bias, a.y);
      }
    },
  },
  memory: [scratchMemory, simdDepthwiseMemory],
};
