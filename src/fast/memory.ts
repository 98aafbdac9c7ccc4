/**
 * The memory the fast kernels keep between calls, and when it is given back: the pools every
 * kernel of the registry declares. Kernels reuse their work buffers from call to call (a
 * decoder layer runs once per frame): the TypeScript engine's scratch arrays, and the
 * WebAssembly engines' memories, which hold copies of x, w and the output. A WebAssembly
 * memory can only grow, so after one large layer the only way to return it is to drop the
 * instance; the next call builds a new one (about a millisecond).
 *
 * Release policy (`afterRun`, called by the dispatcher after every kernel run), so that long
 * use stays bounded without calls to `releaseMemory()`:
 * - over the cap: when the pools hold more than MEMORY_CAP bytes after a call, all of it is
 *   released at once, so between calls the kernels never hold more than MEMORY_CAP (a call may
 *   need more while it runs: up to its own problem's buffers);
 * - much smaller problems: when SMALL_CALLS calls in a row each had operands less than
 *   1/SHRINK_RATIO the size of the largest problem since the memory was last released (and more
 *   than SHRINK_FLOOR is held), the memory is released, so that one large layer does not pin its
 *   buffers while a figure redraws small ones. Comparing problems with problems (not with the
 *   bytes held, which include packed panels and tiles) keeps a steady layer from ever releasing.
 */
import type { MemoryPool } from './kernel';
import { KERNELS } from './registry';

/**
 * The most bytes the fast kernels keep between calls: 64 MiB (2^26). Past it, the pools are
 * released after the call (see the file's comment); `memoryInUse()` reports what they hold.
 *
 * @example
 * import { MEMORY_CAP, convTranspose, memoryInUse, randomTensor } from 'deconv';
 * console.log(MEMORY_CAP === 64 * 1024 * 1024); // => true
 * // A U-Net-sized layer (64 -> 32 channels, 32x32 -> 64x64) leaves its buffers below the cap.
 * convTranspose(randomTensor([1, 64, 32, 32], { dtype: 'float32' }), randomTensor([64, 32, 4, 4], { dtype: 'float32' }), { strides: 2, pads: 1 });
 * console.log(memoryInUse() <= MEMORY_CAP); // => true
 */
export const MEMORY_CAP = 2 ** 26;
/** A problem "much smaller" than the memory held needs less than 1/SHRINK_RATIO of it. */
const SHRINK_RATIO = 8;
/** How many much smaller calls in a row release the memory (one is not a trend). */
const SMALL_CALLS = 4;
/** Below this many bytes held, nothing is released for being large: rebuilding would cost more than it saves. */
const SHRINK_FLOOR = 2 ** 20;

let smallCalls = 0;
/** Operand bytes of the largest problem since the last release: what the held memory was sized for. */
let largestProblem = 0;

/** Every pool of every kernel, each once (listed on first use: the registry is fixed). */
let allPools: readonly MemoryPool[] | undefined;
function pools(): readonly MemoryPool[] {
  return (allPools ??= [...new Set(KERNELS.flatMap((k) => k.memory))]);
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
  // A loop, not reduce with a closure: afterRun asks after every call, tiny layers' too.
  const list = pools();
  let bytes = 0;
  for (let i = 0; i < list.length; i++) bytes += list[i].bytes();
  return bytes;
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
  smallCalls = 0;
  largestProblem = 0;
}

/**
 * The release policy, after a kernel run whose operands (x, w and y, or x, dy and dw) hold
 * `problemBytes`: releases everything over MEMORY_CAP, or after SMALL_CALLS much smaller calls.
 * Kernels running on the TypeScript engine count too: they share the scratch pool.
 */
export function afterRun(problemBytes: number): void {
  const held = memoryInUse();
  if (held > MEMORY_CAP) return releaseMemory();
  largestProblem = Math.max(largestProblem, problemBytes);
  if (held <= SHRINK_FLOOR || problemBytes * SHRINK_RATIO >= largestProblem) {
    smallCalls = 0;
    return;
  }
  if (++smallCalls >= SMALL_CALLS) releaseMemory();
}
