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

/** Bytes held now between calls by the fast kernels (scratch arrays and WebAssembly memories). */
export function memoryInUse(): number {
  return pools().reduce((sum, p) => sum + p.bytes(), 0);
}

/** Returns all of it: scratch arrays and WebAssembly instances are rebuilt on the next call. */
export function releaseMemory(): void {
  for (const p of pools()) p.release();
}
