/**
 * The generated test images: their definition by hand at a few pixels, their range and
 * determinism, and that they show a checkerboard with k=3, s=2 and not with k=4, s=2, the
 * FCN bilinear kernel or resize-convolution (the ordering of the checkerboard score).
 */
import { describe, expect, it } from 'vitest';
import {
  bilinearUpsample, checkerboardScore, convTranspose, maxAbsDiff, resizeConvolution, smoothImage, zonePlate, type Tensor,
} from '../src/index';
import { thrown } from './thrown';

const box = (k: number, value: number): Tensor => ({ shape: [1, 1, k, k], data: new Float64Array(k * k).fill(value) });

function range(t: Tensor): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of t.data) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return [lo, hi];
}

describe('images', () => {
  it('zone plate by hand: 1/2 + 1/2 cos(2π f r² / size)', () => {
    const z = zonePlate(8, { maxFrequency: 0.5 });
    expect(z.shape).toEqual([1, 1, 8, 8]);
    // Pixel (0, 0): r² = 2 * 3.5² = 24.5; phase = π * 24.5 / 8.
    expect(z.data[0]).toBeCloseTo(0.5 + 0.5 * Math.cos((Math.PI * 24.5) / 8), 15);
    // Pixel (3, 4): r² = 0.25 + 0.25 = 0.5.
    expect(z.data[3 * 8 + 4]).toBeCloseTo(0.5 + 0.5 * Math.cos((Math.PI * 0.5) / 8), 15);
    const [lo, hi] = range(zonePlate(33));
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
  });

  it('smooth image: [0, 1] with both ends reached, deterministic per seed, different across seeds', () => {
    const a = smoothImage(24, { seed: 3 });
    expect(a.shape).toEqual([1, 1, 24, 24]);
    expect(range(a)).toEqual([0, 1]);
    expect(maxAbsDiff(a, smoothImage(24, { seed: 3 }))).toBe(0);
    expect(maxAbsDiff(a, smoothImage(24, { seed: 4 }))).toBeGreaterThan(0.1);
    // Smooth: neighbouring pixels differ little (no detail at the pixel scale).
    let step = 0;
    for (let i = 0; i < 24; i++) for (let j = 0; j < 23; j++) step = Math.max(step, Math.abs(a.data[i * 24 + j + 1] - a.data[i * 24 + j]));
    expect(step).toBeLessThan(0.25);
  });
});

describe('checkerboard artifacts on the images (score = relative spread of the 4 phase means, border cropped)', () => {
  // Gain-1 kernels: a stride-2 kernel's taps sum to 4 (each input feeds 4 outputs on average).
  const upsamplers: Record<string, (x: Tensor) => Tensor> = {
    'transposed k=3, s=2 (ones * 4/9)': (x) => convTranspose(x, box(3, 4 / 9), { strides: 2, pads: 1, outputPadding: 1 }),
    'transposed k=4, s=2 (ones / 4)': (x) => convTranspose(x, box(4, 1 / 4), { strides: 2, pads: 1 }),
    'FCN bilinear k=4, s=2': (x) => bilinearUpsample(x, 2),
    'resize-convolution (nearest x2, 3x3 box)': (x) => resizeConvolution(x, box(3, 1 / 9), { factor: 2 }),
  };
  const images: Record<string, Tensor> = {
    'smooth 32': smoothImage(32, { seed: 1 }),
    'zone plate 32': zonePlate(32, { maxFrequency: 0.25 }),
  };
  for (const [name, image] of Object.entries(images)) {
    it(`${name}: k=3,s=2 scores at least 20 times any of the others`, () => {
      const scores = Object.fromEntries(Object.entries(upsamplers).map(([k, up]) => [k, checkerboardScore(up(image), 2, { crop: 4 }).score]));
      const [bad, ...good] = Object.values(scores);
      // On a constant image the k=3 score is sqrt(76)/18 = 0.484 (checkerboard.test.ts); images are not far off.
      expect(bad).toBeGreaterThan(0.3);
      for (const g of good) expect(bad).toBeGreaterThan(20 * g);
    });
  }
});

describe('errors', () => {
  it('size, options', () => {
    expect(thrown(() => zonePlate(1)).message).toBe('zonePlate: size=1 must be an integer >= 2');
    expect(thrown(() => zonePlate(8, { maxFrequency: 0.6 })).message).toBe('zonePlate: maxFrequency=0.6 must be in (0, 0.5] cycles per pixel');
    expect(thrown(() => zonePlate(8, { frequency: 0.2 } as never)).message).toBe('zonePlate: unknown option "frequency"; known options are maxFrequency');
    expect(thrown(() => smoothImage(8.5)).message).toBe('smoothImage: size=8.5 must be an integer >= 2');
    expect(thrown(() => smoothImage(8, { seed: -1 })).message).toBe('smoothImage: seed=-1 must be a non-negative integer');
    expect(thrown(() => smoothImage(8, { blobs: 1.5 })).message).toBe('smoothImage: blobs=1.5 must be a non-negative integer');
  });
});
