/**
 * Tiny layers (a figure redraws many 8x8 toys): the definition as one loop nest, with no
 * packing and no per-call tables (each tap's offset and valid range come with the record's
 * geometry, computed once), so that a call costs little more than the arithmetic. First in the
 * registry, for problems under DIRECT_MAX_WORK multiply-adds.
 *
 *   convTranspose (scatter):  y[n, g*Mg + m, i] += x[n, g*Cg + c, o] w[g*Cg + c, m, k],  i = o*s + k*d - pad
 *   conv (gather):            y[n, g*Mg + m, o] = bias + sum_{c, k} x[n, g*Cg + c, o*s + k*d - pad] w[g*Mg + m, c, k]
 *
 * (per axis, on the 3-axis geometry; "big" is the convolution's input side, see geometry.ts).
 * Sums run in float64, as on the rest of the TypeScript engine: the transposed scatter adds
 * into a float64 accumulator (y itself for float64 data, a reused scratch row for float32).
 */
import type { Geometry3 } from './geometry';
import type { KernelConfig } from './kernel';
import { scratch, scratchMemory } from './scratch';

/** Multiply-adds below which a layer runs here (the S1 toy layer has 576). */
export const DIRECT_MAX_WORK = 4096;

function fillBias(y: Float64Array, bias: ArrayLike<number> | undefined, batch: number, channels: number, plane: number): void {
  if (bias === undefined) {
    y.fill(0, 0, batch * channels * plane);
    return;
  }
  for (let n = 0; n < batch; n++) for (let c = 0; c < channels; c++) y.fill(bias[c], (n * channels + c) * plane, (n * channels + c + 1) * plane);
}

/** out[i] = sum[i] over out's length (a loop: set(subarray) allocates a view per call). */
function copyInto(out: Float32Array | Float64Array, sum: Float64Array): void {
  if (out === sum) return;
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = sum[i];
}

/** y = convTranspose(x, w) + bias by one stamp per tap: y[o*s + k*d - pad] += w_k x[o], no bound checked per product. y is overwritten. */
export function directConvTranspose(
  geo: Geometry3, x: ArrayLike<number>, w: ArrayLike<number>, bias: ArrayLike<number> | undefined, out: Float32Array | Float64Array,
): void {
  const y = out instanceof Float64Array ? out : scratch('direct.sum', out.length);
  fillBias(y, bias, geo.batch, geo.groups * geo.bigChannels, geo.bigSize);
  scatterTaps(geo, x, w, y);
  copyInto(out, y);
}

/** y = conv(x, w) + bias by one pass per tap: y[o] += w_k x[o*s + k*d - pad]. y is overwritten. */
export function directConv(
  geo: Geometry3, x: ArrayLike<number>, w: ArrayLike<number>, bias: ArrayLike<number> | undefined, out: Float32Array | Float64Array,
): void {
  const y = out instanceof Float64Array ? out : scratch('direct.sum', out.length);
  fillBias(y, bias, geo.batch, geo.groups * geo.smallChannels, geo.smallSize);
  gatherTaps(geo, x, w, y);
  copyInto(out, y);
}

/**
 * For every image, group, small channel c and big channel m of the group, every tap
 * (tz, ty, tx) and every pair of rows it connects, the products of one row: transposed,
 * y[big row + o*s + tx*d - pad] += w_t x[small row + o]; forward, y[small row + o] += w_t
 * x[big row + o*s + tx*d - pad], for the o in [lo, hi) whose big index lies inside (so no
 * bound is checked per product). The weight slice of (c, m) is w[g*S + c, m] in both layouts
 * (ConvTranspose's [C, M/G, ...k], Conv's [M, C/G, ...k] with the roles of geometry.ts).
 *
 * The two directions are two copies of one nest (scatterTaps, gatherTaps) that differ only in
 * the product loop: one nest testing the direction around its product loop ran the toy layer
 * about 1.6x slower in V8 (3.3 against 2.1 microseconds), and the product loop is all a tiny
 * layer does.
 */
function scatterTaps(geo: Geometry3, x: ArrayLike<number>, w: ArrayLike<number>, y: Float64Array): void {
  // Indexed reads, not destructuring (V8 runs array destructuring through the iterator protocol).
  const H = geo.big[1], W = geo.big[2];
  const h = geo.small[1], wd = geo.small[2];
  const kd = geo.kernel[0], kh = geo.kernel[1], kw = geo.kernel[2];
  const sd = geo.strides[0], sh = geo.strides[1], sw = geo.strides[2];
  // Per tap, its offset and valid range along each axis, computed once per record (geometry.ts).
  const rz = geo.tapRanges[0], ry = geo.tapRanges[1], rx = geo.tapRanges[2];
  const G = geo.groups, S = geo.smallChannels, B = geo.bigChannels;
  for (let n = 0; n < geo.batch; n++) {
    for (let g = 0; g < G; g++) {
      for (let c = 0; c < S; c++) {
        const smallPlane = (n * G * S + g * S + c) * geo.smallSize;
        for (let m = 0; m < B; m++) {
          const bigPlane = (n * G * B + g * B + m) * geo.bigSize;
          let t = ((g * S + c) * B + m) * geo.taps; // the tap's weight: the slice of (c, m), then (tz, ty, tx) in order
          for (let tz = 0; tz < kd; tz++) {
            const zOff = rz[3 * tz], z0 = rz[3 * tz + 1], z1 = rz[3 * tz + 2];
            for (let ty = 0; ty < kh; ty++) {
              const yOff = ry[3 * ty], y0 = ry[3 * ty + 1], y1 = ry[3 * ty + 2];
              for (let tx = 0; tx < kw; tx++, t++) {
                const xOff = rx[3 * tx], x0 = rx[3 * tx + 1], x1 = rx[3 * tx + 2];
                const wv = w[t];
                for (let oz = z0; oz < z1; oz++) {
                  for (let oy = y0; oy < y1; oy++) {
                    let i = bigPlane + ((oz * sd + zOff) * H + oy * sh + yOff) * W + x0 * sw + xOff;
                    const row = smallPlane + (oz * h + oy) * wd;
                    for (let o = x0; o < x1; o++, i += sw) y[i] += wv * x[row + o];
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

/** The forward gather: the same nest as scatterTaps with y[small row + o] += w_t x[big row + o*s + tx*d - pad]. */
function gatherTaps(geo: Geometry3, x: ArrayLike<number>, w: ArrayLike<number>, y: Float64Array): void {
  // Indexed reads, not destructuring (V8 runs array destructuring through the iterator protocol).
  const H = geo.big[1], W = geo.big[2];
  const h = geo.small[1], wd = geo.small[2];
  const kd = geo.kernel[0], kh = geo.kernel[1], kw = geo.kernel[2];
  const sd = geo.strides[0], sh = geo.strides[1], sw = geo.strides[2];
  // Per tap, its offset and valid range along each axis, computed once per record (geometry.ts).
  const rz = geo.tapRanges[0], ry = geo.tapRanges[1], rx = geo.tapRanges[2];
  const G = geo.groups, S = geo.smallChannels, B = geo.bigChannels;
  for (let n = 0; n < geo.batch; n++) {
    for (let g = 0; g < G; g++) {
      for (let c = 0; c < S; c++) {
        const smallPlane = (n * G * S + g * S + c) * geo.smallSize;
        for (let m = 0; m < B; m++) {
          const bigPlane = (n * G * B + g * B + m) * geo.bigSize;
          let t = ((g * S + c) * B + m) * geo.taps; // the tap's weight: the slice of (c, m), then (tz, ty, tx) in order
          for (let tz = 0; tz < kd; tz++) {
            const zOff = rz[3 * tz], z0 = rz[3 * tz + 1], z1 = rz[3 * tz + 2];
            for (let ty = 0; ty < kh; ty++) {
              const yOff = ry[3 * ty], y0 = ry[3 * ty + 1], y1 = ry[3 * ty + 2];
              for (let tx = 0; tx < kw; tx++, t++) {
                const xOff = rx[3 * tx], x0 = rx[3 * tx + 1], x1 = rx[3 * tx + 2];
                const wv = w[t];
                for (let oz = z0; oz < z1; oz++) {
                  for (let oy = y0; oy < y1; oy++) {
                    let i = bigPlane + ((oz * sd + zOff) * H + oy * sh + yOff) * W + x0 * sw + xOff;
                    const row = smallPlane + (oz * h + oy) * wd;
                    for (let o = x0; o < x1; o++, i += sw) y[row + o] += wv * x[i];
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

export const directKernel: KernelConfig = {
  name: 'direct',
  applies: ({ info }) => {
    if (info.rank > 3) return null;
    const work = info.batch * info.outChannels * (info.inChannels / info.groups) * info.kernel.reduce((p, k) => p * k, 1) *
      info.outShape.reduce((p, o) => p * o, 1);
    return work <= DIRECT_MAX_WORK ? true : null;
  },
  conv: { engines: ['typescript'], run: (a) => directConv(a.geo, a.x, a.w, a.bias, a.y) },
  convTranspose: { engines: ['typescript'], run: (a) => directConvTranspose(a.geo, a.x, a.w, a.bias, a.y) },
  memory: [scratchMemory],
};
