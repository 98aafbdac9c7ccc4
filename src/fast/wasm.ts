/**
 * A tiny WebAssembly assembler: just enough of the binary format (WebAssembly Core
 * Specification 2.0, chapter 5 "Binary Format", and the fixed-width SIMD proposal's opcode
 * table) to emit the SIMD kernels in `simdGemm.ts` from TypeScript, with no toolchain and no
 * binary blob in the repository. Instructions are written as in the text format:
 *     [...local.get(0), ...i32.const(4), ...i32.add]
 *
 * The modules stay under 4 KB, the limit below which browsers compile synchronously on the main
 * thread (`new WebAssembly.Module`), so the kernels are ready on first use without a promise.
 *
 * The core keeps to the ES2022 library, which does not declare `WebAssembly`; the few members
 * used are typed here and looked up on globalThis, so a host without WebAssembly (or without
 * SIMD) simply gets `null` and the scalar TypeScript kernels.
 *
 * How the bytes are laid out
 *   - An instruction is its opcode byte, then its immediates: local indices and constants as
 *     LEB128 (`u32`, `s32`), memory accesses as a memarg (log2 alignment hint, byte offset).
 *   - SIMD and relaxed-SIMD instructions share the prefix byte 0xfd, followed by their index in
 *     the proposal's table as an unsigned LEB128 (so index 0x105 is the three bytes fd 85 02).
 *   - Blocks (`block`, `loop`, `if`) take a block type (0x40: no result) and close with `end`;
 *     `br n` jumps to the n-th enclosing label: out of a `block`, back to the top of a `loop`.
 *   - `assemble` wraps functions into a module: type, import (env.memory), function, export
 *     and code sections, each as id, byte length, contents.
 *
 * Adding an opcode
 *   1. Find it in the specification's opcode table (Core Spec 2.0 section 5.4 "Instructions";
 *      SIMD in 5.4.8; relaxed SIMD in the proposal's Overview.md, "Binary format").
 *   2. Add it to the object of its value type below, as the bytes it encodes to: a constant
 *      array when it has no immediates (`add: [0x6a]`, `mul: simd(0xe6)`), a function of its
 *      immediates otherwise (`load: (offset) => [0x28, ...memarg(2, offset)]`, 2 = log2 of
 *      the natural alignment of 4 bytes).
 *   3. Add a case to `test/wasm.test.ts`, which checks encodings byte for byte and runs small
 *      modules; `WebAssembly.validate` on a module that uses the opcode catches a wrong byte.
 *   4. An opcode from a proposal that not every host ships (relaxed SIMD) goes in a module of
 *      its own, tried with `validate` before use, with a fallback (see `simdGemm.ts`).
 */

/** The members of the WebAssembly JavaScript API used by the kernels. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** The host's WebAssembly API, or null. */
export function wasmApi(): WasmApi | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return api !== undefined && typeof api.validate === 'function' ? api : null;
}

/**
 * Compiles and instantiates `bytes` on a fresh memory of 16 pages (1 MiB; it grows on demand):
 * the memory and the exported functions, or null where the host has no WebAssembly, refuses
 * the module (no SIMD, no relaxed SIMD) or cannot allocate it. Synchronous: the modules stay
 * under the 4 KB that browsers compile on the main thread.
 */
export function instantiate(bytes: Uint8Array): { memory: WasmMemory; exports: Record<string, unknown> } | null {
  const api = wasmApi();
  if (api === null || !api.validate(bytes)) return null;
  try {
    const memory = new api.Memory({ initial: 16 });
    return { memory, exports: new api.Instance(new api.Module(bytes), { env: { memory } }).exports };
  } catch {
    return null;
  }
}

/** Bytes of a memory page. */
export const PAGE = 65536;

/** Unsigned LEB128. */
export function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128. */
export function s32(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A vector: its length, then its items. */
export function vec(items: readonly (readonly number[])[]): number[] {
  const out = u32(items.length);
  for (const item of items) out.push(...item);
  return out;
}

function name(text: string): number[] {
  return vec([...text].map((c) => [c.charCodeAt(0)]));
}

function section(id: number, body: readonly number[]): number[] {
  return [id, ...u32(body.length), ...body];
}

/** Value types. */
export const i32t = 0x7f;
export const f32t = 0x7d;
export const v128t = 0x7b;

/** Instructions (text-format names; SIMD opcodes are 0xfd followed by a LEB128 index). */
const simd = (code: number): number[] => [0xfd, ...u32(code)];
/** memarg: log2 of the alignment, then a constant byte offset added to the address. */
const memarg = (align: number, offset: number): number[] => [...u32(align), ...u32(offset)];
/** Locals (parameters first, then declared locals, numbered from 0): read, write, write and keep on the stack. */
export const local = {
  get: (i: number) => [0x20, ...u32(i)],
  set: (i: number) => [0x21, ...u32(i)],
  tee: (i: number) => [0x22, ...u32(i)],
};
/**
 * 32-bit integers (addresses, counters): a signed-LEB128 constant, a load (natural alignment
 * 2^2), the comparisons used (signed; each pushes 1 or 0) and arithmetic. Opcodes 0x41, 0x28,
 * 0x45-0x4e, 0x6a-0x74 (Core Spec 5.4.1, 5.4.6, 5.4.7).
 */
export const i32 = {
  const: (v: number) => [0x41, ...s32(v)],
  load: (offset = 0) => [0x28, ...memarg(2, offset)],
  eqz: [0x45], ne: [0x47], lt_s: [0x48], gt_s: [0x4a], le_s: [0x4c], ge_s: [0x4e],
  add: [0x6a], sub: [0x6b], mul: [0x6c], shl: [0x74],
};
/** Scalar 32-bit floats: load and store (alignment 2^2) and the two operations the scalar loops need (0x2a, 0x38, 0x92, 0x94). */
export const f32 = {
  load: (offset = 0) => [0x2a, ...memarg(2, offset)],
  store: (offset = 0) => [0x38, ...memarg(2, offset)],
  add: [0x92], mul: [0x94],
};
/**
 * 128-bit vectors, lane-agnostic (SIMD 5.4.8): load and store (alignment hint 2^4; unaligned
 * addresses are still allowed), load one 32-bit value into all four lanes, and the all-zero
 * constant (v128.const with 16 immediate bytes).
 */
export const v128 = {
  load: (offset = 0) => [...simd(0x00), ...memarg(4, offset)],
  load32_splat: (offset = 0) => [...simd(0x09), ...memarg(2, offset)],
  store: (offset = 0) => [...simd(0x0b), ...memarg(4, offset)],
  zero: [...simd(0x0c), ...new Array<number>(16).fill(0)],
};
/** Four float32 lanes (SIMD 5.4.8): splat a scalar, lane-wise add and multiply (IEEE, not fused). */
export const f32x4 = {
  splat: simd(0x13), add: simd(0xe4), mul: simd(0xe6),
  /**
   * Relaxed SIMD: a*b + c for operands pushed a, b, c, fused or not at the host's choice (so
   * results may differ in the last bit between hosts). Chromium 114+; Node 20 only with
   * --experimental-wasm-relaxed-simd.
   */
  relaxed_madd: simd(0x105),
};
/** Structured control (Core Spec 5.4.1): labels are counted outwards from the innermost block. */
export const control = {
  /** block/loop/if with no result (block type 0x40). */
  block: [0x02, 0x40], loop: [0x03, 0x40], if: [0x04, 0x40], else: [0x05], end: [0x0b],
  br: (depth: number) => [0x0c, ...u32(depth)],
  br_if: (depth: number) => [0x0d, ...u32(depth)],
  /** Calls the module's function number `index` (the order given to `assemble`). */
  call: (index: number) => [0x10, ...u32(index)],
};

/** One exported function: its parameter types, extra locals by type, and its body (without the final `end`). */
export interface WasmFunction {
  name: string;
  params: number[];
  locals: { type: number; count: number }[];
  body: number[];
}

/** A module that imports its memory as env.memory and exports the given functions (no results). */
export function assemble(functions: readonly WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec([])]);
  const bodies = functions.map((f) => {
    const code = [...vec(f.locals.map((l) => [...u32(l.count), l.type])), ...f.body, ...control.end];
    return [...u32(code.length), ...code];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...u32(1)]])), // memory, min 1 page
    ...section(3, vec(functions.map((_, i) => u32(i)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...u32(i)]))),
    ...section(10, vec(bodies)),
  ]);
}

/** Concatenates instruction fragments. */
export function code(...parts: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  for (const p of parts) out.push(...p);
  return out;
}
