/**
 * Interpolation conventions against TensorFlow.js 4.22 (CPU backend) as the oracle:
 * tf.image.resizeBilinear / resizeNearestNeighbor with (alignCorners, halfPixelCenters) =
 * (true, false) for align_corners, (false, true) for half_pixel, (false, false) for
 * asymmetric (legacy TF). Plus hand calculations of the 1-D rules and the argument checks.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  maxAbsDiff, multiply, randomTensor, resize, resizeBy, resizeMatrix, resizeTaps, sourceCoordinate, tensor, toArray, toDense,
  type CoordinateMode, type ResizeMode, type Tensor,
} from '../src/index';
import { thrown } from './thrown';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const FLAGS: Record<CoordinateMode, [boolean, boolean]> = {
  align_corners: [true, false],
  half_pixel: [false, true],
  asymmetric: [false, false],
};

/** TF.js's resize of x [N, C, H, W] (it works in NHWC), returned as NCHW float32. */
function tfResize(x: Tensor, size: [number, number], mode: ResizeMode, coordinates: CoordinateMode): Tensor {
  const [alignCorners, halfPixelCenters] = FLAGS[coordinates];
  const out = tf.tidy(() => {
    const nhwc = tf.transpose(tf.tensor4d(Float32Array.from(x.data), x.shape as [number, number, number, number]), [0, 2, 3, 1]);
    const resized = mode === 'bilinear'
      ? tf.image.resizeBilinear(nhwc as tf.Tensor4D, size, alignCorners, halfPixelCenters)
      : tf.image.resizeNearestNeighbor(nhwc as tf.Tensor4D, size, alignCorners, halfPixelCenters);
    return tf.transpose(resized, [0, 3, 1, 2]);
  });
  const data = out.dataSync() as Float32Array;
  const shape = out.shape;
  out.dispose();
  return { shape, data: Float32Array.from(data) };
}

// Up, down, non-integer ratios, size 1 in and out, and FCN's factors.
const SIZES: [number, number, number, number][] = [
  [4, 4, 8, 8], [3, 5, 7, 2], [5, 5, 1, 3], [2, 3, 6, 9], [6, 4, 3, 2], [1, 4, 3, 8], [4, 6, 16, 24], [5, 3, 15, 9], [7, 7, 10, 10], [3, 3, 96, 96],
];

describe('resize against TensorFlow.js', () => {
  for (const coordinates of Object.keys(FLAGS) as CoordinateMode[]) {
    for (const mode of ['bilinear', 'nearest'] as ResizeMode[]) {
      it(`${mode}, ${coordinates}`, () => {
        SIZES.forEach(([h, w, oh, ow], i) => {
          const x = randomTensor([2, 3, h, w], { seed: 100 + i, dtype: 'float32' });
          const ours = resize(x, [oh, ow], { mode, coordinates });
          const theirs = tfResize(x, [oh, ow], mode, coordinates);
          expect(ours.shape).toEqual(theirs.shape);
          // Nearest copies float32 values (exactly equal); bilinear rounds in float32 in TF.js.
          const tol = mode === 'nearest' ? 0 : 2e-6;
          expect(maxAbsDiff(ours, theirs), `${h}x${w} -> ${oh}x${ow}`).toBeLessThanOrEqual(tol);
        });
      });
    }
  }

  it('1-D resize equals TF.js on a height-1 image', () => {
    const x = randomTensor([1, 2, 5], { seed: 7, dtype: 'float32' });
    for (const coordinates of Object.keys(FLAGS) as CoordinateMode[]) {
      const ours = resize(x, 12, { coordinates });
      const theirs = tfResize({ shape: [1, 2, 1, 5], data: x.data }, [1, 12], 'bilinear', coordinates);
      expect(maxAbsDiff(ours, { shape: ours.shape, data: theirs.data })).toBeLessThanOrEqual(2e-6);
    }
  });
});

describe('1-D rules by hand', () => {
  it('source coordinates', () => {
    // half_pixel: (o + 0.5) * 4/8 - 0.5; align_corners: o * 3/7; asymmetric: o * 4/8.
    expect(sourceCoordinate(0, 4, 8, 'half_pixel')).toBe(-0.25);
    expect(sourceCoordinate(7, 4, 8, 'half_pixel')).toBe(3.25);
    expect(sourceCoordinate(7, 4, 8, 'align_corners')).toBe(3);
    expect(sourceCoordinate(3, 4, 8, 'asymmetric')).toBe(1.5);
    expect(sourceCoordinate(0, 5, 1, 'align_corners')).toBe(0);
  });

  it('bilinear matrices 2 -> 4 in the three conventions', () => {
    // half_pixel: src = -0.25, 0.25, 0.75, 1.25 (clamped to 0 and 1 at the ends)
    expect(toArray(toDense(resizeMatrix(2, 4, { coordinates: 'half_pixel' })))).toEqual([[1, 0], [0.75, 0.25], [0.25, 0.75], [0, 1]]);
    // align_corners: src = o/3
    const ac = toDense(resizeMatrix(2, 4, { coordinates: 'align_corners' })).data;
    [1, 0, 2 / 3, 1 / 3, 1 / 3, 2 / 3, 0, 1].forEach((v, e) => expect(ac[e]).toBeCloseTo(v, 15));
    // asymmetric: src = o/2 = 0, 0.5, 1, 1.5 (clamped to 1)
    expect(toArray(toDense(resizeMatrix(2, 4, { coordinates: 'asymmetric' })))).toEqual([[1, 0], [0.5, 0.5], [0, 1], [0, 1]]);
  });

  it('nearest taps 3 -> 7: floor((o + 0.5) 3/7), round(o 2/6), floor(o 3/7)', () => {
    const pick = (c: CoordinateMode) => resizeTaps(3, 7, { mode: 'nearest', coordinates: c }).map((t) => t.index[0]);
    expect(pick('half_pixel')).toEqual([0, 0, 1, 1, 1, 2, 2]);
    expect(pick('align_corners')).toEqual([0, 0, 1, 1, 1, 2, 2]);
    expect(pick('asymmetric')).toEqual([0, 0, 0, 1, 1, 2, 2]);
  });

  it('resize of a 1-D signal is the matrix times the signal', () => {
    const x = randomTensor([1, 1, 6], { seed: 3 });
    for (const coordinates of ['align_corners', 'half_pixel', 'asymmetric'] as CoordinateMode[]) {
      const y = resize(x, 13, { coordinates });
      const m = multiply(resizeMatrix(6, 13, { coordinates }), x.data);
      m.forEach((v, e) => expect(y.data[e]).toBeCloseTo(v, 14));
    }
  });

  it('3-D: align_corners reproduces a linear function exactly (trilinear interpolation is exact on linear data)', () => {
    const [d, h, w] = [3, 4, 5];
    const f = (a: number, b: number, c: number) => 2 * a - b + 0.5 * c + 1;
    const data = new Float64Array(d * h * w);
    for (let a = 0; a < d; a++) for (let b = 0; b < h; b++) for (let c = 0; c < w; c++) data[(a * h + b) * w + c] = f(a, b, c);
    const [od, oh, ow] = [5, 7, 3];
    const y = resize({ shape: [1, 1, d, h, w], data }, [od, oh, ow], { coordinates: 'align_corners' });
    for (let a = 0; a < od; a++) {
      for (let b = 0; b < oh; b++) {
        for (let c = 0; c < ow; c++) {
          const want = f((a * (d - 1)) / (od - 1), (b * (h - 1)) / (oh - 1), (c * (w - 1)) / (ow - 1));
          expect(y.data[(a * oh + b) * ow + c]).toBeCloseTo(want, 12);
        }
      }
    }
  });

  it('resizeBy multiplies every spatial size', () => {
    const x = randomTensor([1, 2, 3, 4], { seed: 5 });
    expect(maxAbsDiff(resizeBy(x, [2, 3], { mode: 'nearest' }), resize(x, [6, 12], { mode: 'nearest' }))).toBe(0);
  });
});

describe('errors', () => {
  const x = tensor([[[[1, 2], [3, 4]]]]);
  it('resize', () => {
    expect(thrown(() => resize(tensor([1, 2]), 4)).message).toBe('resize: x rank (1) must be at least 3: [batch, channels, ...spatial]');
    expect(thrown(() => resize(x, [4])).message).toBe('resize: size=[4] must have 2 entries, one per spatial axis');
    expect(thrown(() => resize(x, [4, 0])).message).toBe('resize: size[1]=0 must be a positive integer');
    expect(thrown(() => resize(x, 4, { mode: 'bicubic' as ResizeMode })).message).toBe('resize: mode="bicubic" must be one of nearest, bilinear');
    expect(thrown(() => resize(x, 4, { coordinates: 'pytorch_half_pixel' as CoordinateMode })).message)
      .toBe('resize: coordinates="pytorch_half_pixel" must be one of align_corners, half_pixel, asymmetric');
    const e = thrown(() => resize(x, 4, { alignCorners: true } as never));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe('resize: unknown option "alignCorners"; known options are mode, coordinates');
  });
  it('resizeBy, resizeTaps, resizeMatrix, sourceCoordinate', () => {
    expect(thrown(() => resizeBy(x, 1.5)).message).toBe('resizeBy: factor=1.5 must be a positive integer');
    expect(thrown(() => resizeTaps(0, 4)).message).toBe('resizeTaps: inSize=0 must be a positive integer');
    expect(thrown(() => resizeMatrix(3, 2.5)).message).toBe('resizeMatrix: outSize=2.5 must be a positive integer');
    expect(thrown(() => sourceCoordinate(8, 4, 8)).message).toBe('sourceCoordinate: o=8 must be < outSize=8');
    expect(thrown(() => sourceCoordinate(1, 4, 8, 'nearest' as CoordinateMode)).message)
      .toBe('sourceCoordinate: coordinates="nearest" must be one of align_corners, half_pixel, asymmetric');
  });
});
