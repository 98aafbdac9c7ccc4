/**
 * The GEMM macro-kernel of `gemm.ts` as WebAssembly SIMD (128-bit, f32x4), emitted by
 * `wasm.ts`. Same packed layouts and loop order (BLIS: NR-column panels of B outside, MR-row
 * panels of A inside, a register tile in the innermost k loop), with a 4 x 8 tile held in
 * eight f32x4 accumulators:
 *
 *     for p < kc:  b0, b1 = B[p, 0..3], B[p, 4..7];  for i < 4: a = splat(A[i, p]);
 *                  c[i][0] += a * b0;  c[i][1] += a * b1
 *
 * 4 x 8 measured fastest of 2x16 .. 8x8 on the bench machine (about 35 GFLOP/s against
 * 4.5-5 for the scalar kernel: no bounds checks, four lanes per instruction). Sums are in
 * float32 (relative error about k * 2^-24), so this engine serves float32 data only.
 *
 * Two builds of the module: `c += a * b` as f32x4.mul then f32x4.add (WebAssembly SIMD, every
 * current host), or as one relaxed-SIMD f32x4.relaxed_madd (fused where the CPU has FMA), tried
 * with WebAssembly.validate and used where the host accepts it (Chromium 114+; Node 20 with
 * --experimental-wasm-relaxed-simd). The module also exports col2im's scatter and the gathers
 * of `simdGather.ts` that pack B (`gather`) and A (`gatherA`), so that the lowerings' packing
 * runs without bounds checks too.
 */
import type { GemmBuffers, GemmEngine, GemmSizes } from './gemm';
import { gatherFunction } from './simdGather';
import {
  PAGE, assemble, code, control, f32, i32, i32t, local, v128, v128t, instantiate, f32x4, type WasmMemory,
} from './wasm';

const MR = 4;
const VECTORS = 2; // f32x4 vectors per row of the tile
const NR = 4 * VECTORS;

/**
 * gemm(mc, nc, kc, aPtr, bPtr, cPtr, ldcBytes, accumulate): C (+)= A B over the packed block;
 * mc and nc are multiples of MR and NR, pointers are byte addresses.
 */
function macroKernel(relaxed: boolean): number[] {
  // Parameters 0-7, then i32 locals 8-13, then v128 locals.
  const [mc, nc, kc, aPtr, bPtr, cPtr, ldc, accumulate] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [jb, ib, pa, pb, p, cp] = [8, 9, 10, 11, 12, 13];
  const acc = (i: number, v: number) => 14 + i * VECTORS + v;
  const b = (v: number) => 14 + MR * VECTORS + v;
  const a = 14 + MR * VECTORS + VECTORS;
  const microTile: number[][] = [];
  for (let v = 0; v < VECTORS; v++) microTile.push(code(local.get(pb), v128.load(16 * v), local.set(b(v))));
  for (let i = 0; i < MR; i++) {
    microTile.push(code(local.get(pa), v128.load32_splat(4 * i), local.set(a)));
    for (let v = 0; v < VECTORS; v++) {
      microTile.push(relaxed
        ? code(local.get(a), local.get(b(v)), local.get(acc(i, v)), f32x4.relaxed_madd, local.set(acc(i, v)))
        : code(local.get(acc(i, v)), local.get(a), local.get(b(v)), f32x4.mul, f32x4.add, local.set(acc(i, v))));
    }
  }
  const store = (add: boolean) => {
    const out: number[][] = [];
    for (let i = 0; i < MR; i++) {
      for (let v = 0; v < VECTORS; v++) {
        out.push(add
          ? code(local.get(cp), local.get(cp), v128.load(16 * v), local.get(acc(i, v)), f32x4.add, v128.store(16 * v))
          : code(local.get(cp), local.get(acc(i, v)), v128.store(16 * v)));
      }
      out.push(code(local.get(cp), local.get(ldc), i32.add, local.set(cp)));
    }
    return code(...out);
  };
  const zero: number[][] = [];
  for (let i = 0; i < MR; i++) for (let v = 0; v < VECTORS; v++) zero.push(code(v128.zero, local.set(acc(i, v))));
  return code(
    i32.const(0), local.set(jb),
    control.block, control.loop, // for jb < nc (NR-column panels of B)
    local.get(jb), local.get(nc), i32.ge_s, control.br_if(1),
    i32.const(0), local.set(ib),
    control.block, control.loop, // for ib < mc (MR-row panels of A)
    local.get(ib), local.get(mc), i32.ge_s, control.br_if(1),
    local.get(aPtr), local.get(ib), local.get(kc), i32.mul, i32.const(4), i32.mul, i32.add, local.set(pa),
    local.get(bPtr), local.get(jb), local.get(kc), i32.mul, i32.const(4), i32.mul, i32.add, local.set(pb),
    ...zero,
    local.get(kc), local.set(p),
    control.block, control.loop, // for p < kc
    local.get(p), i32.eqz, control.br_if(1),
    ...microTile,
    local.get(pa), i32.const(4 * MR), i32.add, local.set(pa),
    local.get(pb), i32.const(4 * NR), i32.add, local.set(pb),
    local.get(p), i32.const(1), i32.sub, local.set(p),
    control.br(0), control.end, control.end,
    // cp = cPtr + ib*ldc + jb*4
    local.get(cPtr), local.get(ib), local.get(ldc), i32.mul, i32.add, local.get(jb), i32.const(4), i32.mul, i32.add, local.set(cp),
    local.get(accumulate), control.if, store(true), control.else, store(false), control.end,
    local.get(ib), i32.const(MR), i32.add, local.set(ib),
    control.br(0), control.end, control.end,
    local.get(jb), i32.const(NR), i32.add, local.set(jb),
    control.br(0), control.end, control.end,
  );
}

/**
 * scatter(out, outStride, outStep, c, cStep, count, rows): col2im's inner loops, byte addresses:
 * for r < rows, i < count: out[r*outStep + i*outStride] += c[r*cStep + 4i]. Scalar f32: the
 * strided writes do not fit vectors, but there are no bounds checks and no float conversions.
 */
function scatter(): number[] {
  const [out, outStride, outStep, c, cStep, count, rows] = [0, 1, 2, 3, 4, 5, 6];
  const [po, pc, i] = [7, 8, 9];
  return code(
    control.block, control.loop,
    local.get(rows), i32.eqz, control.br_if(1),
    local.get(out), local.set(po), local.get(c), local.set(pc), local.get(count), local.set(i),
    control.block, control.loop,
    local.get(i), i32.eqz, control.br_if(1),
    local.get(po), local.get(po), f32.load(0), local.get(pc), f32.load(0), f32.add, f32.store(0),
    local.get(po), local.get(outStride), i32.add, local.set(po),
    local.get(pc), i32.const(4), i32.add, local.set(pc),
    local.get(i), i32.const(1), i32.sub, local.set(i),
    control.br(0), control.end, control.end,
    local.get(out), local.get(outStep), i32.add, local.set(out),
    local.get(c), local.get(cStep), i32.add, local.set(c),
    local.get(rows), i32.const(1), i32.sub, local.set(rows),
    control.br(0), control.end, control.end,
  );
}

/** The module's bytes, with the relaxed-SIMD micro-kernel or the plain one (exported for the tests). */
export function simdGemmModule(relaxed = false): Uint8Array {
  return assemble([
    {
      name: 'gemm',
      params: new Array<number>(8).fill(i32t),
      locals: [{ type: i32t, count: 6 }, { type: v128t, count: MR * VECTORS + VECTORS + 1 }],
      body: macroKernel(relaxed),
    },
    { name: 'scatter', params: new Array<number>(7).fill(i32t), locals: [{ type: i32t, count: 3 }], body: scatter() },
    gatherFunction(NR),
    gatherFunction(MR, 'gatherA'),
  ]);
}

type MacroKernel = (mc: number, nc: number, kc: number, a: number, b: number, c: number, ldc: number, accumulate: number) => void;
type Scatter = (out: number, outStride: number, outStep: number, c: number, cStep: number, count: number, rows: number) => void;
type Gather = (dst: number, src: number, cols: number, rows: number, kc: number, panels: number) => void;

const REGIONS = ['a', 'b', 'c', 'out', 'source', 'rows', 'columns', 'weights', 'aRows', 'aColumns'] as const;

class SimdGemm implements GemmEngine {
  readonly mr = MR;
  readonly nr = NR;
  /** Byte addresses of the regions of the last reserve, in REGIONS order. */
  private at = new Array<number>(REGIONS.length).fill(0);

  readonly name: 'wasm-simd' | 'wasm-relaxed';

  constructor(
    readonly relaxed: boolean, private readonly memory: WasmMemory,
    private readonly kernel: MacroKernel, private readonly scatter: Scatter,
    private readonly gather: Gather, private readonly gatherRows: Gather,
  ) {
    this.name = relaxed ? 'wasm-relaxed' : 'wasm-simd';
  }

  reserve(sizes: GemmSizes): GemmBuffers {
    // Regions of 4-byte entries one after another, each 16-byte aligned for the v128 loads; the memory only grows.
    let end = 0;
    for (let r = 0; r < REGIONS.length; r++) {
      this.at[r] = end * 4;
      end += Math.ceil((sizes[REGIONS[r]] ?? 0) / 4) * 4;
    }
    const missing = end * 4 - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / PAGE));
    const buffer = this.memory.buffer; // a new ArrayBuffer after grow
    const f32 = (r: number, length: number) => new Float32Array(buffer, this.at[r], length);
    const has = (n: number | undefined): n is number => n !== undefined && n > 0;
    return {
      a: f32(0, sizes.a), b: f32(1, sizes.b), c: f32(2, sizes.c),
      out: has(sizes.out) ? f32(3, sizes.out) : null,
      source: has(sizes.source) ? f32(4, sizes.source) : null,
      rows: has(sizes.rows) ? new Int32Array(buffer, this.at[5], sizes.rows) : null,
      columns: has(sizes.columns) ? new Int32Array(buffer, this.at[6], sizes.columns) : null,
      weights: has(sizes.weights) ? f32(7, sizes.weights) : null,
      aRows: has(sizes.aRows) ? new Int32Array(buffer, this.at[8], sizes.aRows) : null,
      aColumns: has(sizes.aColumns) ? new Int32Array(buffer, this.at[9], sizes.aColumns) : null,
    };
  }

  scatterAdd(o: number, outStride: number, outStep: number, ci: number, cStep: number, count: number, rows: number): void {
    this.scatter(this.at[3] + o * 4, outStride * 4, outStep * 4, this.at[2] + ci * 4, cStep * 4, count, rows);
  }

  gatherB(bOffset: number, rowStart: number, kc: number, panels: number): void {
    this.gather(this.at[1] + bOffset * 4, this.at[4], this.at[6], this.at[5] + rowStart * 4, kc, panels);
  }

  /** Bytes of WebAssembly memory the engine holds (it only grows). */
  bytes(): number {
    return this.memory.buffer.byteLength;
  }

  gatherA(aOffset: number, rowStart: number, kc: number, panels: number): void {
    this.gatherRows(this.at[0] + aOffset * 4, this.at[7], this.at[9], this.at[8] + rowStart * 4, kc, panels);
  }

  multiply(mc: number, nc: number, kc: number, aOffset: number, bOffset: number, cOffset: number, ldc: number, accumulate: boolean): void {
    const mPad = Math.ceil(mc / MR) * MR, nPad = Math.ceil(nc / NR) * NR;
    this.kernel(mPad, nPad, kc, this.at[0] + aOffset * 4, this.at[1] + bOffset * 4, this.at[2] + cOffset * 4, ldc * 4, accumulate ? 1 : 0);
  }
}

/** The engines, once built: [plain, relaxed]; null where the host refuses the module. */
const engines: (SimdGemm | null | undefined)[] = [undefined, undefined];

function build(relaxed: boolean): SimdGemm | null {
  const built = instantiate(simdGemmModule(relaxed));
  if (built === null) return null;
  const { memory, exports } = built;
  return new SimdGemm(relaxed, memory, exports.gemm as MacroKernel, exports.scatter as Scatter, exports.gather as Gather, exports.gatherA as Gather);
}

/**
 * The SIMD engine (relaxed: the relaxed-SIMD build), or null where the host lacks WebAssembly
 * SIMD (or relaxed SIMD); then the caller falls back (relaxed -> plain -> scalar).
 */
export function simdGemm(relaxed = false): GemmEngine | null {
  const i = relaxed ? 1 : 0;
  if (engines[i] === undefined) engines[i] = build(relaxed);
  return engines[i] ?? null;
}

/** Bytes of WebAssembly memory held by the GEMM engines built so far. */
export function simdGemmBytes(): number {
  let bytes = 0;
  for (const e of engines) if (e) bytes += e.bytes();
  return bytes;
}

/** Drops the engines (their memory goes with them); the next simdGemm() builds a new one. */
export function releaseSimdGemm(): void {
  engines[0] = engines[1] = undefined;
}

/** The GEMM engines' WebAssembly memories as a memory pool (kernel.ts). */
export const simdGemmMemory = { name: 'wasm gemm', bytes: simdGemmBytes, release: releaseSimdGemm };
