/**
 * Index bookkeeping the analysis needs around the core's functions: sums over input channels
 * (a transposed convolution is linear, so one input on every channel equals one channel
 * through the summed kernel), slicing one output channel, a constant input, and the channel
 * order of TensorFlow's depth_to_space (DCR) turned into PyTorch's pixel_shuffle order (CRD).
 * Layout only; no operator is computed here.
 */
import { sizeOf, type Tensor } from '../src/index';

/**
 * The kernel each output channel applies to an input that is the same on every input channel:
 * transposed weight [Cin, M/G, ...k] -> [1, M, ...k] (sum over the input channels of m's group);
 * with `conv`, a convolution weight [M, C/G, ...k] -> [M, 1, ...k].
 */
export function channelSum(w: Tensor, groups: number, conv = false): Tensor {
  const [a, b, ...k] = w.shape;
  const taps = sizeOf(k);
  if (conv) {
    const data = new Float64Array(a * taps);
    for (let m = 0; m < a; m++) for (let c = 0; c < b; c++) for (let t = 0; t < taps; t++) data[m * taps + t] += w.data[(m * b + c) * taps + t];
    return { shape: [a, 1, ...k], data };
  }
  const cin = a;
  const perGroup = b;
  const inPerGroup = cin / groups;
  const data = new Float64Array(perGroup * groups * taps);
  for (let c = 0; c < cin; c++) {
    const g = Math.floor(c / inPerGroup);
    for (let m = 0; m < perGroup; m++) {
      const out = g * perGroup + m;
      for (let t = 0; t < taps; t++) data[out * taps + t] += w.data[(c * perGroup + m) * taps + t];
    }
  }
  return { shape: [1, perGroup * groups, ...k], data };
}

/** Output channel m of a [1, M, ...k] kernel, as a spatial kernel [...k]. */
export function columnOf(summed: Tensor, m: number): Tensor {
  const k = summed.shape.slice(2);
  const taps = sizeOf(k);
  return { shape: k, data: summed.data.slice(m * taps, (m + 1) * taps) };
}

export function constantInput(shape: number[]): Tensor {
  return { shape, data: new Float64Array(sizeOf(shape)).fill(1) };
}

/** Channel `channel` of batch 0 of a 2-D output [N, M, H, W], row-major. */
export function spatialOf(y: Tensor, channel: number): { values: number[]; rows: number; cols: number } {
  const [rows, cols] = y.shape.slice(2);
  const plane = rows * cols;
  return { values: Array.from(y.data.subarray(channel * plane, (channel + 1) * plane)), rows, cols };
}

/**
 * A convolution weight whose output channels are in depth_to_space order (DCR: channel
 * p C + c for phase p of output channel c) reordered to pixel_shuffle order (CRD: c r^d + p).
 */
export function channelsForDepthToSpace(w: Tensor, r: number): Tensor {
  const [deep, ...rest] = w.shape;
  const d = w.shape.length - 2;
  const block = r ** d;
  const c = deep / block;
  const inner = sizeOf(rest);
  const data = new Float64Array(w.data.length);
  for (let p = 0; p < block; p++) {
    for (let ch = 0; ch < c; ch++) data.set(w.data.subarray((p * c + ch) * inner, (p * c + ch + 1) * inner), (ch * block + p) * inner);
  }
  return { shape: [...w.shape], data };
}
