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
  convTransposeInfo, col2im, dot, im2col, randomTensor, tensor, toArray,
} from '../src/index';
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
