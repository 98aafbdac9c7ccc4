/**
 * Every view is an independent implementation of the same operator: on random
 * configurations (1-3 spatial axes, strides, asymmetric pads, dilations, groups, output
 * padding, bias, batch) they must all give the same numbers. The adjoint identity ties the
 * transposed convolution to the (independently written) convolution.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conv, convMatrix, gradientConvTranspose, convTranspose, convTransposeInfo, convTransposeMatrix, convTransposeReference, dot,
  matrixConvTranspose,
  maxAbsDiff, multiply, polyphase, randomTensor, scatter, tensor, toArray, toDense, transpose, zeroInsertion,
  type ConvTransposeOptions, type Tensor,
} from '../src/index';
import { configs } from './configs';

// convTranspose runs the fast kernels; `reference` is its gather definition, `fast` the kernels alone.
const views = {
  scatter, zeroInsertion, matrix: matrixConvTranspose, polyphase, gradient: gradientConvTranspose,
  reference: convTransposeReference,
};

describe('views agree', () => {
  for (const [name, view] of Object.entries(views)) {
    it(`${name} = convTranspose on 300 random configurations`, () => {
      fc.assert(
        fc.property(configs, ({ x, w, options }) => {
          const want = convTranspose(x, w, options);
          const got = view(x, w, options);
          expect(got.shape).toEqual(want.shape);
          expect(maxAbsDiff(got, want)).toBeLessThan(1e-12);
        }),
        { numRuns: 300, seed: 20261127 },
      );
    });
  }

  it('float32 in, float32 out, within float32 rounding of float64', () => {
    fc.assert(
      fc.property(configs, ({ x, w, options }) => {
        const x32 = tensor(x.data, x.shape, 'float32');
        const w32 = tensor(w.data, w.shape, 'float32');
        const want = convTranspose(x, w, options);
        for (const view of [convTranspose, ...Object.values(views)]) {
          const got = view(x32, w32, options);
          expect(got.data).toBeInstanceOf(Float32Array);
          expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
        }
      }),
      { numRuns: 50, seed: 7 },
    );
  });
});

/** Output padding < stride: then the convolution of the transposed output has exactly x's size. */
function plainGeometry(options: ConvTransposeOptions): boolean {
  const s = options.strides as number[];
  return (options.outputPadding as number[]).every((op, a) => op < s[a]);
}

function forwardOptions(x: Tensor, w: Tensor, options: ConvTransposeOptions) {
  const info = convTransposeInfo('test', x.shape, w.shape, options);
  const { strides, dilations, groups } = options;
  return { info, conv: { strides, dilations, groups, pads: [...info.padsBegin, ...info.padsEnd] } };
}

describe('adjoint identity <C x, y> = <x, C^T y>', () => {
  it('conv and convTranspose with one weight are adjoint (300 random configurations)', () => {
    fc.assert(
      fc.property(configs, ({ x: y, w, options }) => {
        fc.pre(plainGeometry(options));
        const { bias: _bias, ...opts } = options;
        const cty = convTranspose(y, w, opts);
        const x = randomTensor(cty.shape, { seed: 99 });
        const cx = conv(x, w, forwardOptions(y, w, opts).conv);
        expect(dot(cx, y)).toBeCloseTo(dot(x, cty), 10);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('the matrix of convTranspose is the transpose of the matrix of conv', () => {
    fc.assert(
      fc.property(configs, ({ x, w, options }) => {
        fc.pre(plainGeometry(options));
        const { bias: _bias, ...opts } = options;
        const { info, conv: convOpts } = forwardOptions(x, w, opts);
        const c = convMatrix(w, [info.inChannels, ...info.inShape], convOpts);
        const t = convTransposeMatrix(w, x.shape.slice(1), opts);
        expect(toDense(t).data).toEqual(toDense(transpose(c)).data);
        const v = randomTensor([c.cols], { seed: 3 });
        const u = randomTensor([c.rows], { seed: 4 });
        expect(dotArrays(multiply(c, v.data), u.data)).toBeCloseTo(dotArrays(v.data, multiply(t, u.data)), 10);
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});

function dotArrays(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

describe('hand calculations', () => {
  it('1-D stamp: x=[1,2], w=[1,10,100], s=2 gives [1,10,102,20,200]', () => {
    // 1*[1,10,100] at 0 and 2*[1,10,100] at 2: [1, 10, 100+2, 20, 200]
    const y = convTranspose(tensor([[[1, 2]]]), tensor([[[1, 10, 100]]]), { strides: 2 });
    expect(toArray(y)).toEqual([[[1, 10, 102, 20, 200]]]);
  });
});
