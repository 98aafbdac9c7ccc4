import { fromTensorFlow, toTorch, torchCode } from 'deconv';

// The calculator's code comes from the adapters: TensorFlow's arguments in, PyTorch's code out.
const tf = fromTensorFlow({ kernel_size: 3, output_shape: [4, 4], strides: 2, padding: 'SAME' }, [2, 2]);
const code = torchCode(toTorch(tf.options, [2, 2], [3, 3]), { inputShape: [2, 2] });
console.log(code.includes('padding=1, output_padding=1')); // => true
console.log(code.includes('# NOT EXACT')); // => true
console.log(code.split('\n').pop()); // => assert y.shape == (1, 1, 4, 4)
