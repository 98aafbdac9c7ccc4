/**
 * The checks module reuses the record of a repeated call (src/checks.ts, the last call kept per
 * op and the keyed records): a call whose arguments changed in place since the last one (the same
 * options object or shape array, mutated) must be checked and sized afresh, never served the old
 * record. Expected sizes are the ONNX formula worked by hand: out = s(in-1) + k - 2p.
 */
import { describe, expect, it } from 'vitest';
import { conv, convTranspose, tensor } from '../src/index';

const ones = (shape: number[]) => tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape);

describe('reused records follow arguments mutated in place', () => {
  it('an options object whose values change between calls', () => {
    const x = ones([1, 1, 4, 4]);
    const w = ones([1, 1, 3, 3]);
    const options: { strides: number | number[]; pads: number | number[] } = { strides: 2, pads: 1 };
    expect(convTranspose(x, w, options).shape).toEqual([1, 1, 7, 7]); // 2*3 + 3 - 2 = 7
    expect(convTranspose(x, w, options).shape).toEqual([1, 1, 7, 7]);
    options.pads = 0;
    expect(convTranspose(x, w, options).shape).toEqual([1, 1, 9, 9]); // 2*3 + 3 = 9
    options.strides = [1, 3];
    expect(convTranspose(x, w, options).shape).toEqual([1, 1, 6, 12]); // 3 + 3 = 6; 3*3 + 3 = 12
    (options.strides as number[])[0] = 2;
    expect(convTranspose(x, w, options).shape).toEqual([1, 1, 9, 12]);
    (options.strides as number[])[0] = 0;
    expect(() => convTranspose(x, w, options)).toThrow(/strides/);
  });

  it('a shape array mutated in place, and a new option key', () => {
    const x = ones([1, 1, 4, 4]);
    const w = ones([1, 1, 3, 3]);
    const options: Record<string, unknown> = { strides: 2 };
    expect(convTranspose(x, w, options).shape).toEqual([1, 1, 9, 9]);
    expect(convTranspose(x, w, options).shape).toEqual([1, 1, 9, 9]);
    (x.shape as number[])[3] = 2; // now inconsistent with x.data (16 values)
    expect(() => convTranspose(x, w, options)).toThrow(/x\.data\.length=16/);
    (x.shape as number[])[3] = 4;
    options.stride = 2; // a typo must still be refused after a cached call
    expect(() => convTranspose(x, w, options)).toThrow(/unknown option "stride"/);
  });

  it('a bias of the wrong length after cached calls, on both ops', () => {
    const x = ones([1, 2, 5, 5]);
    const w = ones([3, 2, 3, 3]);
    const options: { bias?: ReturnType<typeof tensor> } = {};
    expect(conv(x, w, options).shape).toEqual([1, 3, 3, 3]);
    expect(conv(x, w, options).data[0]).toBe(18); // 2 channels * 9 taps of 1*1
    options.bias = tensor([1, 2, 3], [3]);
    expect(conv(x, w, options).data[0]).toBe(19);
    options.bias = tensor([1, 2], [2]);
    expect(() => conv(x, w, options)).toThrow(/bias\.shape=\[2\] must be \[3\]/);
    const t = ones([1, 3, 2, 2]);
    expect(convTranspose(t, w, {}).shape).toEqual([1, 2, 4, 4]);
    expect(() => convTranspose(t, w, { bias: tensor([1, 2, 3], [3]) })).toThrow(/bias\.shape=\[3\] must be \[2\]/);
  });
});
