/**
 * Matrix multiply C = A B on typed arrays, organised as in Goto & van de Geijn, "Anatomy of
 * High-Performance Matrix Multiplication" (ACM TOMS 34(3), 2008) and BLIS (Van Zee & van de
 * Geijn 2015): A and B are copied ("packed") into contiguous panels, MR rows of A and NR
 * columns of B interleaved per k step, and a register-tiled micro-kernel computes an MR x NR
 * block of C with MR*NR accumulators kept in registers:
 *
 *     C[i, j] = sum_p A[i, p] B[p, j],  one micro-tile:  c_ij += a_i * b_j  for p = 0 .. kc-1
 *
 * Packing makes every inner-loop load sequential whatever A's and B's layout, which is how
 * the convolution lowerings (im2col, col2im, `lowered.ts`) feed their operands without
 * materialising them. Panels are Float64Array: the sums run in double precision for float32
 * and float64 data alike, and V8 loads them without a float32 -> float64 conversion.
 * In scalar JavaScript a 4 x 4 tile measured best on this project's bench machine (about
 * 4.5-5 GFLOP/s; 3x3 to 6x4 all lie within 10%: the loads' bounds checks, not registers, bound it).
 * `simdGemm.ts` provides the same macro-kernel in WebAssembly SIMD for float32 data.
 */
import { scratch } from './scratch';

/** Rows of A per micro-panel of the scalar kernel. */
const MR = 4;
/** Columns of B per micro-panel of the scalar kernel. */
const NR = 4;

/** Packed panels: Float64Array for the scalar kernel, Float32Array (WebAssembly memory) for SIMD. */
export type PackBuffer = Float64Array | Float32Array;

/** Lengths of the buffers a lowering asks an engine for (`reserve`); the optional ones default to 0. */
export interface GemmSizes {
  a: number;
  b: number;
  c: number;
  /** An output buffer next to C, for scatterAdd. */
  out?: number;
  /** A copy of the tensor B is gathered from, and its row and column tables (gatherB). */
  source?: number;
  rows?: number;
  columns?: number;
  /** A copy of the weights A is gathered from, and its tables (gatherA). */
  weights?: number;
  aRows?: number;
  aColumns?: number;
}

export interface GemmBuffers {
  a: PackBuffer;
  b: PackBuffer;
  c: PackBuffer;
  /** The engine's own output buffer, or null when the caller's array serves. */
  out: PackBuffer | null;
  /** The gather sources and tables (engines with gatherB and gatherA), else null. */
  source: Float32Array | null;
  rows: Int32Array | null;
  columns: Int32Array | null;
  weights: Float32Array | null;
  aRows: Int32Array | null;
  aColumns: Int32Array | null;
}

/**
 * A packed-GEMM engine: its panel sizes, its buffers and its macro-kernel. The lowerings in
 * `lowered.ts` pack into `reserve`'s buffers with the engine's mr and nr, call `multiply`,
 * and read C back, so the scalar and the SIMD kernels share every other line.
 */
export interface GemmEngine {
  /** The engine's name in the one vocabulary (engines.ts). */
  readonly name: 'typescript' | 'wasm-simd' | 'wasm-relaxed';
  /** Rows of A per micro-panel and columns of B per micro-panel. */
  readonly mr: number;
  readonly nr: number;
  /** Buffers of at least these lengths (contents undefined), valid until the next reserve. */
  reserve(sizes: GemmSizes): GemmBuffers;
  /**
   * col2im's inner loops on the engine's buffers, offsets in elements:
   * out[o + r*outStep + i*outStride] += c[ci + r*cStep + i] for r < rows, i < count.
   * Present when reserve gives an out buffer.
   */
  scatterAdd?(o: number, outStride: number, outStep: number, ci: number, cStep: number, count: number, rows: number): void;
  /**
   * Packs `panels` full panels of B at b[bOffset] by the gather of `simdGather.ts`:
   * B(p, j) = source[rows[rowStart + p] + column j's offset], column table at columns[0].
   * Present when reserve gives a source buffer.
   */
  gatherB?(bOffset: number, rowStart: number, kc: number, panels: number): void;
  /**
   * Packs `panels` full mr-row panels of A at a[aOffset] the same way:
   * A(i, p) = weights[aRows[rowStart + p] + row i's offset], row table at aColumns[0].
   * Present when reserve gives a weights buffer.
   */
  gatherA?(aOffset: number, rowStart: number, kc: number, panels: number): void;
  /**
   * C[cOffset + i*ldc + j] (+)= sum_p A[i, p] B[p, j] for i < roundUp(mc, mr), j < roundUp(nc, nr),
   * with A packed at a[aOffset] (mc x kc) and B at b[bOffset] (kc x nc); offsets in elements.
   */
  multiply(mc: number, nc: number, kc: number, aOffset: number, bOffset: number, cOffset: number, ldc: number, accumulate: boolean): void;
}

/** n rounded up to a multiple of `to`. */
export function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/**
 * Packs the block rows [i0, i0+mc) x columns [p0, p0+kc) of a strided matrix A, whose element
 * (i, p) is a[offset + i*rowStride + p*colStride], into mr-row micro-panels starting at
 * dst[dstOffset]: panel r holds A[i0 + r*mr + ii, p0 + p] at (r*kc + p)*mr + ii. Rows past mc
 * are zero, so the micro-kernel never needs an edge case.
 */
export function packA(
  mr: number, dst: PackBuffer, dstOffset: number,
  a: ArrayLike<number>, offset: number, rowStride: number, colStride: number,
  i0: number, mc: number, p0: number, kc: number,
): void {
  for (let r = 0; r * mr < mc; r++) {
    const base = dstOffset + r * kc * mr;
    const rows = Math.min(mr, mc - r * mr);
    if (rows < mr) for (let p = 0; p < kc; p++) for (let ii = rows; ii < mr; ii++) dst[base + p * mr + ii] = 0;
    const first = offset + (i0 + r * mr) * rowStride + p0 * colStride;
    if (rowStride <= colStride) {
      // A stored by columns (e.g. W^T): read each column's mr entries together.
      for (let p = 0; p < kc; p++) {
        const from = first + p * colStride;
        for (let ii = 0; ii < rows; ii++) dst[base + p * mr + ii] = a[from + ii * rowStride];
      }
    } else {
      for (let ii = 0; ii < rows; ii++) {
        let from = first + ii * rowStride;
        for (let p = 0; p < kc; p++, from += colStride) dst[base + p * mr + ii] = a[from];
      }
    }
  }
}

/**
 * Packs the block rows [p0, p0+kc) x columns [j0, j0+nc) of a strided matrix B (element (p, j)
 * at b[offset + p*rowStride + j*colStride]) into nr-column micro-panels: panel q holds
 * B[p0 + p, j0 + q*nr + jj] at dst[dstOffset + (q*kc + p)*nr + jj]; columns past nc are zero.
 */
export function packB(
  nr: number, dst: PackBuffer, dstOffset: number,
  b: ArrayLike<number>, offset: number, rowStride: number, colStride: number,
  p0: number, kc: number, j0: number, nc: number,
): void {
  for (let q = 0; q * nr < nc; q++) {
    const base = dstOffset + q * kc * nr;
    for (let jj = 0; jj < nr; jj++) {
      const j = q * nr + jj;
      if (j >= nc) {
        for (let p = 0; p < kc; p++) dst[base + p * nr + jj] = 0;
        continue;
      }
      let from = offset + p0 * rowStride + (j0 + j) * colStride;
      for (let p = 0; p < kc; p++, from += rowStride) dst[base + p * nr + jj] = b[from];
    }
  }
}

/**
 * The micro-kernel: the MR x NR tile C[c + ii*ldc + jj] (+)= sum_p a[pa + p*MR + ii] * b[pb + p*NR + jj].
 * Sixteen named accumulators, because V8 keeps locals in registers but not array elements.
 */
function microKernel(
  kc: number, a: Float64Array, pa: number, b: Float64Array, pb: number,
  c: Float64Array, pc: number, ldc: number, accumulate: boolean,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0; p < kc; p++) {
    const b0 = b[pb], b1 = b[pb + 1], b2 = b[pb + 2], b3 = b[pb + 3];
    const a0 = a[pa], a1 = a[pa + 1], a2 = a[pa + 2], a3 = a[pa + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    pa += MR;
    pb += NR;
  }
  const r1 = pc + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
  if (accumulate) {
    c[pc] += c00; c[pc + 1] += c01; c[pc + 2] += c02; c[pc + 3] += c03;
    c[r1] += c10; c[r1 + 1] += c11; c[r1 + 2] += c12; c[r1 + 3] += c13;
    c[r2] += c20; c[r2 + 1] += c21; c[r2 + 2] += c22; c[r2 + 3] += c23;
    c[r3] += c30; c[r3 + 1] += c31; c[r3 + 2] += c32; c[r3 + 3] += c33;
  } else {
    c[pc] = c00; c[pc + 1] = c01; c[pc + 2] = c02; c[pc + 3] = c03;
    c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
    c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
    c[r3] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
  }
}

/**
 * The macro-kernel: C[roundUp(mc, MR) x roundUp(nc, NR)] at c[cOffset], row stride ldc, (+)= the
 * packed A block (mc x kc, from packA) times the packed B block (kc x nc, from packB).
 * C must have room for the rounded-up tile; the padding rows and columns receive zeros times data.
 */
function multiplyPacked(
  mc: number, nc: number, kc: number,
  a: Float64Array, aOffset: number, b: Float64Array, bOffset: number,
  c: Float64Array, cOffset: number, ldc: number, accumulate: boolean,
): void {
  for (let q = 0; q * NR < nc; q++) {
    const pb = bOffset + q * kc * NR;
    for (let r = 0; r * MR < mc; r++) {
      microKernel(kc, a, aOffset + r * kc * MR, b, pb, c, cOffset + r * MR * ldc + q * NR, ldc, accumulate);
    }
  }
}

/** The scalar engine: Float64Array panels (reused `scratch` buffers) and the 4 x 4 micro-kernel above. */
class ScalarGemm implements GemmEngine {
  readonly name = 'typescript' as const;
  readonly mr = MR;
  readonly nr = NR;
  /**
   * Packed A and packed B live in one array (A first, then B at `bStart`): with a single
   * typed array in the inner loop V8 checks its map and bounds once per step instead of
   * twice (about 10% faster on the bench machine).
   */
  private panels: Float64Array = new Float64Array(0);
  private bStart = 0;
  private c: Float64Array = new Float64Array(0);

  reserve({ a, b, c }: GemmSizes): GemmBuffers {
    this.panels = scratch('gemm.panels', a + b);
    this.bStart = a;
    this.c = scratch('gemm.c', c);
    return {
      a: this.panels.subarray(0, a), b: this.panels.subarray(a, a + b), c: this.c, out: null,
      source: null, rows: null, columns: null, weights: null, aRows: null, aColumns: null,
    };
  }

  multiply(mc: number, nc: number, kc: number, aOffset: number, bOffset: number, cOffset: number, ldc: number, accumulate: boolean): void {
    multiplyPacked(mc, nc, kc, this.panels, aOffset, this.panels, this.bStart + bOffset, this.c, cOffset, ldc, accumulate);
  }
}

export const scalarGemm: GemmEngine = new ScalarGemm();

/** Block sizes: a kc x nr panel of B stays in L1 and an mc x kc block of A in L2 (1 MiB here). */
export const KC = 256;
export const MC = 96;

/** A strided matrix operand: element (i, j) at data[offset + i*rowStride + j*colStride]. */
export interface Strided {
  data: ArrayLike<number>;
  offset: number;
  rowStride: number;
  colStride: number;
}

/**
 * C = A B (or C += A B) for strided A [m x k] and B [k x n], C dense row-major [m x n], by the
 * given engine: the plain blocked driver (pack A block, pack B block, multiply, copy out).
 */
export function gemm(
  engine: GemmEngine, m: number, n: number, k: number, a: Strided, b: Strided,
  c: { [i: number]: number }, accumulate: boolean,
): void {
  const { mr, nr } = engine;
  const mc = Math.min(MC, roundUp(m, mr));
  const kc = Math.min(KC, k);
  const nc = roundUp(Math.min(n, 512), nr);
  const buffers = engine.reserve({ a: mc * kc, b: kc * nc, c: mc * nc });
  for (let j0 = 0; j0 < n; j0 += nc) {
    const width = Math.min(nc, n - j0);
    for (let i0 = 0; i0 < m; i0 += mc) {
      const height = Math.min(mc, m - i0);
      for (let p0 = 0; p0 < k; p0 += kc) {
        const depth = Math.min(kc, k - p0);
        packA(mr, buffers.a, 0, a.data, a.offset, a.rowStride, a.colStride, i0, height, p0, depth);
        packB(nr, buffers.b, 0, b.data, b.offset, b.rowStride, b.colStride, p0, depth, j0, width);
        engine.multiply(height, width, depth, 0, 0, 0, nc, p0 > 0);
      }
      for (let i = 0; i < height; i++) {
        const to = (i0 + i) * n + j0;
        const from = i * nc;
        if (accumulate) for (let j = 0; j < width; j++) c[to + j] += buffers.c[from + j];
        else for (let j = 0; j < width; j++) c[to + j] = buffers.c[from + j];
      }
    }
  }
}
