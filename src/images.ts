/**
 * Small deterministic test images, generated in code (no files, no licence): [1, 1, size, size]
 * float64 in [0, 1]. A zone plate holds every frequency up to a chosen maximum (so up-sampling
 * artifacts and aliasing show as moiré); a smooth image of blobs and a gradient looks like a
 * defocused photograph (so a checkerboard stands out on flat regions).
 */
import { checkInteger, checkKnownKeys, checkOptions, fail, show } from './errors';
import { randomSource } from './random';
import type { Tensor } from './tensor';

function checkSize(fn: string, size: unknown): number {
  return checkInteger(fn, 'size', size, 2);
}

/**
 * Zone plate: z(r) = 1/2 + 1/2 cos(2π f_max r² / size), r the distance from the image centre
 * ((size-1)/2, (size-1)/2) in pixels. Its local frequency, dφ/dr / 2π = 2 f_max r / size
 * cycles per pixel, grows linearly from 0 at the centre to f_max at r = size/2 (the middle of
 * each edge). maxFrequency is in cycles per pixel, in (0, 0.5] (0.5 = Nyquist), default 0.5.
 *
 * Returns [1, 1, size, size]. Throws RangeError for a size that is not a positive integer or a
 * maxFrequency outside (0, 0.5]. Source: the zone plate test pattern of image processing (e.g. Gonzalez &
 * Woods, "Digital Image Processing"), used here to show aliasing.
 *
 * @example
 * import { zonePlate } from 'deconv';
 * const z = zonePlate(5);
 * // At the centre (2, 2), r = 0: 1/2 + 1/2 cos 0 = 1; every value lies in [0, 1].
 * console.log(z.shape, z.data[2 * 5 + 2]); // => [1,1,5,5] 1
 * console.log(z.data.every((v) => v >= 0 && v <= 1)); // => true
 */
export function zonePlate(size: number, options?: { maxFrequency?: number }): Tensor {
  const fn = 'zonePlate';
  checkSize(fn, size);
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, ['maxFrequency']);
  const f = opts.maxFrequency ?? 0.5;
  if (typeof f !== 'number' || !(f > 0 && f <= 0.5)) fail(fn, `maxFrequency=${show(f)} must be in (0, 0.5] cycles per pixel`);
  const c = (size - 1) / 2;
  const data = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const r2 = (i - c) ** 2 + (j - c) ** 2;
      data[i * size + j] = 0.5 + 0.5 * Math.cos((2 * Math.PI * f * r2) / size);
    }
  }
  return { shape: [1, 1, size, size], data };
}

/**
 * A smooth "natural-looking" image: a gentle diagonal gradient plus `blobs` Gaussian blobs
 * (centres uniform in the image, widths size/12 to size/5, signed amplitudes), rescaled to
 * [0, 1] (min 0, max 1). Reproducible from `seed` (default 0). No detail finer than a few
 * pixels, so any periodic pattern at the up-sampling stride is an artifact.
 *
 * Returns [1, 1, size, size]. Throws RangeError for a size or blobs that are not positive integers, or a bad seed.
 *
 * @example
 * import { smoothImage } from 'deconv';
 * const a = smoothImage(16, { seed: 3 });
 * const b = smoothImage(16, { seed: 3 });
 * console.log(a.shape, Math.min(...a.data), Math.max(...a.data)); // => [1,1,16,16] 0 1
 * console.log(a.data.every((v, i) => v === b.data[i])); // => true
 */
export function smoothImage(size: number, options?: { seed?: number; blobs?: number }): Tensor {
  const fn = 'smoothImage';
  checkSize(fn, size);
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, ['seed', 'blobs']);
  const seed = opts.seed === undefined ? 0 : checkInteger(fn, 'seed', opts.seed, 0);
  const count = opts.blobs === undefined ? 6 : checkInteger(fn, 'blobs', opts.blobs, 0);
  const next = randomSource(seed);
  const blobs = Array.from({ length: count }, () => ({
    y: next() * size,
    x: next() * size,
    sigma: size / 12 + next() * (size / 5 - size / 12),
    amplitude: (next() < 0.5 ? -1 : 1) * (0.5 + next()),
  }));
  const data = new Float64Array(size * size);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      let v = (0.6 * (i + j)) / (2 * size);
      for (const b of blobs) v += b.amplitude * Math.exp(-((i - b.y) ** 2 + (j - b.x) ** 2) / (2 * b.sigma ** 2));
      data[i * size + j] = v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  for (let e = 0; e < data.length; e++) data[e] = (data[e] - min) / (max - min);
  return { shape: [1, 1, size, size], data };
}
