/**
 * The benchmark shapes of issue 3 (channels-first, float32; transposed-convolution weights
 * [C_in, C_out/group, k, k], convolution weights [C_out, C_in/group, k, k]) and their inputs,
 * generated from a seed so that every peer process builds the same tensors.
 */
import { bilinearKernel, randomTensor, type Tensor } from '../src/index';

export interface BenchCase {
  id: string;
  title: string;
  op: 'convTranspose' | 'conv';
  batch: number;
  inChannels: number;
  outChannels: number;
  /** Spatial input size (square). */
  size: number;
  kernel: number;
  stride: number;
  pad: number;
  groups: number;
  /** 'bilinear': every kernel slice is FCN's bilinear up-sampling filter; 'random': uniform in [-1, 1). */
  weights: 'random' | 'bilinear';
}

export const CASES: BenchCase[] = [
  { id: 'S1', title: 'toy: N1 1->1, 8x8, k3 s2 p1', op: 'convTranspose', batch: 1, inChannels: 1, outChannels: 1, size: 8, kernel: 3, stride: 2, pad: 1, groups: 1, weights: 'random' },
  { id: 'S2', title: 'FCN 2x, depthwise: N1 C21 g21, 64x64 -> 128x128, k4 s2 p1 (learned weights)', op: 'convTranspose', batch: 1, inChannels: 21, outChannels: 21, size: 64, kernel: 4, stride: 2, pad: 1, groups: 21, weights: 'random' },
  { id: 'S3', title: 'DCGAN: N16 256->128, 8x8 -> 16x16, k4 s2 p1', op: 'convTranspose', batch: 16, inChannels: 256, outChannels: 128, size: 8, kernel: 4, stride: 2, pad: 1, groups: 1, weights: 'random' },
  { id: 'S4', title: 'U-Net decoder: N1 128->64, 64x64 -> 128x128, k2 s2 p0', op: 'convTranspose', batch: 1, inChannels: 128, outChannels: 64, size: 64, kernel: 2, stride: 2, pad: 0, groups: 1, weights: 'random' },
  { id: 'S5', title: 'FCN-32s, depthwise bilinear: N1 C21 g21, 16x16 -> 512x512, k64 s32 p16', op: 'convTranspose', batch: 1, inChannels: 21, outChannels: 21, size: 16, kernel: 64, stride: 32, pad: 16, groups: 21, weights: 'bilinear' },
  { id: 'S5r', title: 'S5 with random (not separable) weights', op: 'convTranspose', batch: 1, inChannels: 21, outChannels: 21, size: 16, kernel: 64, stride: 32, pad: 16, groups: 21, weights: 'random' },
  { id: 'C3', title: 'conv forward, mirror of S3: N16 128->256, 16x16 -> 8x8, k4 s2 p1', op: 'conv', batch: 16, inChannels: 128, outChannels: 256, size: 16, kernel: 4, stride: 2, pad: 1, groups: 1, weights: 'random' },
];

/** Spatial output size: s(in-1) + k - 2p (transposed) or floor((in + 2p - k)/s) + 1 (forward). */
export function outputSize(c: BenchCase): number {
  return c.op === 'convTranspose' ? c.stride * (c.size - 1) + c.kernel - 2 * c.pad : Math.floor((c.size + 2 * c.pad - c.kernel) / c.stride) + 1;
}

export function weightShape(c: BenchCase): number[] {
  return c.op === 'convTranspose'
    ? [c.inChannels, c.outChannels / c.groups, c.kernel, c.kernel]
    : [c.outChannels, c.inChannels / c.groups, c.kernel, c.kernel];
}

export function outputShape(c: BenchCase): number[] {
  return [c.batch, c.outChannels, outputSize(c), outputSize(c)];
}

/**
 * FLOPs = 2 N C_in (C_out/group) k^2 H_in W_in for a transposed convolution (the issue's
 * formula: one multiply and one add per input value, kernel tap and output channel); for the
 * forward convolution the same count on its small side, 2 N C_out (C_in/group) k^2 H_out W_out,
 * so that a convolution and its mirror transposed convolution count the same work.
 */
export function flops(c: BenchCase): number {
  if (c.op === 'convTranspose') return 2 * c.batch * c.inChannels * (c.outChannels / c.groups) * c.kernel ** 2 * c.size ** 2;
  return 2 * c.batch * c.outChannels * (c.inChannels / c.groups) * c.kernel ** 2 * outputSize(c) ** 2;
}

/** The case's x and w in float32 (or float64), the same in every process. */
export function inputs(c: BenchCase, dtype: 'float32' | 'float64' = 'float32'): { x: Tensor; w: Tensor } {
  const seed = [...c.id].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
  const x = randomTensor([c.batch, c.inChannels, c.size, c.size], { seed, dtype });
  const shape = weightShape(c);
  if (c.weights === 'random') return { x, w: randomTensor(shape, { seed: seed + 1, dtype }) };
  const slice = bilinearKernel(c.kernel).data;
  const w = randomTensor(shape, { dtype });
  for (let i = 0; i < w.data.length; i++) w.data[i] = slice[i % slice.length];
  return { x, w };
}

/** The op's options in the core's vocabulary. */
export function coreOptions(c: BenchCase) {
  return { strides: c.stride, pads: c.pad, groups: c.groups };
}
