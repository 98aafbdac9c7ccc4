/**
 * Reused work buffers. The fast kernels run often on the same shapes (a decoder layer per
 * frame), so the packed panels and column tiles are kept between calls instead of being
 * allocated (and zero-filled) every time. Buffers only grow; `releaseScratch` drops them.
 * The kernels are synchronous and never hold a slot across a call into another kernel that
 * uses the same slot, so one buffer per slot is enough.
 */
const pool = new Map<string, Float64Array>();

/** A Float64Array of at least `length` entries for `slot`; its contents are undefined. */
export function scratch(slot: string, length: number): Float64Array {
  const have = pool.get(slot);
  if (have !== undefined && have.length >= length) return have;
  // Grow geometrically so that slowly increasing sizes do not reallocate every call.
  const buffer = new Float64Array(Math.max(length, Math.ceil((have?.length ?? 0) * 1.5)));
  pool.set(slot, buffer);
  return buffer;
}

/** Frees every scratch buffer (they are re-created on demand). */
export function releaseScratch(): void {
  pool.clear();
}

/** Total bytes held by the scratch buffers. */
export function scratchBytes(): number {
  let bytes = 0;
  for (const b of pool.values()) bytes += b.byteLength;
  return bytes;
}

/** The scratch arrays as a memory pool of the kernels that use them (kernel.ts). */
export const scratchMemory = { name: 'typescript scratch', bytes: scratchBytes, release: releaseScratch };
