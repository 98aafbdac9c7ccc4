/**
 * The shape-and-padding module against hand calculations and the formulas of the ONNX
 * specification and of Dumoulin & Visin's guide to convolution arithmetic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convGeometry, convOutputSize, convTransposeGeometry, convTransposeOutputSize } from '../src/index';

describe('output sizes', () => {
  it('conv: Dumoulin & Visin relationship 6, o = floor((i + 2p - k)/s) + 1', () => {
    // i=5, k=3, s=2, p=1: floor((5+2-3)/2)+1 = 3
    expect(convOutputSize(5, 3, 2, 1, 1, 1)).toBe(3);
    // i=6: floor((6+2-3)/2)+1 = 3 as well: two input sizes, one output size (why output padding exists)
    expect(convOutputSize(6, 3, 2, 1, 1, 1)).toBe(3);
    // dilated: k=3, d=2 acts like k=5; i=7: (7-5)/1+1 = 3
    expect(convOutputSize(7, 3, 1, 2, 0, 0)).toBe(3);
  });

  it('transposed conv: o = s(i-1) + a + d(k-1) + 1 - 2p', () => {
    expect(convTransposeOutputSize(3, 3, 2, 1, 1, 1, 0)).toBe(5); // 4 + 3 - 2
    expect(convTransposeOutputSize(3, 3, 2, 1, 1, 1, 1)).toBe(6); // the other preimage of 3
    expect(convTransposeOutputSize(2, 3, 2, 1, 0, 0, 0)).toBe(5); // TF VALID example 2x2 -> 5x5
  });

  it('transposed output size inverts the conv size for every padding and output padding < s', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 }),
        (i, k, s, d, pb, pe, a) => {
          fc.pre(a < s);
          const o = convTransposeOutputSize(i, k, s, d, pb, pe, a);
          fc.pre(o >= 1);
          expect(convOutputSize(o, k, s, d, pb, pe)).toBe(i);
        },
      ),
      { numRuns: 2000, seed: 1 },
    );
  });
});

describe('auto padding (ONNX spec)', () => {
  it('conv SAME_UPPER puts the odd extra pad at the end, SAME_LOWER at the beginning', () => {
    // in 5, k 4, s 1: out 5, total pad 3
    expect(convGeometry('t', [5], [4], { autoPad: 'SAME_UPPER' })).toMatchObject({ outShape: [5], padsBegin: [1], padsEnd: [2] });
    expect(convGeometry('t', [5], [4], { autoPad: 'SAME_LOWER' })).toMatchObject({ outShape: [5], padsBegin: [2], padsEnd: [1] });
    // in 5, k 3, s 2 (onnx test_conv_with_autopad_same): out ceil(5/2)=3, total (3-1)*2+3-5 = 2
    expect(convGeometry('t', [5], [3], { strides: 2, autoPad: 'SAME_LOWER' })).toMatchObject({ outShape: [3], padsBegin: [1], padsEnd: [1] });
  });

  it('transposed SAME_UPPER: out = in*s, total = s(in-1) + k - out with the extra at the end', () => {
    // onnx test_convtranspose_autopad_same: in 3, k 3, s 2: out 6, total 4+3-6 = 1 -> [0, 1]
    expect(convTransposeGeometry('t', [3], [3], { strides: 2, autoPad: 'SAME_UPPER' })).toMatchObject({ inShape: [6], padsBegin: [0], padsEnd: [1] });
    expect(convTransposeGeometry('t', [3], [3], { strides: 2, autoPad: 'SAME_LOWER' })).toMatchObject({ inShape: [6], padsBegin: [1], padsEnd: [0] });
  });

  it('outputShape: pads from the total, odd extra at the beginning (NOTSET); a negative total becomes output padding', () => {
    // in 3, k 3, s 2: natural 7; out 6 -> total 1 -> begin 1
    expect(convTransposeGeometry('t', [3], [3], { strides: 2, outputShape: [6] })).toMatchObject({ inShape: [6], padsBegin: [1], padsEnd: [0], outputPadding: [0] });
    // onnx test_convtranspose_output_shape: in 3, k 3, s 3: natural 9; out 10 -> output padding 1
    expect(convTransposeGeometry('t', [3], [3], { strides: 3, outputShape: [10] })).toMatchObject({ inShape: [10], padsBegin: [0], padsEnd: [0], outputPadding: [1] });
  });

  it('VALID: no padding', () => {
    expect(convTransposeGeometry('t', [2], [3], { strides: 2, autoPad: 'VALID' })).toMatchObject({ inShape: [5], padsBegin: [0], padsEnd: [0] });
  });
});
