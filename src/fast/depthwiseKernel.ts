/**
 * Depthwise convolutions: one small-side channel per group (a GEMM's reduction would have
 * length 1), computed tap by tap (`depthwise.ts`; transposed also by WebAssembly SIMD stamps,
 * `simdDepthwise.ts`).
 */
import type { ConvInfo } from '../shape';
import { MAX_FAST_RANK } from './geometry';
import { depthwiseConv, depthwiseConvTranspose } from './depthwise';
import type { KernelConfig, KernelOp } from './kernel';
import { scratchMemory } from './scratch';
import { simdDepthwiseAvailable, simdDepthwiseConvTranspose, simdDepthwiseMemory } from './simdDepthwise';

/** Whether each group reduces over one channel: the transposed op's input channels, the forward op's input channels. */
export function isDepthwise(op: KernelOp, info: ConvInfo): boolean {
  if (op === 'gradWeight' || info.rank > MAX_FAST_RANK) return false;
  return (op === 'convTranspose' ? info.outChannels : info.inChannels) === info.groups;
}

export const depthwiseKernel: KernelConfig = {
  name: 'depthwise',
  applies: ({ op, info }) => (isDepthwise(op, info) ? true : null),
  conv: { engines: ['typescript'], run: (a) => depthwiseConv(a.geo, a.x, a.w, a.bias, a.y) },
  convTranspose: {
    engines: ['wasm-simd', 'typescript'],
    run: (a) => {
      if (a.engine !== 'typescript' && a.x instanceof Float32Array && a.y instanceof Float32Array && simdDepthwiseAvailable()) {
        simdDepthwiseConvTranspose(a.geo, a.x, a.w, a.bias, a.y);
      } else {
        depthwiseConvTranspose(a.geo, a.x, a.w, a.bias, a.y);
      }
    },
  },
  memory: [scratchMemory, simdDepthwiseMemory],
};
