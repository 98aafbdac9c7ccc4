/**
 * col2im, the adjoint of im2col (Caffe's col2im_cpu; Jia et al. 2014): every column entry
 * col[(c, t), (n, o)] is added back to the image position it was read from,
 *     y[n, c, o*s + k_t*d - padBegin] += col[(c, t), (n, o)]      (entries outside y are dropped).
 * A transposed convolution is col2im(W^T X) (Caffe's Deconvolution forward pass); here it runs
 * on one tile of columns at a time, straight out of the GEMM's output tile.
 */
import type { PackBuffer } from './gemm';
import type { Geometry3 } from './geometry';
import { fullRunRanges, runRange, type ColumnTable, type RowTable } from './im2col';

/** out[o + r*outStep + i*outStride] += col[ci + r*cStep + i] for r < rows, i < count (an engine's scatterAdd). */
export type ScatterAdd = (o: number, outStride: number, outStep: number, ci: number, cStep: number, count: number, rows: number) => void;

/**
 * Adds the tile col[rows 0 .. m-1, the columns of `cols`] (row stride ldc, at col[0]) into y.
 * Row r = c*taps + t is (c, t) of `rows`; column j is (n, o) of `cols`; y's channel block
 * starts at (n*channels + firstChannel) * prod(big). Loops run tap, then run of columns, then
 * channel, so that each run's bounds are worked out once for all channels; `scatter`, when
 * given, runs the two inner loops (the SIMD engine's, on its own copy of y).
 */
export function col2imAdd(
  col: PackBuffer, ldc: number, m: number,
  y: { [i: number]: number }, geo: Geometry3, rows: RowTable, cols: ColumnTable, channels: number, firstChannel: number,
  scatter?: ScatterAdd,
): void {
  const [D, H, W] = geo.big;
  const HW = H * W;
  const sw = geo.strides[2];
  const ow = geo.small[2];
  const plane = geo.bigSize;
  const taps = geo.taps;
  const perChannel = ldc * taps;
  const full = fullRunRanges(geo);
  const channelCount = m / taps;
  for (let t = 0; t < taps; t++) {
    const rz = rows.z[t], ry = rows.y[t], rx = rows.x[t], kx = rows.tapX[t];
    for (let u = 0; u < cols.runs; u++) {
      const j0 = cols.runStart[u], length = cols.runLength[u];
      const iz = cols.z[j0] + rz, iy = cols.y[j0] + ry;
      if (iz < 0 || iz >= D || iy < 0 || iy >= H) continue;
      // Along the run the last index is bx + i*sw: inside y for i in [lo, hi).
      let lo = full[2 * kx], hi = full[2 * kx + 1];
      if (length !== ow) [lo, hi] = runRange(cols.position[j0] % ow, length, rx, geo);
      if (lo >= hi) continue;
      const bx = cols.x[j0] + rx;
      let base = (cols.batch[j0] * channels + firstChannel) * plane + iz * HW + iy * W + bx;
      let from = t * ldc + j0;
      if (scatter !== undefined) {
        scatter(base + lo * sw, sw, plane, from + lo, perChannel, hi - lo, channelCount);
        continue;
      }
      for (let c = 0; c < channelCount; c++, base += plane, from += perChannel) {
        for (let i = lo, k = from + lo; i < hi; i++) y[base + i * sw] += col[k++];
      }
    }
  }
}
