/**
 * The learned up-sampling loop: its gradient against the definition (the loss is quadratic in
 * the kernel, so a central difference is exact up to rounding), determinism, and the loss
 * falling by a stated factor on a fixed seed. No timing assertions.
 */
import { describe, expect, it } from 'vitest';
import {
  averagePool, bilinearKernel, convTranspose, createTrainer, randomTensor, smoothImage, zonePlate, type Tensor,
} from '../src/index';
import { thrown } from './thrown';

/** The loss by its definition, computed here: mean (convTranspose(averagePool(t), w, s=2, p=1) + b - t)^2. */
function lossOf(targets: Tensor, w: Float64Array, k: number, b = 0): number {
  const y = convTranspose(averagePool(targets, 2), { shape: [1, 1, k, k], data: w }, { strides: 2, pads: (k - 2) / 2 });
  let sum = 0;
  y.data.forEach((v, e) => (sum += (v + b - targets.data[e]) ** 2));
  return sum / y.data.length;
}

describe('createTrainer', () => {
  it('reports the loss of its definition, and a gradient equal to central differences', () => {
    const t = createTrainer({ seed: 3, bias: true });
    const w = t.kernel().data as Float64Array;
    expect(t.loss()).toBeCloseTo(lossOf(t.targets, w, 4), 14);
    const g = t.gradient();
    const h = 1e-3;
    for (const e of [0, 5, 10, 15]) {
      const plus = Float64Array.from(w);
      const minus = Float64Array.from(w);
      plus[e] += h;
      minus[e] -= h;
      expect(g.kernel.data[e]).toBeCloseTo((lossOf(t.targets, plus, 4) - lossOf(t.targets, minus, 4)) / (2 * h), 9);
    }
    expect(g.bias).toBeCloseTo((lossOf(t.targets, w, 4, h) - lossOf(t.targets, w, 4, -h)) / (2 * h), 9);
  });

  it('uses the default images: smoothImage(32, seed), smoothImage(32, seed + 1), zonePlate(32, 0.125), inputs their 2x2 averages', () => {
    const t = createTrainer({ seed: 5 });
    expect(t.targets.shape).toEqual([3, 1, 32, 32]);
    expect(Array.from(t.targets.data.subarray(0, 1024))).toEqual(Array.from(smoothImage(32, { seed: 5 }).data));
    expect(Array.from(t.targets.data.subarray(1024, 2048))).toEqual(Array.from(smoothImage(32, { seed: 6 }).data));
    expect(Array.from(t.targets.data.subarray(2048))).toEqual(Array.from(zonePlate(32, { maxFrequency: 0.125 }).data));
    expect(t.inputs.shape).toEqual([3, 1, 16, 16]);
    expect(t.inputs.data[0]).toBeCloseTo((t.targets.data[0] + t.targets.data[1] + t.targets.data[32] + t.targets.data[33]) / 4, 15);
    expect(t.convOptions).toEqual({ strides: 2, pads: [1, 1, 1, 1] });
  });

  it('is deterministic: the same seed gives the same losses and kernel', () => {
    const run = () => {
      const t = createTrainer({ seed: 7 });
      const losses = Array.from({ length: 5 }, () => t.step().loss);
      return { losses, kernel: Array.from(t.kernel().data) };
    };
    expect(run()).toEqual(run());
  });

  it('Adam from random init (seed 0): the loss falls at least 100x in 200 steps', () => {
    const t = createTrainer({ seed: 0 });
    const losses = Array.from({ length: 200 }, () => t.step().loss);
    const final = t.loss();
    expect(losses[0] / final).toBeGreaterThan(100);
    // Adam oscillates a little from step to step; over tens of steps the loss keeps falling.
    expect(losses[199]).toBeLessThan(losses[99]);
    expect(losses[99]).toBeLessThan(losses[49]);
    expect(losses[49]).toBeLessThan(losses[9]);
    expect(t.steps).toBe(200);
  });

  it('SGD with momentum from random init: at least 100x in 100 steps', () => {
    const t = createTrainer({ seed: 0, optimizer: 'sgd' });
    const first = t.step().loss;
    for (let i = 1; i < 100; i++) t.step();
    expect(first / t.loss()).toBeGreaterThan(100);
  });

  it('from the FCN bilinear kernel, learning lowers the loss below the fixed kernel\'s by at least 1.5x', () => {
    const t = createTrainer({ seed: 0, init: 'bilinear' });
    expect(Array.from(t.kernel().data)).toEqual(Array.from(bilinearKernel(4).data));
    const fixed = t.loss();
    for (let i = 0; i < 100; i++) t.step();
    expect(fixed / t.loss()).toBeGreaterThan(1.5);
  });

  it('accepts images, a kernel size, factor 3, decimation and an explicit initial kernel', () => {
    const images = [randomTensor([2, 1, 12, 9], { seed: 1, min: 0, max: 1 })];
    const t = createTrainer({ images, factor: 3, kernelSize: 6, degrade: 'decimate', init: randomTensor([6, 6], { seed: 2 }) });
    expect(t.inputs.shape).toEqual([2, 1, 4, 3]);
    // Decimation keeps every third pixel.
    expect(t.inputs.data[1]).toBe(images[0].data[3]);
    expect(t.convOptions).toEqual({ strides: 3, pads: [1, 1, 2, 2] });
    expect(t.predict().shape).toEqual([2, 1, 12, 9]);
    const step = t.step();
    expect(step.step).toBe(1);
    expect(step.kernel.shape).toEqual([1, 1, 6, 6]);
  });
});

describe('errors', () => {
  it('options', () => {
    expect(thrown(() => createTrainer({ factor: 0 })).message).toBe('createTrainer: factor=0 must be a positive integer');
    expect(thrown(() => createTrainer({ kernelSize: 1 })).message)
      .toBe('createTrainer: kernelSize=1 must be >= factor=2 (or the output is smaller than factor times the input)');
    expect(thrown(() => createTrainer({ optimizer: 'rmsprop' as never })).message).toBe('createTrainer: optimizer="rmsprop" must be "sgd" or "adam"');
    expect(thrown(() => createTrainer({ init: 'zeros' as never })).message).toBe('createTrainer: init="zeros" must be "random", "bilinear" or a kernel tensor');
    expect(thrown(() => createTrainer({ init: randomTensor([3, 3]) })).message)
      .toBe('createTrainer: init.shape=[3, 3] must be [4, 4] or [1, 1, 4, 4] (kernelSize=4)');
    expect(thrown(() => createTrainer({ learningRate: 0 })).message).toBe('createTrainer: learningRate=0 must be a finite number > 0');
    expect(thrown(() => createTrainer({ momentum: 1 })).message).toBe('createTrainer: momentum=1 must be in [0, 1)');
    expect(thrown(() => createTrainer({ beta2: -0.1 })).message).toBe('createTrainer: beta2=-0.1 must be in [0, 1)');
    expect(thrown(() => createTrainer({ degrade: 'blur' as never })).message).toBe('createTrainer: degrade="blur" must be "average" or "decimate"');
    expect(thrown(() => createTrainer({ bias: 1 as never }))).toBeInstanceOf(TypeError);
    expect(thrown(() => createTrainer({ lr: 0.1 } as never)).message).toMatch(/^createTrainer: unknown option "lr"; known options are images, factor/);
  });
  it('images', () => {
    expect(thrown(() => createTrainer({ images: [] })).message).toBe('createTrainer: images=[] must hold at least one image');
    expect(thrown(() => createTrainer({ images: randomTensor([1, 2, 8, 8]) })).message).toBe('createTrainer: images.shape=[1, 2, 8, 8] must be [N, 1, H, W]');
    expect(thrown(() => createTrainer({ images: [randomTensor([1, 1, 8, 7])] })).message)
      .toBe('createTrainer: images[0].shape=[1, 1, 8, 7] must have H and W divisible by factor=2');
    expect(thrown(() => createTrainer({ images: [randomTensor([1, 1, 8, 8]), randomTensor([1, 1, 4, 4])] })).message)
      .toBe('createTrainer: images[1].shape=[1, 1, 4, 4] must have the size of the first image [8, 8]');
  });
});
