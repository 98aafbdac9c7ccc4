/**
 * Pixel shuffle (PyTorch semantics), its inverse, sub-pixel convolution, and the identity
 * "stride-1 conv to C r^2 channels + pixel shuffle = transposed conv with stride r and the
 * assembled kernel" checked numerically against the public convTranspose.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conv, convTranspose, maxAbsDiff, pixelShuffle, pixelUnshuffle, randomTensor, subPixelConvTranspose, subPixelConvolution, subPixelKernel,
  tensor, toArray, type Tensor,
} from '../src/index';
import { thrown } from './thrown';

/**
 * PyTorch's documented pixel_shuffle, written as its view/permute/reshape:
 * x.view(N, C, r, r, H, W).permute(0, 1, 4, 2, 5, 3).reshape(N, C, H r, W r).
 */
function torchPixelShuffle(x: Tensor, r: number): Tensor {
  const [n, cr2, h, w] = x.shape;
  const c = cr2 / (r * r);
  const out = new Float64Array(x.data.length);
  // Source index of view (n, c, i, j, hh, ww); destination of permuted (n, c, hh, i, ww, j).
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) {
    for (let hh = 0; hh < h; hh++) for (let ww = 0; ww < w; ww++) {
      const from = ((((b * c + ch) * r + i) * r + j) * h + hh) * w + ww;
      const to = ((((b * c + ch) * h + hh) * r + i) * w + ww) * r + j;
      out[to] = x.data[from];
    }
  }
  return { shape: [n, c, h * r, w * r], data: out };
}

describe('pixel shuffle', () => {
  it('by hand: channel c*r^2 + i*r + j goes to (h r + i, w r + j)', () => {
    expect(toArray(pixelShuffle(tensor([[[[1]], [[2]], [[3]], [[4]]]]), 2))).toEqual([[[[1, 2], [3, 4]]]]);
    // 1-D, r=3: channels 0,1,2 of position h go to 3h, 3h+1, 3h+2.
    expect(toArray(pixelShuffle(tensor([[[1, 4], [2, 5], [3, 6]]]), 3))).toEqual([[[1, 2, 3, 4, 5, 6]]]);
  });

  it('equals PyTorch\'s view/permute/reshape definition, and pixelUnshuffle inverts it', () => {
    for (const [shape, r] of [[[2, 8, 3, 2], 2], [[1, 18, 2, 3], 3], [[1, 4, 1, 1], 2], [[2, 3, 2, 2], 1]] as [number[], number][]) {
      const x = randomTensor(shape, { seed: r + shape[1] });
      const y = pixelShuffle(x, r);
      expect(maxAbsDiff(y, torchPixelShuffle(x, r))).toBe(0);
      expect(maxAbsDiff(pixelUnshuffle(y, r), x)).toBe(0);
    }
    const big = randomTensor([1, 2, 6, 4, 2], { seed: 1 });
    expect(maxAbsDiff(pixelShuffle(pixelUnshuffle(big, 2), 2), big)).toBe(0);
    expect(pixelUnshuffle(big, 2).shape).toEqual([1, 16, 3, 2, 1]);
  });
});

describe('sub-pixel convolution = transposed convolution (Shi et al. 2016)', () => {
  it('the assembled kernel by hand (1-D, r=2, K=2): w[0] = [a, b], w[1] = [c, d] -> [b, d, a, c]', () => {
    // W[(K-1-k) r + i] = w[i, k]: k=1 -> positions 0 (i=0) and 1 (i=1); k=0 -> positions 2 and 3.
    const [a, b, c, d] = [1, 2, 3, 4];
    const W = subPixelKernel(tensor([[[a, b]], [[c, d]]]), 2);
    expect(toArray(W)).toEqual([[[b, d, a, c]]]);
    // x = [x0, x1], no pads: conv gives z_i[0] = w_i . x; shuffle interleaves [a x0 + b x1, c x0 + d x1].
    const x = tensor([[[5, 7]]]);
    expect(Array.from(subPixelConvolution(x, tensor([[[a, b]], [[c, d]]]), 2).data)).toEqual([a * 5 + b * 7, c * 5 + d * 7]);
    const { w, options } = subPixelConvTranspose(tensor([[[a, b]], [[c, d]]]), 2);
    expect(options).toEqual({ strides: 2, pads: [2, 2] });
    expect(Array.from(convTranspose(x, w, options).data)).toEqual([a * 5 + b * 7, c * 5 + d * 7]);
  });

  it('equal for random weights, channels, r, kernel sizes and pads (1-D and 2-D)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.nat(), fc.nat(), fc.nat(),
        (rank, r, cin, c, k0, k1, p0, p1, seed) => {
          const k = [k0, k1].slice(0, rank);
          const pads = [p0 % k0, p1 % k1, (p0 >> 3) % k0, (p1 >> 3) % k1];
          const padList = rank === 1 ? [pads[0], pads[2]] : pads;
          const size = [4, 3].slice(0, rank);
          const x = randomTensor([2, cin, ...size], { seed });
          const w = randomTensor([c * r ** rank, cin, ...k], { seed: seed + 1 });
          const sub = subPixelConvolution(x, w, r, { pads: padList });
          const t = subPixelConvTranspose(w, r, { pads: padList });
          const y = convTranspose(x, t.w, t.options);
          expect(y.shape).toEqual(sub.shape);
          expect(maxAbsDiff(y, sub)).toBeLessThan(1e-12);
          // The sub-pixel convolution is the convolution followed by the shuffle.
          expect(maxAbsDiff(sub, pixelShuffle(conv(x, w, { pads: padList }), r))).toBe(0);
        }),
      { numRuns: 150, seed: 12 },
    );
  });
});

describe('errors', () => {
  const x = randomTensor([1, 4, 2, 2]);
  it('pixelShuffle and pixelUnshuffle', () => {
    expect(thrown(() => pixelShuffle(x, 0)).message).toBe('pixelShuffle: r=0 must be a positive integer');
    expect(thrown(() => pixelShuffle(randomTensor([1, 6, 2, 2]), 2)).message).toBe('pixelShuffle: x.shape[1]=6 must be divisible by r^2=4');
    expect(thrown(() => pixelShuffle(randomTensor([4, 4]), 2)).message).toBe('pixelShuffle: x rank (2) must be at least 3: [batch, channels, ...spatial]');
    expect(thrown(() => pixelUnshuffle(randomTensor([1, 1, 4, 3]), 2)).message).toBe('pixelUnshuffle: x.shape[3]=3 must be divisible by r=2');
    expect(thrown(() => pixelUnshuffle(x, '2' as unknown as number))).toBeInstanceOf(TypeError);
  });
  it('sub-pixel functions', () => {
    const w = randomTensor([4, 4, 3, 3]);
    expect(thrown(() => subPixelKernel(randomTensor([6, 1, 3, 3]), 2)).message)
      .toBe('subPixelKernel: w.shape[0]=6 (conv output channels) must be divisible by r^2=4');
    expect(thrown(() => subPixelKernel(randomTensor([6, 1]), 2)).message)
      .toBe('subPixelKernel: w rank (2) must be at least 3: [C*r^d, inChannels, ...kernel]');
    expect(thrown(() => subPixelConvTranspose(w, 2, { pads: [3, 0, 0, 0] })).message)
      .toBe('subPixelConvTranspose: pads[0]=3 must be <= kernel size - 1 = 2 along spatial axis 0');
    expect(thrown(() => subPixelConvTranspose(w, 2, { pads: [1, 1] })).message)
      .toBe('subPixelConvTranspose: pads=[1, 1] must have 4 entries, one per spatial axis');
    expect(thrown(() => subPixelConvTranspose(w, 2, { strides: 2 } as never)).message)
      .toBe('subPixelConvTranspose: unknown option "strides"; known options are pads');
    expect(thrown(() => subPixelConvolution(randomTensor([1, 3, 4, 4]), w, 2)).message)
      .toBe('subPixelConvolution: x.shape[1]=3 must equal w.shape[1]*groups=4 (w.shape[1]=4, groups=1)');
    expect(thrown(() => subPixelConvolution(x, w, 2, { pads: -1 })).message).toBe('subPixelConvolution: pads=-1 must be a non-negative integer');
  });
});
