/**
 * Depthwise (per-channel) kernels: every output channel reads exactly one input channel, so a
 * GEMM would have a reduction of length 1 (all packing, no arithmetic). Computed directly, one
 * output row at a time in a double-precision row accumulator (MobileNet's depthwise layers,
 * Howard et al. 2017; FCN's per-class up-sampling, Long et al. 2015, when groups = classes).
 *
 * Transposed (small channels per group = 1, any multiplier), as a polyphase gather:
 *     y[n, g*M' + m, i] = bias + sum_{k, o : o*s + k*d - pad = i} x[n, g, o] w[g, m, k]
 * Along the last axis the outputs i = i0 + j*s of one phase class all meet the same taps
 * {k : k*d = i0 + pad (mod s)} at o = shift_k + j, shift_k = (i0 + pad - k*d) / s, so each
 * class is a short stride-1 correlation and no product with an inserted zero is formed
 * (Shi et al. 2016, "Is the deconvolution layer the same as a convolutional layer?").
 *
 * Forward (big channels per group = 1):
 *     y[n, g*M' + m, o] = bias + sum_k w[g*M' + m, 0, k] x[n, g, o*s + k*d - pad]
 */
import { validRange, type Geometry3 } from './geometry';
import { scratch } from './scratch';

/**
 * For one axis of a transposed convolution, the taps that reach each big (output) index i:
 * the entries start[i] .. start[i+1]-1 of (tap, small index o) with i = o*s + tap*d - pad.
 */
export interface AxisTaps {
  start: Int32Array;
  tap: Int32Array;
  small: Int32Array;
}

export function axisTaps(big: number, small: number, kernel: number, stride: number, dilation: number, pad: number): AxisTaps {
  return memo(axisTapCache, `${big},${small},${kernel},${stride},${dilation},${pad}`, () => buildAxisTaps(big, small, kernel, stride, dilation, pad));
}

/**
 * Tables depend on a handful of sizes and are read-only once built; small problems (a toy
 * 8x8 layer) would otherwise spend most of a call building them again.
 */
const axisTapCache = new Map<string, AxisTaps>();
const phaseClassCache = new Map<string, PhaseClass[]>();

function memo<T>(cache: Map<string, T>, key: string, build: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= 64) cache.clear();
    value = build();
    cache.set(key, value);
  }
  return value;
}

function buildAxisTaps(big: number, small: number, kernel: number, stride: number, dilation: number, pad: number): AxisTaps {
  const start = new Int32Array(big + 1);
  const taps: number[] = [];
  const smalls: number[] = [];
  for (let i = 0; i < big; i++) {
    start[i] = taps.length;
    for (let k = 0; k < kernel; k++) {
      const shifted = i + pad - k * dilation;
      if (shifted < 0 || shifted % stride !== 0) continue;
      const o = shifted / stride;
      if (o < small) {
        taps.push(k);
        smalls.push(o);
      }
    }
  }
  start[big] = taps.length;
  return { start, tap: Int32Array.from(taps), small: Int32Array.from(smalls) };
}

/** One phase class of the last axis: outputs first, first+stride, ... (count of them) and their taps. */
export interface PhaseClass {
  first: number;
  count: number;
  /** The taps k of the class and their shifts: o = shift + j for the j-th output of the class. */
  taps: number[];
  shifts: number[];
  /** The j range where every tap's o is inside the input: no bounds checks needed there. */
  interiorBegin: number;
  interiorEnd: number;
}

/** The phase classes of an axis of a transposed convolution (Shi et al. 2016). */
export function phaseClasses(big: number, small: number, kernel: number, stride: number, dilation: number, pad: number): readonly PhaseClass[] {
  return memo(phaseClassCache, `${big},${small},${kernel},${stride},${dilation},${pad}`, () => buildPhaseClasses(big, small, kernel, stride, dilation, pad));
}

function buildPhaseClasses(big: number, small: number, kernel: number, stride: number, dilation: number, pad: number): PhaseClass[] {
  const classes: PhaseClass[] = [];
  for (let first = 0; first < Math.min(stride, big); first++) {
    const count = Math.ceil((big - first) / stride);
    const taps: number[] = [];
    const shifts: number[] = [];
    let begin = 0;
    let end = count;
    for (let k = 0; k < kernel; k++) {
      const shifted = first + pad - k * dilation;
      if (((shifted % stride) + stride) % stride !== 0) continue;
      const shift = shifted / stride;
      taps.push(k);
      shifts.push(shift);
      begin = Math.max(begin, -shift);
      end = Math.min(end, small - shift);
    }
    classes.push({ first, count, taps, shifts, interiorBegin: Math.min(begin, count), interiorEnd: Math.max(Math.min(begin, count), end) });
  }
  return classes;
}

/** The outputs j0 .. j1-1 of a phase class, checking each tap against the input row. */
function gatherBorder(
  acc: Float64Array, x: ArrayLike<number>, xRow: number, inWidth: number,
  w: ArrayLike<number>, wRow: number, cls: PhaseClass, stride: number, j0: number, j1: number,
): void {
  for (let j = j0; j < j1; j++) {
    let sum = 0;
    for (let l = 0; l < cls.taps.length; l++) {
      const o = cls.shifts[l] + j;
      if (o >= 0 && o < inWidth) sum += w[wRow + cls.taps[l]] * x[xRow + o];
    }
    acc[cls.first + j * stride] += sum;
  }
}

/**
 * Adds row tap weights wr[k] (k along the last axis) applied to the input row x[xRow .. xRow+w)
 * into the output row accumulator acc (length W) by phase classes.
 */
function gatherRow(
  acc: Float64Array, x: ArrayLike<number>, xRow: number, inWidth: number,
  w: ArrayLike<number>, wRow: number, classes: readonly PhaseClass[], stride: number,
): void {
  for (const cls of classes) {
    const L = cls.taps.length;
    if (L === 0) continue;
    const { first, count, interiorBegin, interiorEnd } = cls;
    // Borders: some taps fall outside the input row.
    gatherBorder(acc, x, xRow, inWidth, w, wRow, cls, stride, 0, interiorBegin);
    gatherBorder(acc, x, xRow, inWidth, w, wRow, cls, stride, interiorEnd, count);
    // Interior: every tap inside; the common short tap lists are unrolled.
    if (L === 1) {
      const w0 = w[wRow + cls.taps[0]];
      let a = first + interiorBegin * stride;
      let p0 = xRow + cls.shifts[0] + interiorBegin;
      for (let j = interiorBegin; j < interiorEnd; j++, a += stride) acc[a] += w0 * x[p0++];
    } else if (L === 2) {
      const w0 = w[wRow + cls.taps[0]], w1 = w[wRow + cls.taps[1]];
      let a = first + interiorBegin * stride;
      let p0 = xRow + cls.shifts[0] + interiorBegin;
      let p1 = xRow + cls.shifts[1] + interiorBegin;
      for (let j = interiorBegin; j < interiorEnd; j++, a += stride) acc[a] += w0 * x[p0++] + w1 * x[p1++];
    } else {
      for (let l = 0; l < L; l++) {
        const wl = w[wRow + cls.taps[l]];
        let a = first + interiorBegin * stride;
        let p = xRow + cls.shifts[l] + interiorBegin;
        for (let j = interiorBegin; j < interiorEnd; j++, a += stride) acc[a] += wl * x[p++];
      }
    }
  }
}

/** Transposed depthwise convolution (small channels per group = 1). y is overwritten. */
export function depthwiseConvTranspose(
  geo: Geometry3, x: ArrayLike<number>, w: ArrayLike<number>, bias: ArrayLike<number> | undefined, y: { [i: number]: number },
): void {
  const [D, H, W] = geo.big;
  const [d, h, wSmall] = geo.small;
  const [kd, kh, kw] = geo.kernel;
  const zTaps = axisTaps(D, d, kd, geo.strides[0], geo.dilations[0], geo.pads[0]);
  const yTaps = axisTaps(H, h, kh, geo.strides[1], geo.dilations[1], geo.pads[1]);
  const classes = phaseClasses(W, wSmall, kw, geo.strides[2], geo.dilations[2], geo.pads[2]);
  const acc = scratch('depthwise.row', W);
  const multiplier = geo.bigChannels;
  const outChannels = geo.groups * multiplier;
  for (let n = 0; n < geo.batch; n++) {
    for (let g = 0; g < geo.groups; g++) {
      const xPlane = (n * geo.groups + g) * geo.smallSize;
      for (let m = 0; m < multiplier; m++) {
        const channel = g * multiplier + m;
        const wKernel = (g * multiplier + m) * geo.taps;
        const yPlane = (n * outChannels + channel) * geo.bigSize;
        const b = bias === undefined ? 0 : bias[channel];
        for (let iz = 0; iz < D; iz++) {
          for (let iy = 0; iy < H; iy++) {
            acc.fill(0, 0, W);
            for (let ez = zTaps.start[iz]; ez < zTaps.start[iz + 1]; ez++) {
              for (let ey = yTaps.start[iy]; ey < yTaps.start[iy + 1]; ey++) {
                const xRow = xPlane + (zTaps.small[ez] * h + yTaps.small[ey]) * wSmall;
                const wRow = wKernel + (zTaps.tap[ez] * kh + yTaps.tap[ey]) * kw;
                gatherRow(acc, x, xRow, wSmall, w, wRow, classes, geo.strides[2]);
              }
            }
            const yRow = yPlane + (iz * H + iy) * W;
            for (let ix = 0; ix < W; ix++) y[yRow + ix] = acc[ix] + b;
          }
        }
      }
    }
  }
}

/** Forward depthwise convolution (big channels per group = 1). y is overwritten. */
export function depthwiseConv(
  geo: Geometry3, x: ArrayLike<number>, w: ArrayLike<number>, bias: ArrayLike<number> | undefined, y: { [i: number]: number },
): void {
  const [D, H, W] = geo.big;
  const [od, oh, ow] = geo.small;
  const [kd, kh, kw] = geo.kernel;
  const [sd, sh, sw] = geo.strides;
  const [dd, dh, dw] = geo.dilations;
  const [pd, ph, pw] = geo.pads;
  const acc = scratch('depthwise.row', ow);
  // Valid output range per last-axis tap, hoisted out of the row loop.
  const ranges = Array.from({ length: kw }, (_, kx) => validRange(kx * dw - pw, sw, W, ow));
  const multiplier = geo.smallChannels;
  const outChannels = geo.groups * multiplier;
  for (let n = 0; n < geo.batch; n++) {
    for (let g = 0; g < geo.groups; g++) {
      const xPlane = (n * geo.groups + g) * geo.bigSize;
      for (let m = 0; m < multiplier; m++) {
        const channel = g * multiplier + m;
        const wKernel = channel * geo.taps;
        const yPlane = (n * outChannels + channel) * geo.smallSize;
        const b = bias === undefined ? 0 : bias[channel];
        for (let oz = 0; oz < od; oz++) {
          for (let oy = 0; oy < oh; oy++) {
            acc.fill(0, 0, ow);
            for (let kz = 0; kz < kd; kz++) {
              const iz = oz * sd + kz * dd - pd;
              if (iz < 0 || iz >= D) continue;
              for (let ky = 0; ky < kh; ky++) {
                const iy = oy * sh + ky * dh - ph;
                if (iy < 0 || iy >= H) continue;
                const xRow = xPlane + (iz * H + iy) * W;
                const wRow = wKernel + (kz * kh + ky) * kw;
                for (let kx = 0; kx < kw; kx++) {
                  const wv = w[wRow + kx];
                  const [lo, hi] = ranges[kx];
                  let p = xRow + lo * sw + kx * dw - pw;
                  for (let ox = lo; ox < hi; ox++, p += sw) acc[ox] += wv * x[p];
                }
              }
            }
            const yRow = yPlane + (oz * oh + oy) * ow;
            for (let ox = 0; ox < ow; ox++) y[yRow + ox] = acc[ox] + b;
          }
        }
      }
    }
  }
}
