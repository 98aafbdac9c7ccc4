/**
 * Generated framework code: the text must carry the argument values the adapters mean, in
 * each framework's vocabulary. Expected strings are written by hand from the frameworks'
 * documented signatures and hand-computed sizes. The TF.js text is also run, against
 * TensorFlow.js itself, and must give convTranspose's numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  caffeCode, convTranspose, fromTensorFlow, kerasCode, maxAbsDiff, onnxCode, randomTensor, tensorflowCode, tfjsCode,
  toCaffe, toKeras, toOnnx, toTensorFlow, toTfjs, toTorch, torchCode, type ConvTransposeOptions, type Translation,
} from '../src/index';

/** The code with every wrapped call joined back onto one line, so the tests read the values, not the layout. */
function flat(code: string): string {
  return code.replace(/([([])\n\s*/g, '$1').replace(/,?\n([)\]])/g, '$1').replace(/,\n\s*/g, ', ');
}

// The classic example: 2x2 input, 3x3 kernel, stride 2, TensorFlow SAME to 4x4 (pads [0, 0, 1, 1]).
const classic = fromTensorFlow({ kernel_size: 3, output_shape: [4, 4], strides: 2, padding: 'SAME' }, [2, 2]).options;
const at = { inputShape: [2, 2] };

describe('the classic TF SAME example in every framework', () => {
  it('PyTorch: padding=1, output_padding=1, flagged as not exact', () => {
    const code = flat(torchCode(toTorch(classic, [2, 2], [3, 3]), at));
    expect(code).toContain('torch.nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1, dilation=1, bias=False)');
    // The example's x (the pattern ((37i) mod 21 - 10) / 10) and w ((53i) mod 19 - 9) / 10), written out.
    expect(code).toContain('x = torch.tensor([-1.0, 0.6, 0.1, -0.4]).reshape(1, 1, 2, 2)');
    expect(code).toContain('w = torch.tensor([-0.9, 0.6, 0.2, -0.2, -0.6, 0.9, 0.5, 0.1, -0.3]).reshape(1, 1, 3, 3)');
    expect(code).toContain('layer.weight.copy_(w)');
    expect(code).toContain('assert torch.allclose(y, expected, atol=1e-4)');
    expect(code).toContain('assert y.shape == (1, 1, 4, 4)');
    expect(code).toMatch(/^# NOT EXACT: /m);
    expect(code).toContain('shifted by [1, 1]');
  });
  it('every generated line fits in 80 columns (long calls and notes are wrapped)', () => {
    for (const code of [torchCode(toTorch(classic, [2, 2], [3, 3]), at), tensorflowCode(toTensorFlow(classic, [2, 2], [3, 3]), at),
      kerasCode(toKeras(classic, [2, 2], [3, 3]), at), onnxCode(toOnnx(classic, [2, 2], [3, 3]), at),
      tfjsCode(toTfjs(classic, [2, 2], [3, 3]), at), caffeCode(toCaffe(classic, [2, 2], [3, 3]), at)]) {
      expect(code.split('\n').filter((l) => l.length > 80)).toEqual([]);
    }
  });
  it('TensorFlow: SAME to output_shape [1, 4, 4, 1], NHWC, filters [3, 3, out, in]', () => {
    const code = flat(tensorflowCode(toTensorFlow(classic, [2, 2], [3, 3]), at));
    expect(code).toContain("tf.nn.conv2d_transpose(x, filters, output_shape=[1, 4, 4, 1], strides=2, padding='SAME', dilations=1)");
    expect(code).toContain('x = tf.random.normal([1, 2, 2, 1])');
    expect(code).toContain('filters = tf.random.normal([3, 3, 1, 1])');
    expect(code).not.toContain('NOT EXACT');
  });
  it('Keras: padding="same" and no output_padding give in*s = 4', () => {
    const code = flat(kerasCode(toKeras(classic, [2, 2], [3, 3]), at));
    expect(code).toContain('keras.layers.Conv2DTranspose(filters=1, kernel_size=3, strides=2, padding="same", output_padding=None, dilation_rate=1, use_bias=False)');
    expect(code).toContain('assert tuple(y.shape) == (1, 4, 4, 1)');
  });
  it('ONNX: the explicit attributes and the shapes of x, w and y', () => {
    const code = flat(onnxCode(toOnnx(classic, [2, 2], [3, 3]), at));
    expect(code).toContain('kernel_shape=[3, 3], strides=[2, 2], pads=[0, 0, 1, 1], dilations=[1, 1], group=1, output_padding=[0, 0]');
    expect(code).toContain('helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 2, 2])');
    expect(code).toContain('helper.make_tensor_value_info("w", TensorProto.FLOAT, [1, 1, 3, 3])');
    expect(code).toContain('helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 1, 4, 4])');
    expect(code).toContain('"ConvTranspose", inputs=["x", "w"], outputs=["y"]');
  });
  it("TF.js: conv2dTranspose(x, filter, [1, 4, 4, 1], 2, 'same')", () => {
    expect(flat(tfjsCode(toTfjs(classic, [2, 2], [3, 3]), at))).toContain("tf.conv2dTranspose(x, filter, [1, 4, 4, 1], 2, 'same');");
  });
  it('Caffe: pad 0 gives 5x5, not 4x4, and says so', () => {
    const code = flat(caffeCode(toCaffe(classic, [2, 2], [3, 3]), at));
    expect(code).toContain('type: "Deconvolution"');
    expect(code).toContain('    num_output: 1\n    kernel_size: 3\n    stride: 2\n    pad: 0\n    dilation: 1\n    group: 1\n    bias_term: false');
    expect(code).toContain('# x: 1x1x2x2 (N, C, H, W) -> y: 1x1x5x5');
    expect(code).toMatch(/^# NOT EXACT: Caffe pads symmetrically/m);
  });
});

describe('per-axis values, groups and ranks', () => {
  // 3x4 input, kernel [3, 2], strides [2, 1], pads [1, 0, 1, 0]: out = [2*2+3-2, 3+2] = [5, 5].
  const options: ConvTransposeOptions = { strides: [2, 1], pads: [1, 0, 1, 0] };
  const input = [3, 4];
  const kernel = [3, 2];
  it('PyTorch and Caffe spell unequal axes as a tuple / repeated fields', () => {
    expect(flat(torchCode(toTorch(options, input, kernel), { inputShape: input }))).toContain('kernel_size=(3, 2), stride=(2, 1), padding=(1, 0), output_padding=0, dilation=1');
    const caffe = flat(caffeCode(toCaffe(options, input, kernel), { inputShape: input }));
    expect(caffe).toContain('    kernel_size: 3\n    kernel_size: 2\n    stride: 2\n    stride: 1\n    pad: 1\n    pad: 0\n');
    expect(caffe).toContain('-> y: 1x1x5x5');
  });
  it('TF.js takes unequal strides as a list', () => {
    const code = flat(tfjsCode(toTfjs(options, input, kernel), { inputShape: input }));
    expect(code).toContain('tf.randomNormal([3, 2, 1, 1])');
    expect(code).toMatch(/tf\.conv2dTranspose\(x, filter, \[1, 5, 5, 1\], \[2, 1\], /);
  });
  it('groups: channels default to the groups; ONNX weight [C_in, C_out / group, ...k]', () => {
    const grouped: ConvTransposeOptions = { strides: 2, groups: 2 };
    expect(flat(torchCode(toTorch(grouped, [2, 2], [3, 3]), at))).toContain('ConvTranspose2d(2, 2, kernel_size=3, stride=2, padding=0, output_padding=0, dilation=1, groups=2, bias=False)');
    const onnx = flat(onnxCode(toOnnx(grouped, [2, 2], [3, 3]), { inputShape: [2, 2], inChannels: 4, outChannels: 6 }));
    expect(onnx).toContain('group=2');
    expect(onnx).toContain('"w", TensorProto.FLOAT, [4, 3, 3, 3]');
    expect(onnx).toContain('"y", TensorProto.FLOAT, [1, 6, 5, 5]');
  });
  it('1-D TensorFlow with explicit pads: conv1d_transpose has none, so VALID to 8 and crop 2:8', () => {
    // in 3, k 4, s 2, pads [2, 0]: out = 2*2+4-2 = 6; VALID size (3-1)*2+4 = 8 holds the window 2..8.
    const t = toTensorFlow({ strides: 2, pads: [2, 0] }, [3], [4]);
    expect(t.args.padding).toEqual([[0, 0], [2, 0], [0, 0]]);
    const code = flat(tensorflowCode(t, { inputShape: [3] }));
    expect(code).toContain("y = tf.nn.conv1d_transpose(x, filters, output_shape=[1, 8, 1], strides=2, padding='VALID', dilations=1)[:, 2:8, :]");
    expect(code).toContain('assert y.shape == (1, 6, 1)');
  });
  it('2-D TensorFlow with explicit pads passes them through', () => {
    const t = toTensorFlow({ strides: 2, pads: [2, 0, 0, 0] }, [3, 3], [4, 4]);
    expect(flat(tensorflowCode(t, { inputShape: [3, 3] }))).toContain("output_shape=[1, 6, 8, 1], strides=2, padding=[[0, 0], [2, 0], [0, 0], [0, 0]], dilations=1)");
  });
  it('3-D PyTorch, Keras and TF.js names', () => {
    const o: ConvTransposeOptions = { strides: 2 };
    expect(flat(torchCode(toTorch(o, [2, 2, 2], [2, 2, 2]), { inputShape: [2, 2, 2] }))).toContain('torch.nn.ConvTranspose3d(1, 1, kernel_size=2,');
    expect(flat(kerasCode(toKeras(o, [2, 2, 2], [2, 2, 2]), { inputShape: [2, 2, 2] }))).toContain('keras.layers.Conv3DTranspose(filters=1, kernel_size=2, strides=2, padding="valid"');
    expect(flat(tfjsCode(toTfjs(o, [2, 2, 2], [2, 2, 2]), { inputShape: [2, 2, 2] }))).toContain("tf.conv3dTranspose(x, filter, [1, 4, 4, 4, 1], 2, 'valid');");
  });
  it('PyTorch output_size and ONNX output_shape / auto_pad appear when given', () => {
    const torch = { args: { kernel_size: 3, stride: 2, padding: 1, output_size: [4, 4] }, exact: true, shift: [0, 0], outputShape: [4, 4] };
    expect(flat(torchCode(torch, at))).toContain('y = layer(x, output_size=[4, 4])');
    const onnx = { args: { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' as const }, exact: true, shift: [0, 0], outputShape: [4, 4] };
    expect(flat(onnxCode(onnx, at))).toContain('kernel_shape=[3, 3], strides=[2, 2], auto_pad="SAME_UPPER", group=1');
  });
});

describe('bad arguments', () => {
  const t = toTorch(classic, [2, 2], [3, 3]);
  const cases: [string, () => unknown, string, typeof RangeError | typeof TypeError][] = [
    ['inputShape missing', () => torchCode(t, {} as never), 'torchCode: inputShape=undefined must be an array of 1 to 3 spatial sizes', TypeError],
    ['rank 4', () => torchCode(t, { inputShape: [2, 2, 2, 2] }), 'torchCode: inputShape=[2, 2, 2, 2] must have 1 to 3 spatial sizes', RangeError],
    ['TF.js 1-D', () => tfjsCode(toTfjs(classic, [2, 2], [3, 3]), { inputShape: [2] }), 'tfjsCode: inputShape=[2] must have 2 to 3 spatial sizes', RangeError],
    ['zero size', () => kerasCode(toKeras(classic, [2, 2], [3, 3]), { inputShape: [2, 0] }), 'kerasCode: inputShape[1]=0 must be a positive integer', RangeError],
    ['channels vs groups', () => torchCode(toTorch({ groups: 2 }, [2, 2], [3, 3]), { inputShape: [2, 2], inChannels: 3 }), 'torchCode: inChannels=3 must be divisible by groups=2', RangeError],
    ['unknown option', () => onnxCode(toOnnx(classic, [2, 2], [3, 3]), { inputShape: [2, 2], channels: 2 } as never), 'onnxCode: unknown option "channels"; known options are inputShape, inChannels, outChannels', TypeError],
    ['not a translation', () => caffeCode(null as never, at), 'caffeCode: translation=null must be an object', TypeError],
    ['kernel rank', () => torchCode({ ...t, args: { ...t.args, kernel_size: [3, 3, 3] } }, at), 'torchCode: kernel_size=[3, 3, 3] must have 2 entries, one per spatial axis', RangeError],
    ['bad TF padding', () => tensorflowCode({ args: { kernel_size: 3, output_shape: [4, 4], padding: 'same' as never }, exact: true, shift: [0, 0], outputShape: [4, 4] }, at), 'tensorflowCode: padding="same" must be "SAME", "VALID" or explicit pairs', RangeError],
    ['bad Keras padding', () => kerasCode({ args: { kernel_size: 3, padding: 'SAME' as never }, exact: true, shift: [0, 0], outputShape: [4, 4] }, at), 'kerasCode: padding="SAME" must be "valid" or "same"', RangeError],
  ];
  for (const [name, call, message, Kind] of cases) {
    it(name, () => {
      expect(call).toThrow(Kind);
      expect(call).toThrow(message);
    });
  }
});

describe('the generated TF.js code, run by TensorFlow.js, gives convTranspose\'s numbers', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  /** Runs the generated text with tf.randomNormal replaced by fixed tensors (x, then filter). */
  function run(code: string, given: tf.Tensor[]): { y: tf.Tensor; printed: string } {
    const body = code.split('\n').filter((l) => !l.startsWith('import ')).join('\n');
    const queue = [...given];
    const fake = { ...tf, randomNormal: () => queue.shift()! };
    let printed = '';

    const y = new Function('tf', 'console', `${body}\nreturn y;`)(fake, { log: (v: unknown) => (printed = JSON.stringify(v)) }) as tf.Tensor;
    return { y, printed };
  }
  const cases: [string, ConvTransposeOptions, number[], number[]][] = [
    ['the classic SAME example', classic, [2, 2], [3, 3]],
    ['unequal strides and pads', { strides: [2, 1], pads: [1, 0, 1, 0] }, [3, 4], [3, 2]],
    ['output padding', { strides: 3, pads: [1, 1, 1, 1], outputPadding: [2, 1] }, [2, 3], [3, 3]],
  ];
  for (const [name, options, input, kernel] of cases) {
    it(name, () => {
      const t: Translation<object> = toTfjs(options, input, kernel);
      expect(t.exact).toBe(true);
      const cin = 2;
      const cout = 3;
      const x = randomTensor([1, cin, ...input], { seed: 11, dtype: 'float32' });
      const w = randomTensor([cin, cout, ...kernel], { seed: 12, dtype: 'float32' });
      const ours = convTranspose(x, w, options);
      const xt = tf.transpose(tf.tensor4d(x.data as Float32Array, [1, cin, input[0], input[1]]), [0, 2, 3, 1]);
      const wt = tf.transpose(tf.tensor4d(w.data as Float32Array, [cin, cout, kernel[0], kernel[1]]), [2, 3, 1, 0]);
      const { y, printed } = run(tfjsCode(toTfjs(options, input, kernel), { inputShape: input, inChannels: cin, outChannels: cout }), [xt, wt]);
      expect(printed).toBe(JSON.stringify([1, ...ours.shape.slice(2), cout]));
      const theirs = tf.transpose(y, [0, 3, 1, 2]).dataSync() as Float32Array;
      expect(maxAbsDiff(ours, { shape: ours.shape, data: theirs })).toBeLessThan(1e-5);
    });
  }
});
