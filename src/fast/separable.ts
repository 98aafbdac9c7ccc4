/**
 * Separable evaluation of 2-D depthwise kernels. When a kernel slice is an outer product,
 * w[ky, kx] = u[ky] v[kx] (rank 1, as FCN's bilinear up-sampling kernels are: Long, Shelhamer &
 * Darrell 2015, surgery.py upsample_filt), the 2-D sum splits into two 1-D passes:
 *
 *     transposed:  t[o_y, i_x] = sum_{k_x, o_x} v[k_x] x[o_y, o_x]          (rows, along x)
 *                  y[i_y, i_x] = bias + sum_{k_y, o_y} u[k_y] t[o_y, i_x]    (columns, along y)
 *     forward:     t[i_y, o_x] = sum_{k_x} v[k_x] x[i_y, o_x s_x + k_x d_x - p_x]
 *                  y[o_y, o_x] = bias + sum_{k_y} u[k_y] t[o_y s_y + k_y d_y - p_y, o_x]
 *
 * with the index relations of `shape.ts`. Work per output falls from (taps_y * taps_x) to
 * about taps_y + taps_x (FCN-32s's k=64, s=32: from 4 products per output to 2 plus a small
 * row pass). Rank 1 is detected per slice, up to the rounding of the weights' own precision
 * (rankOneTolerance): the separable path must give the same numbers as the direct sum, so a
 * float64 kernel that is only nearly rank 1 takes the direct path.
 */
import { axisTaps, phaseClasses, type PhaseClass } from './depthwise';
import { validRange, type Geometry3 } from './geometry';
import { scratch } from './scratch';

/**
 * A slice is rank 1 when |w[i, j] - u[i] v[j]| <= tolerance * max |w| everywhere. Float32 weights
 * carry a relative rounding of 2^-24 (6e-8) per entry, so an outer product stored in float32 (FCN's
 * kernels) is off by about that: 1e-7. Float64 weights: 1e-13, a few hundred ulps of the largest
 * entry, enough for the rounding of u[i] * (w[r, j] / w[r, c]) and nothing more.
 */
export const RANK_ONE_TOLERANCE = 1e-7;
export const RANK_ONE_TOLERANCE_F64 = 1e-13;

export function rankOneTolerance(w: ArrayLike<number>): number {
  return w instanceof Float32Array ? RANK_ONE_TOLERANCE : RANK_ONE_TOLERANCE_F64;
}

/**
 * Factors the rows x cols slice s[offset + i*cols + j] as u v^T, or returns null when it is not
 * rank 1 within the tolerance. Pivot on the largest entry (r, c): u = s[:, c], v = s[r, :] / s[r, c];
 * both factors are exact there, and the rest is checked entry by entry. A zero slice gives zeros.
 */
export function rankOneFactors(
  s: ArrayLike<number>, offset: number, rows: number, cols: number, tolerance = rankOneTolerance(s),
): { u: Float64Array; v: Float64Array } | null {
  let r = 0, c = 0, max = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const a = Math.abs(s[offset + i * cols + j]);
      if (a > max) {
        max = a;
        r = i;
        c = j;
      }
    }
  }
  const u = new Float64Array(rows);
  const v = new Float64Array(cols);
  if (!(max > 0)) return Number.isNaN(max) ? null : { u, v };
  const pivot = s[offset + r * cols + c];
  for (let i = 0; i < rows; i++) u[i] = s[offset + i * cols + c];
  for (let j = 0; j < cols; j++) v[j] = s[offset + r * cols + j] / pivot;
  const bound = tolerance * max;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (!(Math.abs(s[offset + i * cols + j] - u[i] * v[j]) <= bound)) return null;
    }
  }
  return { u, v };
}

/** The factors of every [kh x kw] slice of w (slices in w's order), or null if any slice is not rank 1. */
export function separableFactors(w: ArrayLike<number>, slices: number, kh: number, kw: number): { u: Float64Array; v: Float64Array }[] | null {
  const out: { u: Float64Array; v: Float64Array }[] = [];
  for (let q = 0; q < slices; q++) {
    const f = rankOneFactors(w, q * kh * kw, kh, kw);
    if (f === null) return null;
    out.push(f);
  }
  return out;
}

/** acc[first + j*s] += sum_l v[tap_l] row[shift_l + j] over one phase class, bounds-checked per tap. */
function rowPass(acc: Float64Array, accOffset: number, x: ArrayLike<number>, xRow: number, inWidth: number, v: Float64Array, classes: readonly PhaseClass[], stride: number): void {
  for (const cls of classes) {
    for (let l = 0; l < cls.taps.length; l++) {
      const weight = v[cls.taps[l]];
      const shift = cls.shifts[l];
      // j with 0 <= shift + j < inWidth and j < count.
      const lo = Math.max(0, -shift);
      const hi = Math.min(cls.count, inWidth - shift);
      let a = accOffset + cls.first + lo * stride;
      let p = xRow + shift + lo;
      for (let j = lo; j < hi; j++, a += stride) acc[a] += weight * x[p++];
    }
  }
}

/**
 * Transposed depthwise convolution with rank-1 slices (2-D; small channels per group = 1).
 * `factors[g*M' + m]` factors w[g, m]. y is overwritten.
 */
export function separableConvTranspose(
  geo: Geometry3, x: ArrayLike<number>, factors: readonly { u: Float64Array; v: Float64Array }[],
  bias: ArrayLike<number> | undefined, y: { [i: number]: number },
): void {
  const [, H, W] = geo.big;
  const [, h, w] = geo.small;
  const [, kh, kw] = geo.kernel;
  const rowTaps = axisTaps(H, h, kh, geo.strides[1], geo.dilations[1], geo.pads[1]);
  const classes = phaseClasses(W, w, kw, geo.strides[2], geo.dilations[2], geo.pads[2]);
  const t = scratch('separable.t', h * W);
  const acc = scratch('separable.row', W);
  const multiplier = geo.bigChannels;
  const outChannels = geo.groups * multiplier;
  for (let n = 0; n < geo.batch; n++) {
    for (let g = 0; g < geo.groups; g++) {
      const xPlane = (n * geo.groups + g) * geo.smallSize;
      for (let m = 0; m < multiplier; m++) {
        const channel = g * multiplier + m;
        const { u, v } = factors[channel];
        const b = bias === undefined ? 0 : bias[channel];
        t.fill(0, 0, h * W);
        for (let oy = 0; oy < h; oy++) rowPass(t, oy * W, x, xPlane + oy * w, w, v, classes, geo.strides[2]);
        const yPlane = (n * outChannels + channel) * geo.bigSize;
        for (let iy = 0; iy < H; iy++) {
          const yRow = yPlane + iy * W;
          const e0 = rowTaps.start[iy], e1 = rowTaps.start[iy + 1];
          if (e1 - e0 === 2) {
            const u0 = u[rowTaps.tap[e0]], u1 = u[rowTaps.tap[e0 + 1]];
            let t0 = rowTaps.small[e0] * W, t1 = rowTaps.small[e0 + 1] * W;
            for (let ix = 0; ix < W; ix++) y[yRow + ix] = b + u0 * t[t0++] + u1 * t[t1++];
          } else {
            acc.fill(b, 0, W);
            for (let e = e0; e < e1; e++) {
              const ue = u[rowTaps.tap[e]];
              let te = rowTaps.small[e] * W;
              for (let ix = 0; ix < W; ix++) acc[ix] += ue * t[te++];
            }
            for (let ix = 0; ix < W; ix++) y[yRow + ix] = acc[ix];
          }
        }
      }
    }
  }
}

/** Forward depthwise convolution with rank-1 slices (2-D; big channels per group = 1). y is overwritten. */
export function separableConv(
  geo: Geometry3, x: ArrayLike<number>, factors: readonly { u: Float64Array; v: Float64Array }[],
  bias: ArrayLike<number> | undefined, y: { [i: number]: number },
): void {
  const [, H, W] = geo.big;
  const [, oh, ow] = geo.small;
  const [, kh, kw] = geo.kernel;
  const [, sh, sw] = geo.strides;
  const [, dh, dw] = geo.dilations;
  const [, ph, pw] = geo.pads;
  const t = scratch('separable.t', H * ow);
  const acc = scratch('separable.row', ow);
  const ranges = Array.from({ length: kw }, (_, kx) => validRange(kx * dw - pw, sw, W, ow));
  const multiplier = geo.smallChannels;
  const outChannels = geo.groups * multiplier;
  for (let n = 0; n < geo.batch; n++) {
    for (let g = 0; g < geo.groups; g++) {
      const xPlane = (n * geo.groups + g) * geo.bigSize;
      for (let m = 0; m < multiplier; m++) {
        const channel = g * multiplier + m;
        const { u, v } = factors[channel];
        const b = bias === undefined ? 0 : bias[channel];
        t.fill(0, 0, H * ow);
        for (let iy = 0; iy < H; iy++) {
          for (let kx = 0; kx < kw; kx++) {
            const weight = v[kx];
            const [lo, hi] = ranges[kx];
            let p = xPlane + iy * W + lo * sw + kx * dw - pw;
            for (let ox = lo, a = iy * ow + lo; ox < hi; ox++, p += sw) t[a++] += weight * x[p];
          }
        }
        const yPlane = (n * outChannels + channel) * geo.smallSize;
        for (let oy = 0; oy < oh; oy++) {
          acc.fill(b, 0, ow);
          for (let ky = 0; ky < kh; ky++) {
            const iy = oy * sh + ky * dh - ph;
            if (iy < 0 || iy >= H) continue;
            const weight = u[ky];
            for (let ox = 0, p = iy * ow; ox < ow; ox++) acc[ox] += weight * t[p++];
          }
          const yRow = yPlane + oy * ow;
          for (let ox = 0; ox < ow; ox++) y[yRow + ox] = acc[ox];
        }
      }
    }
  }
}
