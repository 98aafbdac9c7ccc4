/**
 * im2col as a plain gather. With x copied into a zero-padded array, every entry of Caffe's
 * col[(c, t), (n, o)] = x[n, c, o*s + k_t*d - padBegin] (0 outside) is one read at
 *
 *     rowOffset(c, t) + columnOffset(n, o),   rowOffset = c*plane + k_t*d,   columnOffset = image + o*s
 *
 * (per axis, in the padded array's strides), with no range check: what `simdGather.ts` needs.
 * Per axis the copy holds padBegin zeros, the input, then zeros up to the last read,
 * (small-1)*s + (k-1)*d.
 */
import type { Geometry3 } from './geometry';
import type { ColumnTable, RowTable } from './im2col';

export interface PaddedIm2col {
  /** Zeros before the input, per axis (padBegin). */
  before: number[];
  /** The padded array's size per axis. */
  length: number[];
  /** Values per padded channel plane, and in the whole copy. */
  plane: number;
  size: number;
}

/**
 * The padded copy's geometry, or null for negative pads or a copy more than twice as large as
 * x (large pads with large strides: then im2col packs from x itself, with range checks, so
 * that scratch memory never outgrows the input). Convolution pads are never negative
 * (checkPads); the null keeps the copy from being written out of place should that change.
 */
export function paddedIm2col(geo: Geometry3): PaddedIm2col | null {
  if (geo.pads.some((p) => p < 0)) return null;
  const length = [0, 1, 2].map((a) =>
    Math.max(geo.big[a] + geo.pads[a], (geo.small[a] - 1) * geo.strides[a] + (geo.kernel[a] - 1) * geo.dilations[a] + 1));
  const plane = length[0] * length[1] * length[2];
  const images = geo.batch * geo.groups * geo.bigChannels;
  if (plane > Math.max(2 * geo.bigSize, 65536)) return null;
  return { before: [...geo.pads], length, plane, size: images * plane };
}

/**
 * Writes the padded copy of x into `source` and the row offsets of rows (c, t) into
 * `rowOffsets` (one per row of `rows`, the table of one group).
 */
export function fillPaddedSource(
  p: PaddedIm2col, geo: Geometry3, x: ArrayLike<number>, rows: RowTable, source: Float32Array, rowOffsets: Int32Array,
): void {
  const [D, H, W] = geo.big;
  const [Lz, Ly, Lx] = p.length;
  const [bz, by, bx] = p.before;
  source.fill(0);
  // Row by row in a plain loop: a subarray per row costs more than the copy (32K rows of 16 in C3).
  for (let q = 0, from = 0; q < geo.batch * geo.groups * geo.bigChannels; q++) {
    for (let z = 0; z < D; z++) {
      for (let yy = 0; yy < H; yy++, from += W) {
        const to = ((q * Lz + z + bz) * Ly + yy + by) * Lx + bx;
        for (let i = 0; i < W; i++) source[to + i] = x[from + i];
      }
    }
  }
  for (let r = 0; r < rowOffsets.length; r++) {
    rowOffsets[r] = (rows.channel[r] / geo.bigSize) * p.plane + (rows.z[r] * Ly + rows.y[r]) * Lx + rows.x[r];
  }
}

/**
 * The source offsets of the columns (n, o) of `cols` (the first `width`): the plane of image n's
 * first channel of the group, then o*s per axis (cols.z/y/x hold o*s - padBegin).
 */
export function paddedColumnOffsets(p: PaddedIm2col, geo: Geometry3, cols: ColumnTable, width: number, out: Int32Array): void {
  const [, Ly, Lx] = p.length;
  const [bz, by, bx] = p.before;
  for (let j = 0; j < width; j++) {
    out[j] = (cols.image[j] / geo.bigSize) * p.plane + ((cols.z[j] + bz) * Ly + cols.y[j] + by) * Lx + cols.x[j] + bx;
  }
}
