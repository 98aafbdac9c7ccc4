/**
 * The memory the fast kernels keep between calls, and how to give it back: the pools every
 * kernel of the registry declares. Kernels reuse their work buffers from call to call (a
 * decoder layer runs once per frame): the TypeScript engine's scratch arrays, and the
 * WebAssembly engines' memories, which hold copies of x, w and the output. A WebAssembly
 * memory can only grow, so after one large layer the only way to return it is to drop the
 * instance; the next call builds a new one (about a millisecond).
 */
import type { MemoryPool } from './kernel';
import { KERNELS } from './registry';

/** Every pool of every kernel, each once. */
function pools(): MemoryPool[] {
  return [...new Set(KERNELS.flatMap((k) => k.memory))];
}

/**
 * Bytes held now between calls by the fast kernels (scratch arrays and WebAssembly memories),
 * summed over the pools the registry's kernels declare. Throws nothing.
 *
 * @example
 * import { conv, memoryInUse, releaseMemory, tensor } from 'deconv';
 * releaseMemory();
 * console.log(memoryInUse()); // => 0
 * // A layer keeps its work buffers for the next call (how many bytes depends on the engine).
 * conv(tensor(new Float32Array(64 * 64), [1, 1, 64, 64]), tensor(new Float32Array(9), [1, 1, 3, 3]));
 * console.log(memoryInUse() > 0); // => true
 */
export function memoryInUse(): number {
  return pools().reduce((sum, p) => sum + p.bytes(), 0);
}

/**
 * Returns all of it: scratch arrays and WebAssembly instances are rebuilt on the next call (a
 * WebAssembly memory can only grow, so dropping the instance is the only way to shrink it;
 * https://webassembly.github.io/spec/core/syntax/instructions.html#memory-instructions). Throws nothing.
 *
 * @example
 * import { conv, memoryInUse, releaseMemory, tensor } from 'deconv';
 * conv(tensor(new Float32Array(64 * 64), [1, 1, 64, 64]), tensor(new Float32Array(9), [1, 1, 3, 3]));
 * releaseMemory();
 * console.log(memoryInUse()); // => 0
 */
export function releaseMemory(): void {
  for (const p of pools()) p.release();
}
