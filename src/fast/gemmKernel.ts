/**
 * The general kernel: convolutions lowered to a packed GEMM (`lowered.ts`), on every engine,
 * for any groups and spatial rank 1 to 3. Last in the list: it applies to everything the
 * structured kernels before it do not take.
 */
import { ENGINES, gemmEngine } from './engines';
import { MAX_FAST_RANK } from './geometry';
import type { KernelConfig } from './kernel';
import { gemmConv, gemmConvGradWeight, gemmConvTranspose } from './lowered';
import { scratchMemory } from './scratch';
import { simdGemmMemory } from './simdGemm';

export const gemmKernel: KernelConfig = {
  name: 'gemm',
  applies: ({ info }) => (info.rank <= MAX_FAST_RANK ? true : null),
  conv: { engines: ENGINES, run: (a) => gemmConv(gemmEngine(a.engine), a.geo, a.x, a.w, a.bias, a.y) },
  convTranspose: { engines: ENGINES, run: (a) => gemmConvTranspose(gemmEngine(a.engine), a.geo, a.x, a.w, a.bias, a.y) },
  gradWeight: { engines: ENGINES, run: (a) => gemmConvGradWeight(gemmEngine(a.engine), a.geo, a.x, a.dy, a.dw) },
  memory: [scratchMemory, simdGemmMemory],
};
