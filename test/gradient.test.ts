/**
 * The gradients are checked against their definition. Every op here is linear in the
 * argument being differentiated, so for L(a) = <f(a), r> the directional derivative along v
 * is exactly <f(v), r> (a central difference with any step gives the same), and the
 * gradient g must satisfy <g, v> = <f(v), r> for every v.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conv, convGradBias, convGradInput, convGradWeight, convTranspose, convTransposeGradInput, convTransposeGradWeight,
  convTransposeInfo, col2im, convReference, convTransposeReference, dispatch, dot, im2col, randomTensor, tensor, toArray,
  availableEngines, setEngine, type ConvTransposeOptions, type Tensor,
} from '../src/index';
import {
  caffeConvGradInput, caffeConvGradWeight, caffeConvTransposeGradInput, caffeConvTransposeGradWeight,
} from '../src/views/gradient';
import { configs } from './configs';

const runs = { numRuns: 150, seed: 42 };

describe('convolution gradients (random configurations)', () => {
  it('convGradInput, convGradWeight and convGradBias satisfy <g, v> = <f(v), r>', () => {
    fc.assert(
      fc.property(configs, ({ x: smallSide, w, options }) => {
        const s = options.strides as number[];
        fc.pre((options.outputPadding as number[]).every((op, a) => op < s[a]));
        // A convolution whose output has smallSide's shape.
        const info = convTransposeInfo('test', smallSide.shape, w.shape, { ...options, bias: undefined });
        const convOptions = { strides: options.strides, dilations: options.dilations, groups: options.groups, pads: [...info.padsBegin, ...info.padsEnd] };
        const xShape = [info.batch, info.inChannels, ...info.inShape];
        const x = randomTensor(xShape, { seed: 1 });
        const r = randomTensor(smallSide.shape, { seed: 2 });
        // dL/dx
        const v = randomTensor(xShape, { seed: 3 });
        const gx = convGradInput(r, w, { ...convOptions, inputShape: info.inShape });
        expect(dot(gx, v)).toBeCloseTo(dot(conv(v, w, convOptions), r), 9);
        // dL/dw
        const vw = randomTensor(w.shape, { seed: 4 });
        const gw = convGradWeight(x, r, { ...convOptions, kernelShape: info.kernel });
        expect(dot(gw, vw)).toBeCloseTo(dot(conv(x, vw, convOptions), r), 9);
        // dL/db: the bias adds b[m] at every position of channel m.
        const vb = randomTensor([info.outChannels], { seed: 5 });
        const withBias = conv(x, w, { ...convOptions, bias: vb });
        const without = conv(x, w, convOptions);
        const diff = { shape: withBias.shape, data: withBias.data.map((value, i) => value - without.data[i]) };
        expect(dot(convGradBias(r), vb)).toBeCloseTo(dot(diff, r), 9);
      }),
      runs,
    );
  });

  it('transposed convolution gradients satisfy <g, v> = <f(v), r>', () => {
    fc.assert(
      fc.property(configs, ({ x, w, options }) => {
        const { bias: _bias, ...opts } = options;
        const y = convTranspose(x, w, opts);
        const r = randomTensor(y.shape, { seed: 6 });
        const v = randomTensor(x.shape, { seed: 7 });
        const gx = convTransposeGradInput(r, w, { ...opts, inputShape: x.shape.slice(2) });
        expect(dot(gx, v)).toBeCloseTo(dot(convTranspose(v, w, opts), r), 9);
        const vw = randomTensor(w.shape, { seed: 8 });
        const gw = convTransposeGradWeight(x, r, { ...opts, kernelShape: w.shape.slice(2) });
        expect(dot(gw, vw)).toBeCloseTo(dot(convTranspose(x, vw, opts), r), 9);
      }),
      runs,
    );
  });
});

describe('im2col and col2im', () => {
  it('input=1x1x3x3,k=2x2,s=1: columns by hand', () => {
    // x = [[1,2,3],[4,5,6],[7,8,9]]; rows are the taps (0,0),(0,1),(1,0),(1,1), columns the 4 outputs.
    const cols = im2col(tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]), [2, 2]);
    expect(toArray(cols)).toEqual([[[1, 2, 4, 5], [2, 3, 5, 6], [4, 5, 7, 8], [5, 6, 8, 9]]]);
  });

  it('col2im is the adjoint of im2col', () => {
    const x = randomTensor([2, 4, 5, 6], { seed: 9 });
    const options = { strides: [2, 1], pads: [1, 0, 0, 2], dilations: [1, 2], groups: 2 };
    const cols = im2col(x, [3, 2], options);
    const c = randomTensor(cols.shape, { seed: 10 });
    expect(dot(cols, c)).toBeCloseTo(dot(x, col2im(c, x.shape, [3, 2], options)), 10);
  });

  it('col2im of all-ones columns counts how often each input is read (k=3, s=2 on 5: [1,1,2,1,1])', () => {
    // Windows start at 0 and 2: positions 0,1,2 and 2,3,4; position 2 is read twice.
    const counts = col2im(tensor(new Float64Array(6).fill(1), [1, 3, 2]), [1, 1, 5], [3], { strides: 2 });
    expect(toArray(counts)).toEqual([[[1, 1, 2, 1, 1]]]);
  });
});

/** |a - b| <= tol * max(1, |b|) everywhere. */
function expectClose(got: Tensor, want: Tensor, tol: number): void {
  expect(got.shape).toEqual(want.shape);
  let worst = 0;
  for (let i = 0; i < want.data.length; i++) worst = Math.max(worst, Math.abs(got.data[i] - want.data[i]) / Math.max(1, Math.abs(want.data[i])));
  expect(worst).toBeLessThanOrEqual(tol);
}

const f32 = (t: Tensor) => tensor(t.data, t.shape, 'float32');

describe('the fast gradients on every engine this host has, against the Caffe-style gradient view (float64)', () => {
  // Layers large enough (> SIMD_MIN_WORK multiply-adds) that the WebAssembly engines run them.
  const layers: { name: string; x: number[]; w: number[]; options: ConvTransposeOptions }[] = [
    { name: 'DCGAN-like 16->8, 6x6 -> 12x12, k4 s2 p1, batch 2', x: [2, 16, 6, 6], w: [16, 8, 4, 4], options: { strides: 2, pads: 1 } },
    { name: 'grouped 3-D 6->4 in 2 groups, k3 s2 d2', x: [1, 6, 3, 4, 5], w: [6, 2, 3, 3, 3], options: { strides: 2, dilations: 2, groups: 2, pads: [1, 0, 2, 1, 1, 0] } },
    { name: 'depthwise x2 multiplier, 1-D, k5 s3, output padding 2', x: [3, 4, 40], w: [4, 2, 5], options: { strides: 3, groups: 4, pads: [2, 1], outputPadding: 2 } },
  ];
  for (const engine of availableEngines()) {
    for (const layer of layers) {
      it(`${engine}: ${layer.name}`, () => {
        const before = setEngine(engine);
        try {
          const x = randomTensor(layer.x, { seed: 11 });
          const w = randomTensor(layer.w, { seed: 12 });
          const info = convTransposeInfo('test', x.shape, w.shape, layer.options);
          // The choice names the engine that runs (the depthwise kernel has no relaxed build: wasm-simd).
          const chosen = dispatch('convTranspose', info, w.data, 'float32').engine;
          expect(chosen === engine || (engine === 'wasm-relaxed' && chosen === 'wasm-simd')).toBe(true);
          const dy = randomTensor([info.batch, info.inChannels, ...info.inShape], { seed: 13 });
          const ct = { ...layer.options, inputShape: x.shape.slice(2), kernelShape: w.shape.slice(2) };
          const tol = engine === 'typescript' ? 1e-12 : 1e-4;
          const data = engine === 'typescript' ? (t: Tensor) => t : f32;
          expectClose(convTransposeGradInput(data(dy), data(w), ct), caffeConvTransposeGradInput(dy, w, ct), tol);
          expectClose(convTransposeGradWeight(data(x), data(dy), ct), caffeConvTransposeGradWeight(x, dy, ct), tol);
          // The same layer read as a convolution from dy's side to x's side.
          const c = { strides: info.strides, dilations: info.dilations, groups: info.groups, pads: [...info.padsBegin, ...info.padsEnd] };
          const gi = { ...c, inputShape: info.inShape };
          const gw = { ...c, kernelShape: info.kernel };
          expectClose(convGradInput(data(x), data(w), gi), caffeConvGradInput(x, w, gi), tol);
          expectClose(convGradWeight(data(dy), data(x), gw), caffeConvGradWeight(dy, x, gw), tol);
          // And the adjoint identity <C^T r, v> = <r, C v> on this engine.
          const v = randomTensor(dy.shape, { seed: 14 });
          const gx = convGradInput(data(x), data(w), gi);
          expect(Math.abs(dot(gx, v) - dot(conv(data(v), data(w), c), x))).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(dot(gx, v))) * 10);
        } finally {
          setEngine(before);
        }
      });
    }
  }
});

describe('the fast gradients against central finite differences of the definition loops', () => {
  // L(w) = <convTransposeReference(x, w), r>: dL/dw_i = (L(w + h e_i) - L(w - h e_i)) / 2h.
  it('convTransposeGradWeight and convTransposeGradInput (2-D, k3 s2 p1, 2 groups)', () => {
    const opts: ConvTransposeOptions = { strides: 2, pads: 1, groups: 2 };
    const x = randomTensor([2, 4, 3, 3], { seed: 21 });
    const w = randomTensor([4, 1, 3, 3], { seed: 22 });
    const r = randomTensor(convTransposeReference(x, w, opts).shape, { seed: 23 });
    const h = 1e-3;
    const bump = (t: Tensor, i: number, by: number): Tensor => ({ shape: t.shape, data: t.data.map((v, j) => (j === i ? v + by : v)) });
    const gw = convTransposeGradWeight(x, r, { ...opts, kernelShape: [3, 3] });
    for (let i = 0; i < w.data.length; i++) {
      const fd = (dot(convTransposeReference(x, bump(w, i, h), opts), r) - dot(convTransposeReference(x, bump(w, i, -h), opts), r)) / (2 * h);
      expect(gw.data[i]).toBeCloseTo(fd, 8);
    }
    const gx = convTransposeGradInput(r, w, { ...opts, inputShape: [3, 3] });
    for (let i = 0; i < x.data.length; i++) {
      const fd = (dot(convTransposeReference(bump(x, i, h), w, opts), r) - dot(convTransposeReference(bump(x, i, -h), w, opts), r)) / (2 * h);
      expect(gx.data[i]).toBeCloseTo(fd, 8);
    }
  });

  it('convGradWeight and convGradInput (1-D, k3 d2, stride 2)', () => {
    const opts = { strides: 2, dilations: 2, pads: [1, 2] };
    const x = randomTensor([1, 2, 9], { seed: 24 });
    const w = randomTensor([3, 2, 3], { seed: 25 });
    const r = randomTensor(convReference(x, w, opts).shape, { seed: 26 });
    const h = 1e-3;
    const bump = (t: Tensor, i: number, by: number): Tensor => ({ shape: t.shape, data: t.data.map((v, j) => (j === i ? v + by : v)) });
    const gw = convGradWeight(x, r, { ...opts, kernelShape: [3] });
    w.data.forEach((_, i) => {
      const fd = (dot(convReference(x, bump(w, i, h), opts), r) - dot(convReference(x, bump(w, i, -h), opts), r)) / (2 * h);
      expect(gw.data[i]).toBeCloseTo(fd, 8);
    });
    const gx = convGradInput(r, w, { ...opts, inputShape: [9] });
    x.data.forEach((_, i) => {
      const fd = (dot(convReference(bump(x, i, h), w, opts), r) - dot(convReference(bump(x, i, -h), w, opts), r)) / (2 * h);
      expect(gx.data[i]).toBeCloseTo(fd, 8);
    });
  });
});

describe('gradients of spatial rank 4 (no fast kernel: the definition loops and the view)', () => {
  it('satisfy the adjoint identity', () => {
    const x = randomTensor([1, 2, 2, 2, 2, 2], { seed: 31 });
    const w = randomTensor([2, 1, 2, 1, 2, 1], { seed: 32 });
    const y = convTranspose(x, w);
    const r = randomTensor(y.shape, { seed: 33 });
    const gx = convTransposeGradInput(r, w, { inputShape: [2, 2, 2, 2] });
    expect(dot(gx, x)).toBeCloseTo(dot(y, r), 10);
    const gw = convTransposeGradWeight(x, r, { kernelShape: [2, 1, 2, 1] });
    expect(dot(gw, w)).toBeCloseTo(dot(y, r), 10);
    const gi = convGradInput(x, w, { inputShape: y.shape.slice(2) });
    expect(dot(gi, r)).toBeCloseTo(dot(y, r), 10);
  });
});
