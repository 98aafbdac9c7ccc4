/**
 * FCN's fixed up-sampling filter (Long, Shelhamer & Darrell 2015; surgery.py upsample_filt):
 *     factor = ceil(size / 2)
 *     center = factor - 1 (odd size) or factor - 0.5 (even size)
 *     w[i][j] = (1 - |i - center| / factor) * (1 - |j - center| / factor)
 * Used as a transposed-convolution kernel with stride = factor it performs bilinear
 * up-sampling (see the up-sampling chapter for the border and the conventions).
 */
import { checkInteger } from './errors';
import type { Tensor } from './tensor';

/** factor and center of FCN's bilinear kernel of the given size. */
export function bilinearParameters(size: number): { factor: number; center: number } {
  checkInteger('bilinearParameters', 'size', size, 1);
  const factor = Math.ceil(size / 2);
  return { factor, center: size % 2 === 1 ? factor - 1 : factor - 0.5 };
}

/** The 1-D profile of FCN's bilinear kernel: p[i] = 1 - |i - center| / factor. Its outer product with itself is the 2-D kernel. */
export function bilinearProfile(size: number): Float64Array {
  checkInteger('bilinearProfile', 'size', size, 1);
  const { factor, center } = bilinearParameters(size);
  return Float64Array.from({ length: size }, (_, i) => 1 - Math.abs(i - center) / factor);
}

/** FCN's size x size bilinear up-sampling kernel, shape [size, size], float64. */
export function bilinearKernel(size: number): Tensor {
  checkInteger('bilinearKernel', 'size', size, 1);
  const p = bilinearProfile(size);
  const data = new Float64Array(size * size);
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) data[i * size + j] = p[i] * p[j];
  return { shape: [size, size], data };
}
