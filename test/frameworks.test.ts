/**
 * Framework adapters: each framework's output size from its own documented formula (written
 * here independently), the TF-SAME vs PyTorch one-pixel shift, round trips, and TensorFlow.js
 * itself as an oracle for the TF.js adapter.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  convTranspose, frameworkById, FRAMEWORKS, fromCaffe, fromKeras, fromOnnx, fromTensorFlow, fromTfjs, fromTorch, maxAbsDiff, randomTensor, tensor,
  toArray, toCaffe, toKeras, toOnnx, toTensorFlow, toTfjs, toTorch, type ConvTransposeOptions, type Resolved,
} from '../src/index';

const x = tensor([[[[1, 2], [3, 4]]]]);
const ones3 = tensor([[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]]);
const run = (r: Resolved) => toArray(convTranspose(x, ones3, r.options));

describe('TF SAME vs PyTorch: the one-pixel shift when d(k-1)+1-s is odd', () => {
  // x = [[1,2],[3,4]], 3x3 ones, stride 2: d(k-1)+1-s = 1 is odd.
  const tfSame = fromTensorFlow({ kernel_size: 3, output_shape: [4, 4], strides: 2, padding: 'SAME' }, [2, 2]);
  it('TF SAME: pads [0,0,1,1] and the classic result', () => {
    expect(tfSame.options.pads).toEqual([0, 0, 1, 1]);
    expect(run(tfSame)).toEqual([[[[1, 1, 3, 2], [1, 1, 3, 2], [4, 4, 10, 6], [3, 3, 7, 4]]]]);
  });
  it("PyTorch's closest equivalent is padding=1, output_padding=1, shifted by one pixel", () => {
    const t = toTorch(tfSame.options, [2, 2], [3, 3]);
    expect(t.exact).toBe(false);
    expect(t.args).toMatchObject({ padding: [1, 1], output_padding: [1, 1] });
    expect(t.shift).toEqual([1, 1]);
    const torch = fromTorch(t.args, [2, 2]);
    expect(torch.options.pads).toEqual([1, 1, 1, 1]);
    expect(run(torch)).toEqual([[[[1, 3, 2, 2], [4, 10, 6, 6], [3, 7, 4, 4], [3, 7, 4, 4]]]]);
  });
  it('with an even d(k-1)+1-s (k=4, s=2) PyTorch padding=1 matches TF SAME exactly', () => {
    const same4 = fromTensorFlow({ kernel_size: 4, output_shape: [4, 4], strides: 2, padding: 'SAME' }, [2, 2]);
    expect(same4.options.pads).toEqual([1, 1, 1, 1]);
    expect(toTorch(same4.options, [2, 2], [4, 4])).toMatchObject({ exact: true, args: { padding: [1, 1], output_padding: [0, 0] } });
  });
});

describe('output sizes from each framework\'s own formula', () => {
  const axes = fc.record({
    i: fc.integer({ min: 1, max: 9 }), k: fc.integer({ min: 1, max: 6 }), s: fc.integer({ min: 1, max: 4 }),
    d: fc.integer({ min: 1, max: 3 }), p: fc.integer({ min: 0, max: 4 }), a: fc.integer({ min: 0, max: 3 }),
  });
  it('PyTorch: (i-1)s - 2p + d(k-1) + a + 1 (torch.nn.ConvTranspose2d docs)', () => {
    fc.assert(fc.property(axes, ({ i, k, s, d, p, a }) => {
      fc.pre(a < Math.max(s, d));
      const want = (i - 1) * s - 2 * p + d * (k - 1) + a + 1;
      fc.pre(want >= 1);
      expect(fromTorch({ kernel_size: k, stride: s, padding: p, output_padding: a, dilation: d }, [i]).outputShape).toEqual([want]);
    }), { numRuns: 500, seed: 2 });
  });
  it('Caffe: s(i-1) + d(k-1) + 1 - 2p (deconv_layer.cpp)', () => {
    fc.assert(fc.property(axes, ({ i, k, s, d, p }) => {
      const want = s * (i - 1) + d * (k - 1) + 1 - 2 * p;
      fc.pre(want >= 1);
      expect(fromCaffe({ kernel_size: k, stride: s, pad: p, dilation: d }, [i]).outputShape).toEqual([want]);
    }), { numRuns: 500, seed: 3 });
  });
  it('Keras: valid i*s + max(K-s, 0); same i*s; with output_padding (i-1)s + K - 2*floor(K/2) + a (conv_utils.deconv_output_length)', () => {
    fc.assert(fc.property(axes, ({ i, k, s, d, a }) => {
      fc.pre(a < s);
      const K = k + (k - 1) * (d - 1);
      expect(fromKeras({ kernel_size: k, strides: s, padding: 'valid', dilation_rate: d }, [i]).outputShape).toEqual([i * s + Math.max(K - s, 0)]);
      expect(fromKeras({ kernel_size: k, strides: s, padding: 'valid', dilation_rate: d, output_padding: a }, [i]).outputShape).toEqual([(i - 1) * s + K + a]);
      expect(fromKeras({ kernel_size: k, strides: s, padding: 'same', dilation_rate: d }, [i]).outputShape).toEqual([i * s]);
      const sameOp = (i - 1) * s + K - 2 * Math.floor(K / 2) + a;
      // TensorFlow accepts it only if ceil(out / s) = i (else conv2d_transpose raises).
      const call = () => fromKeras({ kernel_size: k, strides: s, padding: 'same', dilation_rate: d, output_padding: a }, [i]);
      if (sameOp >= 1 && Math.ceil(sameOp / s) === i) expect(call().outputShape).toEqual([sameOp]);
      else expect(call).toThrow(sameOp >= 1 ? /inconsistent with SAME/ : /output_shape\[0\]=-?\d+ must be a positive integer/);
    }), { numRuns: 500, seed: 4 });
  });
  it('ONNX output_shape example (test_convtranspose_output_shape): 3x3, s=[3,2], output_shape [10,8]', () => {
    const r = fromOnnx({ strides: [3, 2], output_shape: [10, 8] }, [3, 3], [3, 3]);
    expect(r.outputShape).toEqual([10, 8]);
    expect(r.options).toMatchObject({ pads: [0, 0, 0, 0], outputPadding: [1, 1] });
  });
  it('the Stack Exchange TF examples: 3x3 -> 6x6 SAME with k=2 and 2x2 -> 5x5 VALID with k=3 need no padding', () => {
    expect(fromTensorFlow({ kernel_size: 2, output_shape: [6, 6], strides: 2, padding: 'SAME' }, [3, 3]).options.pads).toEqual([0, 0, 0, 0]);
    expect(fromTensorFlow({ kernel_size: 3, output_shape: [5, 5], strides: 2, padding: 'VALID' }, [2, 2]).options.pads).toEqual([0, 0, 0, 0]);
  });
});

const options2d = fc.record({
  i: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
  k: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
  s: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
  pads: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.nat(3)),
  op: fc.tuple(fc.nat(2), fc.nat(2)),
}).filter(({ i, k, s, pads, op }) => [0, 1].every((a) => op[a] < s[a] && s[a] * (i[a] - 1) + op[a] + k[a] - pads[a] - pads[a + 2] >= 1));

/**
 * Two canonical forms give the same numbers when they crop the same amount at the beginning
 * and have the same output size (output padding 1 with 1 more pad at the end is no change).
 */
function sameOperator(a: Resolved, pads: number[], outputShape: number[]): void {
  const rank = outputShape.length;
  expect(a.options.pads.slice(0, rank)).toEqual(pads.slice(0, rank));
  expect(a.outputShape).toEqual(outputShape);
}

describe('round trips: from<F>(to<F>(canonical)) is the same operator when exact', () => {
  const adapters = {
    torch: [toTorch, fromTorch], tensorflow: [toTensorFlow, fromTensorFlow], keras: [toKeras, fromKeras],
    tfjs: [toTfjs, fromTfjs], caffe: [toCaffe, fromCaffe],
  } as const;
  for (const [name, [to, from]] of Object.entries(adapters)) {
    it(name, () => {
      let exact = 0;
      fc.assert(fc.property(options2d, ({ i, k, s, pads, op }) => {
        const options: ConvTransposeOptions = { strides: s, pads, outputPadding: op };
        const t = to(options, i, k);
        if (!t.exact) return;
        exact++;
        const back = (from as (a: unknown, i: number[]) => Resolved)(t.args, i);
        sameOperator(back, pads, fromOnnx({ strides: s, pads, output_padding: op }, i, k).outputShape);
        expect(back.outputShape).toEqual(t.outputShape);
      }), { numRuns: 300, seed: 5 });
      expect(exact).toBeGreaterThan(name === 'keras' ? 3 : 10);
    });
  }
  it('onnx is always exact', () => {
    fc.assert(fc.property(options2d, ({ i, k, s, pads, op }) => {
      const t = toOnnx({ strides: s, pads, outputPadding: op }, i, k);
      expect(t.exact).toBe(true);
      expect(fromOnnx(t.args, i, k).options).toMatchObject({ pads, outputPadding: op });
    }), { numRuns: 100, seed: 6 });
  });
});

describe('TensorFlow.js as the oracle of the TF.js adapter', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  it('tf.conv2dTranspose with toTfjs arguments equals convTranspose (random 2-D cases)', () => {
    let exact = 0;
    fc.assert(fc.property(options2d, fc.nat(), ({ i, k, s, pads, op }, seed) => {
      const options: ConvTransposeOptions = { strides: s, pads, outputPadding: op };
      const t = toTfjs(options, i, k);
      if (!t.exact) return;
      exact++;
      const cin = 2;
      const cout = 3;
      const x = randomTensor([1, cin, ...i], { seed, dtype: 'float32' });
      const w = randomTensor([cin, cout, ...k], { seed: seed + 1, dtype: 'float32' });
      const ours = convTranspose(x, w, options);
      const theirs = tf.tidy(() => {
        const xt = tf.transpose(tf.tensor4d(x.data as Float32Array, [1, cin, i[0], i[1]]), [0, 2, 3, 1]);
        const wt = tf.transpose(tf.tensor4d(w.data as Float32Array, [cin, cout, k[0], k[1]]), [2, 3, 1, 0]); // [kh, kw, out, in]
        const pad = t.args.pad as 'same' | 'valid' | number;
        const y = tf.conv2dTranspose(xt as tf.Tensor4D, wt as tf.Tensor4D, [1, t.outputShape[0], t.outputShape[1], cout], t.args.strides as [number, number], pad);
        return tf.transpose(y, [0, 3, 1, 2]).dataSync() as Float32Array;
      });
      expect(maxAbsDiff(ours, { shape: ours.shape, data: theirs })).toBeLessThan(1e-5);
    }), { numRuns: 200, seed: 8 });
    expect(exact).toBeGreaterThan(50);
  });
});

describe('dilation in TensorFlow and Keras', () => {
  // TensorFlow's CPU Conv2DBackpropInput refuses dilations > 1 (tensorflow#28264, #69103), and the
  // Keras documentation calls dilation_rate != 1 with strides != 1 unsupported.
  it('toTensorFlow and toKeras do not claim exactness for dilation > 1, and say why', () => {
    const options = { strides: 2, dilations: 2, pads: [1, 1, 1, 1], outputPadding: [1, 1] };
    const tf2 = toTensorFlow(options, [3, 3], [3, 3]);
    expect(tf2.exact).toBe(false);
    expect(tf2.note).toContain('refuse dilations > 1');
    const keras = toKeras(options, [3, 3], [3, 3]);
    expect(keras.exact).toBe(false);
    expect(keras.note).toContain('incompatible with strides other than 1');
    expect(toTensorFlow({ strides: 2, pads: [0, 0, 1, 1] }, [2, 2], [3, 3]).exact).toBe(true);
  });
  it('fromTensorFlow and fromKeras warn', () => {
    const r = fromKeras({ kernel_size: 3, strides: 2, padding: 'valid', dilation_rate: 2 }, [3]);
    expect(r.warnings.join(' ')).toContain('refuse dilations > 1');
    expect(r.warnings.join(' ')).toContain('incompatible with strides other than 1');
    expect(fromTensorFlow({ kernel_size: 3, output_shape: [4], strides: 2 }, [2]).warnings).toEqual([]);
  });
});

describe('Keras output padding', () => {
  it('toKeras never suggests output_padding >= strides, and says why when it needs more', () => {
    // d=3 > s=2 allows output padding 2 in ONNX/PyTorch; Keras requires output_padding < strides.
    const t = toKeras({ strides: 2, dilations: 3, outputPadding: 2 }, [4, 4], [3, 3]);
    expect(t.exact).toBe(false);
    expect((t.args.output_padding as number[]).every((o) => o < 2)).toBe(true);
    expect(t.note).toContain('which Keras requires');
  });
});

describe('the framework registry', () => {
  it('lists the six frameworks once each, with distinct control prefixes', () => {
    expect(FRAMEWORKS.map((f) => f.id)).toEqual(['torch', 'tensorflow', 'keras', 'onnx', 'tfjs', 'caffe']);
    expect(new Set(FRAMEWORKS.map((f) => f.key)).size).toBe(6);
    expect(frameworkById('keras')?.label).toBe('Keras');
    expect(frameworkById('mxnet')).toBeUndefined();
  });
  it('says plainly which code the tests execute: PyTorch, ONNX and TF.js; TensorFlow, Keras and Caffe as text', () => {
    expect(FRAMEWORKS.filter((f) => f.checked === 'executed').map((f) => f.id)).toEqual(['torch', 'onnx', 'tfjs']);
    for (const f of FRAMEWORKS.filter((g) => g.checked === 'text')) expect(f.checkedNote).toMatch(/^not run/);
  });
  // The declared arguments are what `from` accepts: the names (hand-copied from each framework's documented signature) and the required ones.
  const declared: [string, () => unknown, () => unknown, string, string][] = [
    ['torch', () => fromTorch({ kernel_size: 3, bias: true } as never, [2, 2]), () => fromTorch({ stride: 2 } as never, [2, 2]),
      'kernel_size, stride, padding, output_padding, dilation, groups, output_size', 'fromTorch: kernel_size=undefined must be given (a required argument)'],
    ['tensorflow', () => fromTensorFlow({ kernel_size: 3, output_shape: [4, 4], data_format: 'NHWC' } as never, [2, 2]), () => fromTensorFlow({ kernel_size: 3 } as never, [2, 2]),
      'kernel_size, output_shape, strides, padding, dilations', 'fromTensorFlow: output_shape=undefined must be given (a required argument)'],
    ['keras', () => fromKeras({ kernel_size: 3, filters: 4 } as never, [2, 2]), () => fromKeras({} as never, [2, 2]),
      'kernel_size, strides, padding, output_padding, dilation_rate', 'fromKeras: kernel_size=undefined must be given (a required argument)'],
    ['onnx', () => fromOnnx({ kernel: [3, 3] } as never, [2, 2], [3, 3]), () => fromOnnx({}, [2, 2], [3, 3]),
      'kernel_shape, strides, pads, dilations, group, output_padding, output_shape, auto_pad', ''],
    ['tfjs', () => fromTfjs({ filterSize: 3, outputShape: [4, 4], dilations: 1 } as never, [2, 2]), () => fromTfjs({ filterSize: 3 } as never, [2, 2]),
      'filterSize, outputShape, strides, pad, dimRoundingMode', 'fromTfjs: outputShape=undefined must be given (a required argument)'],
    ['caffe', () => fromCaffe({ kernel_size: 3, num_output: 2 } as never, [2, 2]), () => fromCaffe({ pad: 1 } as never, [2, 2]),
      'kernel_size, stride, pad, dilation, group', 'fromCaffe: kernel_size=undefined must be given (a required argument)'],
  ];
  for (const [id, unknown, missing, names, required] of declared) {
    it(`${id}: refuses arguments it does not declare, and requires the required ones`, () => {
      expect(unknown).toThrow(TypeError);
      expect(unknown).toThrow(`; known: ${names}`);
      expect(frameworkById(id)?.arguments.map((a) => a.name).join(', ')).toBe(names);
      if (required) expect(missing).toThrow(required);
      else expect(missing).not.toThrow();
    });
  }
  it('a form entry resolves like the adapter: TensorFlow SAME to 4 is the classic pads [0, 0, 1, 1]', () => {
    const tf = frameworkById('tensorflow')!;
    const values = Object.fromEntries(tf.fields.map((f) => [f.name, f.value]));
    const entered = tf.enter(values, { input: [2, 2], kernel: [3, 3], strides: [2, 2], dilations: [1, 1] }, [4, 4]);
    expect(entered.resolved.options.pads).toEqual([0, 0, 1, 1]);
    expect(entered.code({ inputShape: [2, 2] })).toContain("padding='SAME'");
  });
});
