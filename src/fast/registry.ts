/**
 * The fast kernels, in the order the dispatcher tries them: the first that has a run for the
 * op and applies to the problem wins, so structured kernels come before the general GEMM.
 * Adding a kernel: one file declaring a `KernelConfig` (kernel.ts), and one line here.
 */
import { depthwiseKernel } from './depthwiseKernel';
import { directKernel } from './direct';
import { gemmKernel } from './gemmKernel';
import type { KernelConfig } from './kernel';
import { separableKernel } from './separableKernel';

/**
 * The registered kernels, in the order the dispatcher tries them (structured kernels first,
 * the general im2col + GEMM last). The registry's design follows TensorFlow.js's kernel
 * registry (tfjs-core `registerKernel`, https://github.com/tensorflow/tfjs/blob/master/tfjs-core/src/kernel_registry.ts).
 *
 * @example
 * import { KERNELS } from 'deconv';
 * console.log(KERNELS.map((k) => k.name)); // => ["direct","separable","depthwise","gemm"]
 */
export const KERNELS: readonly KernelConfig[] = [
  directKernel,
  separableKernel,
  depthwiseKernel,
  gemmKernel,
];
