import { convTranspose, fromTensorFlow, fromTorch, tensor, toArray, toTorch } from 'deconv';

const x = tensor([[[[1, 2], [3, 4]]]]);
const w = tensor([[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]]);

// TensorFlow: conv2d_transpose(x, w, output_shape=[1, 4, 4, 1], strides=2, padding='SAME')
const tf = fromTensorFlow({ kernel_size: 3, output_shape: [4, 4], strides: 2, padding: 'SAME' }, [2, 2]);
console.log(tf.options.pads); // => [0,0,1,1]
console.log(toArray(convTranspose(x, w, tf.options))); // => [[[[1,1,3,2],[1,1,3,2],[4,4,10,6],[3,3,7,4]]]]

// PyTorch: ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=1)
const torch = fromTorch({ kernel_size: 3, stride: 2, padding: 1, output_padding: 1 }, [2, 2]);
console.log(torch.options.pads, torch.options.outputPadding); // => [1,1,1,1] [1,1]
console.log(toArray(convTranspose(x, w, torch.options))); // => [[[[1,3,2,2],[4,10,6,6],[3,7,4,4],[3,7,4,4]]]]

// Same size, different numbers: PyTorch's output starts one row and one column later.
const closest = toTorch(tf.options, [2, 2], [3, 3]);
console.log(closest.exact, closest.shift); // => false [1,1]

// The exact PyTorch recipe: padding=0 gives the whole 5x5 canvas; TensorFlow's answer is its top-left 4x4.
const full = fromTorch({ kernel_size: 3, stride: 2 }, [2, 2]);
console.log(toArray(convTranspose(x, w, full.options))); // => [[[[1,1,3,2,2],[1,1,3,2,2],[4,4,10,6,6],[3,3,7,4,4],[3,3,7,4,4]]]]
