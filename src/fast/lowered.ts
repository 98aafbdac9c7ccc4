/**
 * Convolutions lowered to matrix products, per group g (Chellapilla et al. 2006; Caffe's
 * BaseConvolutionLayer, Jia et al. 2014), with W_g = w[g*M/G .. (g+1)*M/G - 1] read as a
 * [small channels x (big channels)*K] matrix (K kernel taps):
 *
 *     conv:            Y_g   = W_g col(X_g)                  (im2col, then GEMM)
 *     convTranspose:   Y_g   = col2im(W_g^T X_g)             (GEMM, then col2im)
 *     weight gradient: dW_g  = dY_g col(X_g)^T               (im2col, then GEMM)
 *
 * The columns are (n, o) for every image n and small-side position o, so one product covers
 * the whole batch. Neither col(X) nor W^T X is ever held whole: the GEMM runs over tiles of
 * at most TILE_BUDGET values and each tile is packed (im2col) or folded back (col2im) on the
 * fly, so the only buffers are the packed weights and one column tile, all reused.
 */
import { col2imAdd } from './col2im';
import type { Geometry3 } from './geometry';
import { KC, MC, packA, roundUp, type GemmEngine, type PackBuffer } from './gemm';
import { columnTable, fillColumns, packIm2col, packIm2colTransposed, rowTable, type ColumnTable } from './im2col';

/** Values in one output tile of the GEMM (m x nc): 512 KiB of doubles, half this machine's L2. */
const TILE_BUDGET = 65536;
/** The most columns per tile. */
const NC = 512;

/** Columns per tile for a product with m rows: as many as fit the budget, at least nr, a multiple of nr. */
function tileColumns(engine: GemmEngine, m: number, n: number): number {
  const { mr, nr } = engine;
  const fit = Math.floor(TILE_BUDGET / roundUp(m, mr) / nr) * nr;
  return Math.max(nr, Math.min(NC, fit, roundUp(n, nr)));
}

/** Packs the rows 0..m-1, columns 0..kc-1 of A(i, p) = a[offsets[p] + i*rowStride] (mr-row panels). */
function packAGathered(
  mr: number, dst: PackBuffer, a: ArrayLike<number>, offsets: Int32Array, rowStride: number, m: number, kc: number,
): void {
  for (let r = 0; r * mr < m; r++) {
    const base = r * kc * mr;
    for (let ii = 0; ii < mr; ii++) {
      const i = r * mr + ii;
      if (i >= m) {
        for (let p = 0; p < kc; p++) dst[base + p * mr + ii] = 0;
        continue;
      }
      const shift = i * rowStride;
      for (let p = 0; p < kc; p++) dst[base + p * mr + ii] = a[offsets[p] + shift];
    }
  }
}

/** Packs rows p0..p0+kc-1, columns 0..nc-1 of B(p, j) = b[offsets[j] + p*rowStride] (nr-column panels). */
function packBGathered(
  nr: number, dst: PackBuffer, b: ArrayLike<number>, offsets: Int32Array, rowStride: number, p0: number, kc: number, nc: number,
): void {
  for (let q = 0; q * nr < nc; q++) {
    const base = q * kc * nr;
    for (let jj = 0; jj < nr; jj++) {
      const j = q * nr + jj;
      if (j >= nc) {
        for (let p = 0; p < kc; p++) dst[base + p * nr + jj] = 0;
        continue;
      }
      let from = offsets[j] + p0 * rowStride;
      for (let p = 0; p < kc; p++, from += rowStride) dst[base + p * nr + jj] = b[from];
    }
  }
}

/** x offset of column j = (n, o): image n, first channel of the group, position o. */
function columnOffsets(cols: ColumnTable, nc: number, out: Int32Array): Int32Array {
  for (let j = 0; j < nc; j++) out[j] = cols.image[j] + cols.position[j];
  return out;
}

/**
 * Transposed convolution by GEMM + col2im: for every group and tile of columns (n, o),
 * tile = W_g^T X_g[:, tile] ([(M/G)K x nc]), then y += col2im(tile). y must hold the bias (or 0).
 * An engine with its own output buffer (SIMD) accumulates there and y receives a copy.
 */
export function gemmConvTranspose(
  engine: GemmEngine, geo: Geometry3, x: ArrayLike<number>, w: ArrayLike<number>, y: PackBuffer,
): void {
  const { mr, nr } = engine;
  const m = geo.bigChannels * geo.taps; // rows (c_out, t)
  const k = geo.smallChannels; // reduced: input channels of the group
  const n = geo.batch * geo.smallSize; // columns (n, o)
  const mPad = roundUp(m, mr);
  const nc = tileColumns(engine, m, n);
  const inChannels = geo.groups * geo.smallChannels;
  const outChannels = geo.groups * geo.bigChannels;
  const { a, b, c, out } = engine.reserve(mPad * k, Math.min(k, KC) * nc, mPad * nc, y.length);
  const target = out ?? y;
  if (out !== null) out.set(y);
  const scatter = out !== null && engine.scatterAdd !== undefined ? engine.scatterAdd.bind(engine) : undefined;
  const rows = rowTable(geo);
  const cols = columnTable(nc);
  const offsets = new Int32Array(nc);
  for (let g = 0; g < geo.groups; g++) {
    // A(i, p) = w[(g*Cs + p) * m + i]: W_g^T, packed once per group and call.
    for (let p0 = 0; p0 < k; p0 += KC) packA(mr, a, p0 * mPad, w, g * k * m, 1, m, 0, m, p0, Math.min(KC, k - p0));
    for (let j0 = 0; j0 < n; j0 += nc) {
      const width = Math.min(nc, n - j0);
      fillColumns(cols, geo, j0, width, g, inChannels, geo.smallChannels, geo.smallSize);
      columnOffsets(cols, width, offsets);
      for (let p0 = 0; p0 < k; p0 += KC) {
        const kc = Math.min(KC, k - p0);
        packBGathered(nr, b, x, offsets, geo.smallSize, p0, kc, width);
        for (let i0 = 0; i0 < m; i0 += MC) engine.multiply(Math.min(MC, m - i0), width, kc, p0 * mPad + i0 * kc, 0, i0 * nc, nc, p0 > 0);
      }
      col2imAdd(c, nc, m, target, geo, rows, cols, outChannels, g * geo.bigChannels, scatter);
    }
  }
  if (out !== null) y.set(out);
}

/**
 * Convolution by implicit im2col + GEMM: for every group and tile of columns (n, o),
 * y[n, g*M/G + i, o] = bias + (W_g col(X_g))[i, (n, o)].
 */
export function gemmConv(
  engine: GemmEngine, geo: Geometry3, x: ArrayLike<number>, w: ArrayLike<number>, bias: ArrayLike<number> | undefined,
  y: { [i: number]: number },
): void {
  const { mr, nr } = engine;
  const m = geo.smallChannels; // rows: output channels of the group
  const k = geo.bigChannels * geo.taps; // reduced: (c, t)
  const n = geo.batch * geo.smallSize;
  const mPad = roundUp(m, mr);
  const nc = tileColumns(engine, m, n);
  const inChannels = geo.groups * geo.bigChannels;
  const outChannels = geo.groups * geo.smallChannels;
  const { a, b, c } = engine.reserve(mPad * k, Math.min(k, KC) * nc, mPad * nc);
  const rows = rowTable(geo);
  const cols = columnTable(nc);
  for (let g = 0; g < geo.groups; g++) {
    for (let p0 = 0; p0 < k; p0 += KC) packA(mr, a, p0 * mPad, w, g * m * k, k, 1, 0, m, p0, Math.min(KC, k - p0));
    for (let j0 = 0; j0 < n; j0 += nc) {
      const width = Math.min(nc, n - j0);
      fillColumns(cols, geo, j0, width, g, inChannels, geo.bigChannels, geo.bigSize);
      for (let p0 = 0; p0 < k; p0 += KC) {
        const kc = Math.min(KC, k - p0);
        packIm2col(nr, b, 0, x, geo, rows, p0, kc, cols, width);
        for (let i0 = 0; i0 < m; i0 += MC) engine.multiply(Math.min(MC, m - i0), width, kc, p0 * mPad + i0 * kc, 0, i0 * nc, nc, p0 > 0);
      }
      // Y_g[i, (n, o)] -> y[n, g*m + i, o], one run of positions per image.
      const plane = geo.smallSize;
      for (let i = 0; i < m; i++) {
        const channel = g * m + i;
        const shift = bias === undefined ? 0 : bias[channel];
        for (let j = 0; j < width;) {
          const count = Math.min(width - j, plane - cols.position[j]);
          let to = (cols.batch[j] * outChannels + channel) * plane + cols.position[j];
          for (let from = i * nc + j, end = from + count; from < end; from++) y[to++] = c[from] + shift;
          j += count;
        }
      }
    }
  }
}

/**
 * Weight gradient by im2col + GEMM: dw[g*M/G + i, (c, t)] = sum over columns (n, o) of
 * dy[n, g*M/G + i, o] * col(X_g)[(c, t), (n, o)]; dw has the weight's layout.
 */
export function gemmConvGradWeight(
  engine: GemmEngine, geo: Geometry3, x: ArrayLike<number>, dy: ArrayLike<number>, dw: { [i: number]: number },
): void {
  const { mr, nr } = engine;
  const m = geo.smallChannels;
  const n = geo.bigChannels * geo.taps;
  const k = geo.batch * geo.smallSize; // reduced: every column (n, o)
  const mPad = roundUp(m, mr);
  const nc = tileColumns(engine, m, n);
  const kcMax = Math.min(KC, k);
  const inChannels = geo.groups * geo.bigChannels;
  const outChannels = geo.groups * geo.smallChannels;
  const { a, b, c } = engine.reserve(mPad * kcMax, kcMax * nc, mPad * nc);
  const rows = rowTable(geo);
  const cols = columnTable(kcMax);
  const dyCols = columnTable(kcMax);
  const offsets = new Int32Array(kcMax);
  for (let g = 0; g < geo.groups; g++) {
    for (let j0 = 0; j0 < n; j0 += nc) {
      const width = Math.min(nc, n - j0);
      for (let p0 = 0; p0 < k; p0 += KC) {
        const kc = Math.min(KC, k - p0);
        fillColumns(cols, geo, p0, kc, g, inChannels, geo.bigChannels, geo.bigSize);
        fillColumns(dyCols, geo, p0, kc, g, outChannels, m, geo.smallSize);
        packAGathered(mr, a, dy, columnOffsets(dyCols, kc, offsets), geo.smallSize, m, kc);
        packIm2colTransposed(nr, b, 0, x, geo, cols, kc, rows, j0, width);
        for (let i0 = 0; i0 < m; i0 += MC) engine.multiply(Math.min(MC, m - i0), width, kc, i0 * kc, 0, i0 * nc, nc, p0 > 0);
      }
      for (let i = 0; i < m; i++) {
        const to = (g * m + i) * n + j0;
        for (let j = 0; j < width; j++) dw[to + j] = c[i * nc + j];
      }
    }
  }
}
