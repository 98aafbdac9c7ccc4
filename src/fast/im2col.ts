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

/** Per row (c, t) of col: the channel's offset c*prod(in) and the tap's offsets k*d per axis. */
export interface RowTable {
  channel: Int32Array;
  z: Int32Array;
  y: Int32Array;
  x: Int32Array;
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
}

/** The row table of col for one group: rows (c, t), c < bigChannels, t < taps, row = c*taps + t. */
export function rowTable(geo: Geometry3): RowTable {
  const rows = geo.bigChannels * geo.taps;
  const table: RowTable = { channel: new Int32Array(rows), z: new Int32Array(rows), y: new Int32Array(rows), x: new Int32Array(rows) };
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
        }
      }
    }
  }
  return table;
}

/** Allocates a column table for up to `length` columns. */
export function columnTable(length: number): ColumnTable {
  return {
    image: new Int32Array(length), z: new Int32Array(length), y: new Int32Array(length), x: new Int32Array(length),
    position: new Int32Array(length), batch: new Int32Array(length),
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
  for (let j = 0; j < nc; j++) {
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
  for (let q = 0; q * nr < nc; q++) {
    const base = dstOffset + q * kc * nr;
    for (let jj = 0; jj < nr; jj++) {
      const j = q * nr + jj;
      if (j >= nc) {
        for (let p = 0; p < kc; p++) dst[base + p * nr + jj] = 0;
        continue;
      }
      const image = cols.image[j], bz = cols.z[j], by = cols.y[j], bx = cols.x[j];
      for (let p = 0; p < kc; p++) {
        const r = p0 + p;
        const iz = bz + rows.z[r], iy = by + rows.y[r], ix = bx + rows.x[r];
        dst[base + p * nr + jj] = iz >= 0 && iz < D && iy >= 0 && iy < H && ix >= 0 && ix < W
          ? x[image + rows.channel[r] + iz * HW + iy * W + ix]
          : 0;
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
