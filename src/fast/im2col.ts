/**
 * im2col without the column matrix. Caffe's im2col (Jia et al. 2014; Chellapilla et al. 2006,
 * "High Performance Convolutional Neural Networks for Document Processing") unfolds an image
 * into col[(c, t), (n, o)] = x[n, c, o*s + k_t*d - padBegin] (zero outside), so that a
 * convolution becomes the matrix product W col. Here the entries are written straight into
 * the GEMM's packed B panels (`gemm.ts` layout), one block at a time, so the full
 * [(C/G)K x N*prod(out)] matrix never exists.
 *
 * Rows (c, t) and columns (n, o) are described by small index tables so that each entry is
 * three additions and three range checks.
 */
import type { Geometry3 } from './geometry';
import type { PackBuffer } from './gemm';

/** Per row (c, t) of col: the channel's offset c*prod(in), the tap's offsets k*d per axis, and k along the last axis. */
export interface RowTable {
  channel: Int32Array;
  z: Int32Array;
  y: Int32Array;
  x: Int32Array;
  tapX: Int32Array;
}

/** Per column (n, o) of col: the image-and-group offset and o*s - padBegin per axis. */
export interface ColumnTable {
  image: Int32Array;
  z: Int32Array;
  y: Int32Array;
  x: Int32Array;
  /** o flattened: the column's position in the small side's spatial size. */
  position: Int32Array;
  /** n: the column's image. */
  batch: Int32Array;
  /**
   * Runs of consecutive columns in one input row (same n and all but the last spatial index):
   * run u covers columns runStart[u] .. runStart[u] + runLength[u] - 1, the last axis
   * advancing by one small-side step per column. Inner loops go along runs.
   */
  runs: number;
  runStart: Int32Array;
  runLength: Int32Array;
}

/** The row table of col for one group: rows (c, t), c < bigChannels, t < taps, row = c*taps + t. */
export function rowTable(geo: Geometry3): RowTable {
  const rows = geo.bigChannels * geo.taps;
  const table: RowTable = {
    channel: new Int32Array(rows), z: new Int32Array(rows), y: new Int32Array(rows), x: new Int32Array(rows), tapX: new Int32Array(rows),
  };
  const [kd, kh, kw] = geo.kernel;
  const [dd, dh, dw] = geo.dilations;
  let row = 0;
  for (let c = 0; c < geo.bigChannels; c++) {
    for (let kz = 0; kz < kd; kz++) {
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++, row++) {
          table.channel[row] = c * geo.bigSize;
          table.z[row] = kz * dd;
          table.y[row] = ky * dh;
          table.x[row] = kx * dw;
          table.tapX[row] = kx;
        }
      }
    }
  }
  return table;
}

/**
 * For a run of columns along the last axis starting at small index o0 with `length` columns,
 * and a tap at offset k*d: the run positions t with 0 <= (o0 + t)*s + k*d - pad < big, as [lo, hi).
 */
export function runRange(o0: number, length: number, tapOffset: number, geo: Geometry3): [number, number] {
  const s = geo.strides[2];
  const bx = o0 * s - geo.pads[2] + tapOffset;
  const lo = Math.min(length, Math.max(0, Math.ceil(-bx / s)));
  return [lo, Math.max(lo, Math.min(length, Math.ceil((geo.big[2] - bx) / s)))];
}

/** [lo, hi) of runRange for whole runs (o0 = 0, the full small width) for every tap k < kw, flattened. */
export function fullRunRanges(geo: Geometry3): Int32Array {
  const kw = geo.kernel[2];
  const out = new Int32Array(2 * kw);
  for (let k = 0; k < kw; k++) {
    const [lo, hi] = runRange(0, geo.small[2], k * geo.dilations[2], geo);
    out[2 * k] = lo;
    out[2 * k + 1] = hi;
  }
  return out;
}

/** Allocates a column table for up to `length` columns. */
export function columnTable(length: number): ColumnTable {
  return {
    image: new Int32Array(length), z: new Int32Array(length), y: new Int32Array(length), x: new Int32Array(length),
    position: new Int32Array(length), batch: new Int32Array(length),
    runs: 0, runStart: new Int32Array(length), runLength: new Int32Array(length),
  };
}

/**
 * Fills `table` for the columns j0 .. j0+nc-1 (column j = n*prod(out) + o) of group g, where
 * the image offset is that of channel g*channelsPerGroup of image n in a tensor of
 * `channels` channels and `planeSize` values per channel.
 */
export function fillColumns(
  table: ColumnTable, geo: Geometry3, j0: number, nc: number, g: number, channels: number, channelsPerGroup: number, planeSize: number,
): void {
  const [, oh, ow] = geo.small;
  const [sd, sh, sw] = geo.strides;
  const [pd, ph, pw] = geo.pads;
  let n = Math.floor(j0 / geo.smallSize);
  let o = j0 - n * geo.smallSize;
  let oz = Math.floor(o / (oh * ow));
  let oy = Math.floor((o - oz * oh * ow) / ow);
  let ox = o - oz * oh * ow - oy * ow;
  table.runs = 0;
  for (let j = 0; j < nc; j++) {
    if (j === 0 || ox === 0) {
      table.runStart[table.runs] = j;
      table.runLength[table.runs] = Math.min(ow - ox, nc - j);
      table.runs++;
    }
    table.image[j] = (n * channels + g * channelsPerGroup) * planeSize;
    table.batch[j] = n;
    table.position[j] = o;
    table.z[j] = oz * sd - pd;
    table.y[j] = oy * sh - ph;
    table.x[j] = ox * sw - pw;
    // Next column: advance o = (oz, oy, ox) and roll over into the next image.
    o++;
    if (++ox === ow) {
      ox = 0;
      if (++oy === oh) {
        oy = 0;
        if (++oz === geo.small[0]) {
          oz = 0;
          n++;
          o = 0;
        }
      }
    }
  }
}

/**
 * Packs col[p0 .. p0+kc, j0 .. j0+nc] (columns described by `cols`, entries 0 .. nc-1) in
 * gemm.ts's B layout (nr-column panels) at dst[dstOffset]: col[(c,t), (n,o)] = x[image + c*prod(in) + i] with
 * i = (o*s - pad) + k*d per axis, or 0 outside the input.
 */
export function packIm2col(
  nr: number, dst: PackBuffer, dstOffset: number, x: ArrayLike<number>, geo: Geometry3,
  rows: RowTable, p0: number, kc: number, cols: ColumnTable, nc: number,
): void {
  const [D, H, W] = geo.big;
  const HW = H * W;
  const sw = geo.strides[2];
  const panel = kc * nr;
  const ow = geo.small[2];
  const full = fullRunRanges(geo);
  // Columns past nc in the last panel are zero.
  for (let j = nc; j % nr !== 0; j++) {
    const base = dstOffset + Math.floor(j / nr) * panel + (j % nr);
    for (let p = 0; p < kc; p++) dst[base + p * nr] = 0;
  }
  for (let p = 0; p < kc; p++) {
    const r = p0 + p;
    const channel = rows.channel[r], rz = rows.z[r], ry = rows.y[r], rx = rows.x[r];
    for (let u = 0; u < cols.runs; u++) {
      const j0 = cols.runStart[u], length = cols.runLength[u];
      const iz = cols.z[j0] + rz, iy = cols.y[j0] + ry;
      const bx = cols.x[j0] + rx;
      // Along the run the last index is bx + t*sw: inside the input for t in [lo, hi).
      let lo = length, hi = length;
      if (iz >= 0 && iz < D && iy >= 0 && iy < H) {
        if (length === ow) {
          lo = full[2 * rows.tapX[r]];
          hi = full[2 * rows.tapX[r] + 1];
        } else {
          [lo, hi] = runRange(cols.position[j0] % ow, length, rx, geo);
        }
      }
      const from = cols.image[j0] + channel + iz * HW + iy * W + bx;
      let jj = j0 % nr;
      let to = dstOffset + (j0 - jj) * kc + p * nr + jj;
      for (let t = 0; t < length; t++) {
        dst[to] = t >= lo && t < hi ? x[from + t * sw] : 0;
        if (++jj === nr) {
          jj = 0;
          to += panel - nr + 1;
        } else {
          to++;
        }
      }
    }
  }
}

/**
 * Packs a block of the transpose col^T in the B layout: its kc rows are the columns (n, o)
 * described by `cols` (entries 0 .. kc-1), its nc columns the rows (c, t) j0 .. j0+nc-1 of
 * `rows`. The weight gradient dW = dY col^T reads col this way.
 */
export function packIm2colTransposed(
  nr: number, dst: PackBuffer, dstOffset: number, x: ArrayLike<number>, geo: Geometry3,
  cols: ColumnTable, kc: number, rows: RowTable, j0: number, nc: number,
): void {
  const [D, H, W] = geo.big;
  const HW = H * W;
  for (let q = 0; q * nr < nc; q++) {
    const base = dstOffset + q * kc * nr;
    for (let jj = 0; jj < nr; jj++) {
      const r = j0 + q * nr + jj;
      if (q * nr + jj >= nc) {
        for (let p = 0; p < kc; p++) dst[base + p * nr + jj] = 0;
        continue;
      }
      const channel = rows.channel[r], rz = rows.z[r], ry = rows.y[r], rx = rows.x[r];
      for (let p = 0; p < kc; p++) {
        const j = p;
        const iz = cols.z[j] + rz, iy = cols.y[j] + ry, ix = cols.x[j] + rx;
        dst[base + p * nr + jj] = iz >= 0 && iz < D && iy >= 0 && iy < H && ix >= 0 && ix < W
          ? x[cols.image[j] + channel + iz * HW + iy * W + ix]
          : 0;
      }
    }
  }
}
