/**
 * The fast kernels' view of a convolution's sizes: the shape module's `ConvInfo`, per group,
 * with 1-D and 2-D problems padded to three spatial axes (leading axes of size 1, kernel 1,
 * stride 1, dilation 1, no padding). One 3-D loop nest then serves every rank; the unit axes
 * cost one trip of an outer loop.
 *
 * As in `shape.ts`, "big" is the convolution's input side (the transposed convolution's
 * output) and "small" its output side (the transposed convolution's input), related by
 *     big index = small index * s + tap * d - padBegin           (ONNX Conv / ConvTranspose)
 * and the weight w [small channels, big channels / groups, ...k] has the same layout for
 * both ops (ONNX Conv's W [M, C/G, ...k] and ConvTranspose's W [C, M/G, ...k]).
 */
import { fail } from '../errors';
import type { ConvInfo } from '../shape';

/** The largest spatial rank the fast kernels handle; higher ranks use the reference loop. */
export const MAX_FAST_RANK = 3;

export interface Geometry3 {
  batch: number;
  groups: number;
  /** Big-side channels per group (conv input / transposed-conv output). */
  bigChannels: number;
  /** Small-side channels per group (conv output / transposed-conv input). */
  smallChannels: number;
  /** Big-side spatial size [D, H, W]. */
  big: [number, number, number];
  /** Small-side spatial size [D, H, W]. */
  small: [number, number, number];
  kernel: [number, number, number];
  strides: [number, number, number];
  dilations: [number, number, number];
  /** Padding before each axis (the end padding only crops, so it never enters an index). */
  pads: [number, number, number];
  /** Spatial sizes: bigSize = D*H*W on the big side, smallSize on the small side, taps = kd*kh*kw. */
  bigSize: number;
  smallSize: number;
  taps: number;
  /**
   * Per axis (D, H, W), per tap t: [offset, lo, hi] at 3t, 3t+1, 3t+2, where offset = t*d - padBegin
   * and [lo, hi) are the small indices o with 0 <= o*s + offset < big (validRange; hi >= lo). Computed
   * once per record, so that a tiny layer's loops do not divide per tap on every call.
   */
  tapRanges: [Int32Array, Int32Array, Int32Array];
}

function pad3(values: readonly number[], fill: number): [number, number, number] {
  const out: [number, number, number] = [fill, fill, fill];
  const offset = 3 - values.length;
  values.forEach((v, a) => (out[a + offset] = v));
  return out;
}

/** Geometries of the records seen (the checks module reuses records of repeated calls). */
const geometries = new WeakMap<ConvInfo, Geometry3>();

/** The 3-axis geometry of a convolution record (spatial rank 1 to 3), computed once per record. */
export function geometry3(info: ConvInfo): Geometry3 {
  let geo = geometries.get(info);
  if (geo === undefined) {
    geo = buildGeometry3(info);
    geometries.set(info, geo);
  }
  return geo;
}

function buildGeometry3(info: ConvInfo): Geometry3 {
  if (info.rank > MAX_FAST_RANK) fail('geometry3', `rank=${info.rank} must be <= ${MAX_FAST_RANK}`);
  const big = pad3(info.inShape, 1);
  const small = pad3(info.outShape, 1);
  const kernel = pad3(info.kernel, 1);
  const strides = pad3(info.strides, 1);
  const dilations = pad3(info.dilations, 1);
  const pads = pad3(info.padsBegin, 0);
  const ranges = (a: number) => tapRangesOf(kernel[a], strides[a], dilations[a], pads[a], big[a], small[a]);
  return {
    batch: info.batch,
    groups: info.groups,
    bigChannels: info.inChannels / info.groups,
    smallChannels: info.outChannels / info.groups,
    big,
    small,
    kernel,
    strides,
    dilations,
    pads,
    bigSize: big[0] * big[1] * big[2],
    smallSize: small[0] * small[1] * small[2],
    taps: kernel[0] * kernel[1] * kernel[2],
    tapRanges: [ranges(0), ranges(1), ranges(2)],
  };
}

/** One axis's [offset, lo, hi] per tap (see Geometry3.tapRanges). */
function tapRangesOf(k: number, stride: number, dilation: number, padBegin: number, bigLength: number, smallLength: number): Int32Array {
  const table = new Int32Array(3 * k);
  for (let t = 0; t < k; t++) {
    const offset = t * dilation - padBegin;
    const [lo, hi] = validRange(offset, stride, bigLength, smallLength);
    table[3 * t] = offset;
    table[3 * t + 1] = lo;
    table[3 * t + 2] = hi;
  }
  return table;
}

/**
 * Along one axis, the range of small indices o whose tap lands inside the big side:
 * 0 <= o*s + tap*d - pad < big, i.e. o in [lo, hi). Used to hoist bounds checks out of loops.
 */
export function validRange(tapOffset: number, stride: number, bigLength: number, smallLength: number): [number, number] {
  // o*s + tapOffset >= 0  <=>  o >= ceil(-tapOffset / s);   o*s + tapOffset < big  <=>  o < ceil((big - tapOffset) / s)
  const lo = Math.max(0, Math.ceil(-tapOffset / stride));
  const hi = Math.min(smallLength, Math.ceil((bigLength - tapOffset) / stride));
  return [lo, Math.max(lo, hi)];
}
