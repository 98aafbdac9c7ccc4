/**
 * col2im, the adjoint of im2col (Caffe's col2im_cpu; Jia et al. 2014): every column entry
 * col[(c, t), (n, o)] is added back to the image position it was read from,
 *     y[n, c, o*s + k_t*d - padBegin] += col[(c, t), (n, o)]      (entries outside y are dropped).
 * A transposed convolution is col2im(W^T X) (Caffe's Deconvolution forward pass); here it runs
 * on one tile of columns at a time, straight out of the GEMM's output tile.
 */
import type { PackBuffer } from './gemm';
import type { Geometry3 } from './geometry';
import type { ColumnTable, RowTable } from './im2col';

/**
 * Adds the tile col[rows 0 .. m-1, columns 0 .. nc-1] (row stride ldc, at col[0]) into y.
 * Row r is (c, t) of `rows`; column j is (n, o) of `cols`; y's channel block starts at
 * (n*channels + firstChannel) * prod(big).
 */
export function col2imAdd(
  col: PackBuffer, ldc: number, m: number, nc: number,
  y: { [i: number]: number }, geo: Geometry3, rows: RowTable, cols: ColumnTable, channels: number, firstChannel: number,
): void {
  const [D, H, W] = geo.big;
  const HW = H * W;
  const plane = geo.bigSize;
  for (let r = 0; r < m; r++) {
    const channel = rows.channel[r] + firstChannel * plane;
    const rz = rows.z[r], ry = rows.y[r], rx = rows.x[r];
    const from = r * ldc;
    for (let j = 0; j < nc; j++) {
      const iz = cols.z[j] + rz, iy = cols.y[j] + ry, ix = cols.x[j] + rx;
      if (iz >= 0 && iz < D && iy >= 0 && iy < H && ix >= 0 && ix < W) {
        y[cols.batch[j] * channels * plane + channel + iz * HW + iy * W + ix] += col[from + j];
      }
    }
  }
}
