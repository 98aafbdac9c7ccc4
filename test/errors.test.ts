/**
 * Bad input: every public function checks its arguments before computing and throws an
 * error that names the function, the parameter, the value and the rule.
 */
import { describe, expect, it } from 'vitest';
import {
  conv, convGradInput, convGradWeight, convTranspose, convTransposeMatrix, fromKeras, fromTensorFlow, fromTorch,
  gradientConvTranspose, matrixConvTranspose, polyphase, scatter, tensor, toDense, zeroInsertion, zeros,
  convGradBias, convTransposeGradInput, convTransposeGradWeight, im2col, matmul, MAX_ELEMENTS, phaseSums, randomTensor, resize,
  toArray, upsample, zonePlate, type ConvTransposeOptions, type Tensor,
} from '../src/index';
import { thrown } from './thrown';

const x = zeros([1, 2, 3, 3]);
const w = zeros([2, 1, 3, 3]);

/** Every implementation of the transposed convolution must refuse alike, under its own name. */
const impls: Record<string, (x: Tensor, w: Tensor, o?: ConvTransposeOptions) => Tensor> = {
  convTranspose, scatter, zeroInsertion, matrixConvTranspose, polyphase, gradientConvTranspose,
};

describe('transposed convolution: bad attributes', () => {
  const cases: [string, Tensor, Tensor, ConvTransposeOptions, string, typeof RangeError | typeof TypeError][] = [
    ['rank mismatch', x, zeros([2, 1, 3]), {}, 'w rank (3) must equal x rank (4)', RangeError],
    ['rank too small', zeros([2, 3]), zeros([2, 3]), {}, 'x rank (2) must be at least 3: [batch, channels, ...spatial]', RangeError],
    ['channel mismatch', x, zeros([3, 1, 3, 3]), {}, 'x.shape[1]=2 must equal w.shape[0]=3 (input channels)', RangeError],
    ['channels not divisible by groups', zeros([1, 3, 3, 3]), zeros([3, 1, 3, 3]), { groups: 2 }, 'x.shape[1]=3 (input channels) must be divisible by groups=2', RangeError],
    ['groups not an integer', x, w, { groups: 1.5 }, 'groups=1.5 must be a positive integer', RangeError],
    ['zero stride', x, w, { strides: [1, 0] }, 'strides[1]=0 must be a positive integer', RangeError],
    ['fractional stride', x, w, { strides: 1.5 }, 'strides=1.5 must be a positive integer', RangeError],
    ['NaN dilation', x, w, { dilations: [NaN, 1] }, 'dilations[0]=NaN must be a positive integer', RangeError],
    ['Infinity stride', x, w, { strides: [Infinity, 1] }, 'strides[0]=Infinity must be a positive integer', RangeError],
    ['string stride', x, w, { strides: ['2', 1] as unknown as number[] }, 'strides[0]="2" must be a number', TypeError],
    ['wrong number of strides', x, w, { strides: [1, 1, 1] }, 'strides=[1, 1, 1] must have 2 entries, one per spatial axis', RangeError],
    ['wrong number of pads', x, w, { pads: [1, 1, 1] }, 'pads=[1, 1, 1] must have 4 entries: [begin_0, begin_1, end_0, end_1] (ONNX order)', RangeError],
    ['negative pad', x, w, { pads: [0, -1, 0, 0] }, 'pads[1]=-1 must be a non-negative integer', RangeError],
    ['pads crop everything', x, w, { pads: [3, 0, 3, 0] }, 'pads 3+3 along spatial axis 0 crop everything: the output size s(in-1)+outputPadding+d(k-1)+1-pads=-1 must be >= 1', RangeError],
    ['output padding too large', x, w, { strides: [1, 2], outputPadding: [0, 2] }, 'outputPadding[1]=2 must be < max(strides[1], dilations[1])=2', RangeError],
    ['output shape unreachable', x, w, { strides: 2, outputShape: [9, 7] }, 'outputShape[0]=9 is unreachable: must be <= 8 (natural size + max(strides[0], dilations[0]) - 1)', RangeError],
    ['output shape too small', x, w, { strides: 2, outputShape: [0, 7] }, 'outputShape[0]=0 must be a positive integer', RangeError],
    ['pads with outputShape', x, w, { pads: 1, outputShape: [5, 5] }, 'pads cannot be combined with outputShape (ONNX computes the pads from output_shape)', RangeError],
    ['pads with autoPad', x, w, { pads: 1, autoPad: 'SAME_UPPER' }, 'pads cannot be combined with autoPad="SAME_UPPER"', RangeError],
    ['unknown autoPad', x, w, { autoPad: 'SAME' as 'SAME_UPPER' }, 'autoPad="SAME" must be one of NOTSET, VALID, SAME_UPPER, SAME_LOWER', RangeError],
    ['kernelShape disagrees', x, w, { kernelShape: [3, 2] }, "kernelShape[1]=2 must equal the weight's spatial size 3", RangeError],
    ['bias of wrong length', x, w, { bias: zeros([3]) }, 'bias.shape=[3] must be [1] (one value per output channel)', RangeError],
    ['misspelled option', x, w, { stride: 2 } as ConvTransposeOptions, 'unknown option "stride"; known options are strides, dilations, pads, autoPad, groups, kernelShape, bias, outputPadding, outputShape', TypeError],
  ];
  for (const [what, xx, ww, options, message, Kind] of cases) {
    for (const [name, impl] of Object.entries(impls)) {
      it(`${what}: ${name}`, () => {
        const e = thrown(() => impl(xx, ww, options));
        expect(e).toBeInstanceOf(Kind);
        expect(e.message).toBe(`${name}: ${message}`);
      });
    }
  }
});

describe('tensors', () => {
  it('data length must match the shape', () => {
    const e = thrown(() => convTranspose({ shape: [1, 2, 3, 3], data: new Float64Array(17) }, w));
    expect(e.message).toBe('convTranspose: x.data.length=17 must equal the size of shape [1, 2, 3, 3]=18');
  });
  it('a kernel size of zero', () => {
    expect(thrown(() => convTranspose(x, { shape: [2, 1, 0, 3], data: new Float64Array(0) })).message)
      .toBe('convTranspose: w.shape[2]=0 must be a positive integer');
  });
  it('data must be a float typed array', () => {
    const e = thrown(() => conv({ shape: [1, 1, 2], data: [1, 2] as unknown as Float64Array }, zeros([1, 1, 1])));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe('conv: x.data=[1, 2] must be a Float32Array or Float64Array');
  });
  it('tensor() refuses ragged arrays and a wrong shape', () => {
    expect(thrown(() => tensor([[1, 2], [3]])).message).toBe('tensor: values must be a regular nested array of shape [2, 2] (ragged at depth 1)');
    expect(thrown(() => tensor([1, 2, 3], [2, 2])).message).toBe('tensor: shape=[2, 2] holds 4 values but 3 were given');
  });
});

describe('convolution and gradients', () => {
  it('conv: group mismatch', () => {
    expect(thrown(() => conv(zeros([1, 4, 5]), zeros([3, 2, 3]), { groups: 2 })).message)
      .toBe('conv: w.shape[0]=3 (output channels) must be divisible by groups=2');
    expect(thrown(() => conv(zeros([1, 4, 5]), zeros([2, 3, 3]), { groups: 2 })).message)
      .toBe('conv: x.shape[1]=4 must equal w.shape[1]*groups=6 (w.shape[1]=3, groups=2)');
  });
  it('conv: input smaller than the dilated kernel', () => {
    expect(thrown(() => conv(zeros([1, 1, 4]), zeros([1, 1, 3]), { dilations: 2 })).message)
      .toBe('conv: input size 4 + pads 0+0 along spatial axis 0 must be >= the dilated kernel size d(k-1)+1=5');
  });
  it('convGradInput needs inputShape and a matching dy', () => {
    expect(thrown(() => convGradInput(zeros([1, 1, 3]), zeros([1, 1, 3]), {} as never)).message)
      .toBe('convGradInput: inputShape=undefined is required: an array of 1 spatial sizes');
    expect(thrown(() => convGradInput(zeros([1, 1, 3]), zeros([1, 1, 3]), { inputShape: [4] })).message)
      .toBe('convGradInput: dy.shape=[1, 1, 3] must be [1, 1, 2] for these shapes and options');
  });
  it('gradients refuse a bias option', () => {
    expect(thrown(() => convGradWeight(zeros([1, 1, 3]), zeros([1, 1, 1]), { kernelShape: [3], bias: zeros([1]) })).message)
      .toMatch(/^convGradWeight: unknown option "bias"/);
  });
});

describe('matrix view', () => {
  it('the dense view refuses sizes that would not fit, saying the size and the limit', () => {
    const big = convTransposeMatrix(zeros([1, 1, 3, 3]), [1, 64, 64], { strides: 2 });
    expect(big.rows).toBe(129 * 129);
    expect(thrown(() => toDense(big)).message)
      .toBe('toDense: a 16641x4096 matrix has 68161536 entries, more than maxEntries=16777216; use the sparse form');
    expect(toDense(convTransposeMatrix(zeros([1, 1, 3, 3]), [1, 4, 4], { strides: 2 })).shape).toEqual([81, 16]);
  });
  it('the sparse form works for large inputs (256x256, 9 entries per input)', () => {
    const big = convTransposeMatrix(zeros([1, 1, 3, 3]), [1, 256, 256], { strides: 2 });
    expect(big.values.length).toBe(256 * 256 * 9);
  });
});

describe('framework adapters', () => {
  it('PyTorch output_size out of range', () => {
    // min = (2-1)*2 + 3 = 5, max = min + stride - 1 = 6
    expect(thrown(() => fromTorch({ kernel_size: 3, stride: 2, output_size: [7, 6] }, [2, 2])).message)
      .toBe("fromTorch: output_size[0]=7 must be between 5 and 6 (PyTorch's valid sizes for an input of 2)");
  });
  it('TensorFlow output_shape inconsistent with SAME', () => {
    expect(thrown(() => fromTensorFlow({ kernel_size: 3, output_shape: [5, 4], strides: 2, padding: 'SAME' }, [2, 2])).message)
      .toBe('fromTensorFlow: output_shape[0]=5 is inconsistent with SAME: ceil(5 / 2) must equal the input size 2, so output_shape[0] must be in [3, 4]');
  });
  it('Keras output_padding >= strides', () => {
    expect(thrown(() => fromKeras({ kernel_size: 3, strides: 2, output_padding: 2 }, [2, 2])).message)
      .toBe("fromKeras: output_padding[0]=2 must be < strides[0]=2 (Keras's rule)");
  });
});

describe('sizes above MAX_ELEMENTS are refused in the project\'s voice, before anything is allocated', () => {
  const huge = /^(\w+): the [\w\s(),-]+ of shape \[[\d, ]+\] would hold (\d+) values, which must be <= 268435456 \(MAX_ELEMENTS\)$/;
  const one = (shape: number[]) => zeros(shape);
  // The example, 25,607,680,576 values, was JavaScript's own "Invalid typed array length".
  const cases: [string, () => unknown, string][] = [
    ['convTranspose, stride 100000', () => convTranspose(one([1, 1, 2, 2]), one([1, 1, 1, 1]), { strides: 100000 }), 'convTranspose'],
    ['conv, pads 100000', () => conv(one([1, 1, 2, 2]), one([1, 1, 1, 1]), { pads: 100000 }), 'conv'],
    ['zeroInsertion: cropped output of 1x1, zero-inserted input of 10^10', () => zeroInsertion(one([1, 1, 2, 2]), one([1, 1, 1, 1]), { strides: 100000, pads: [0, 0, 99999, 99999] }), 'zeroInsertion'],
    ['convGradInput, inputShape 10^5 x 10^5', () => convGradInput(one([1, 1, 1, 1]), one([1, 1, 1, 1]), { inputShape: [100000, 100000], strides: 100000 }), 'convGradInput'],
    ['convTransposeMatrix', () => convTransposeMatrix(one([1, 1, 1, 1]), [1, 100000, 100000]), 'convTransposeMatrix'],
    ['im2col, 20x20 kernel over a 1000 x 1000 input (400 * 981^2 columns entries)', () => im2col(zeros([1, 1, 1000, 1000], 'float32'), [20, 20]), 'im2col'],
    ['matmul, a [10^5, 1] times b [1, 10^5]', () => matmul(one([100000, 1]), one([1, 100000])), 'matmul'],
    ['resize to 10^5 x 10^5', () => resize(one([1, 1, 2, 2]), 100000), 'resize'],
    ['upsample by 10^5', () => upsample(one([1, 1, 2, 2]), 100000), 'upsample'],
    ['randomTensor of 10^10', () => randomTensor([100000, 100000]), 'randomTensor'],
    ['zonePlate of 10^5 x 10^5', () => zonePlate(100000), 'zonePlate'],
    ['phaseSums with strides 10^5 x 10^5', () => phaseSums(one([3, 3]), 100000), 'phaseSums'],
  ];
  for (const [name, f, fn] of cases) {
    it(name, () => {
      const e = thrown(f);
      expect(e).toBeInstanceOf(RangeError);
      const m = huge.exec(e.message);
      expect(m, e.message).not.toBeNull();
      expect(m![1]).toBe(fn);
      expect(Number(m![2])).toBeGreaterThan(MAX_ELEMENTS);
    });
  }
  it('the limit is 2^28 values', () => expect(MAX_ELEMENTS).toBe(2 ** 28));
});

describe('zero-size dimensions', () => {
  // PyTorch 1.13 (F.conv2d, F.conv_transpose2d) returns an empty output for a batch of 0 and refuses
  // zero output channels, a zero spatial size and a zero kernel; ONNX Runtime does the same for N = 0.
  const empty = (shape: number[]): Tensor => ({ shape, data: new Float64Array(0) });
  const w3 = zeros([2, 3, 3, 3]);
  it('a batch of 0: every transposed-convolution view returns [0, M, ...out]', () => {
    for (const [name, f] of Object.entries(impls)) {
      const y = f(empty([0, 2, 4, 4]), w3, { strides: 2, bias: zeros([3]) });
      expect(y.shape, name).toEqual([0, 3, 9, 9]);
      expect(y.data.length, name).toBe(0);
    }
  });
  it('a batch of 0: conv and every gradient (weight and bias gradients are zero, as in PyTorch)', () => {
    expect(conv({ shape: [0, 2, 5, 5], data: new Float32Array(0) }, zeros([4, 2, 3, 3])).shape).toEqual([0, 4, 3, 3]);
    expect(convGradInput(empty([0, 4, 3, 3]), zeros([4, 2, 3, 3]), { inputShape: [5, 5] }).shape).toEqual([0, 2, 5, 5]);
    const gw = convGradWeight(empty([0, 2, 5, 5]), empty([0, 4, 3, 3]), { kernelShape: [3, 3] });
    expect(gw.shape).toEqual([4, 2, 3, 3]);
    expect([...gw.data].every((v) => v === 0)).toBe(true);
    expect(convTransposeGradInput(empty([0, 3, 9, 9]), w3, { strides: 2, inputShape: [4, 4] }).shape).toEqual([0, 2, 4, 4]);
    expect(convTransposeGradWeight(empty([0, 2, 4, 4]), empty([0, 3, 9, 9]), { strides: 2, kernelShape: [3, 3] }).shape).toEqual([2, 3, 3, 3]);
    expect(toArray(convGradBias(empty([0, 3, 9, 9])))).toEqual([0, 0, 0]);
    expect(im2col(empty([0, 2, 4, 4]), [3, 3]).shape).toEqual([0, 18, 4]);
  });
  it('every other zero size is refused with a named RangeError', () => {
    const cases: [() => unknown, string][] = [
      [() => convTranspose(empty([1, 0, 4, 4]), w3), 'convTranspose: x.shape[1]=0 must be a positive integer'],
      [() => convTranspose(empty([1, 2, 0, 4]), w3), 'convTranspose: x.shape[2]=0 must be a positive integer'],
      [() => convTranspose(zeros([1, 2, 4, 4]), empty([2, 0, 3, 3])), 'convTranspose: w.shape[1]=0 must be a positive integer'],
      [() => conv(zeros([1, 2, 4, 4]), empty([0, 2, 3, 3])), 'conv: w.shape[0]=0 must be a positive integer'],
      [() => conv(zeros([1, 2, 4, 4]), empty([4, 2, 0, 3])), 'conv: w.shape[2]=0 must be a positive integer'],
      [() => scatter(empty([0, 2, 4, 4]), empty([0, 3, 3, 3])), 'scatter: w.shape[0]=0 must be a positive integer'],
    ];
    for (const [f, message] of cases) {
      const e = thrown(f);
      expect(e).toBeInstanceOf(RangeError);
      expect(e.message).toBe(message);
    }
  });
});
