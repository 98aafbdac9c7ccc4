import { convTranspose, tensor, toArray } from 'deconv';

// x = [[1, 2], [3, 4]], a 3x3 kernel of ones, stride 2, TensorFlow's SAME padding (pads [0, 0, 1, 1])
const x = tensor([[[[1, 2], [3, 4]]]]);
const w = tensor([[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]]);
const y = convTranspose(x, w, { strides: 2, pads: [0, 0, 1, 1] });
console.log(toArray(y)); // => [[[[1,1,3,2],[1,1,3,2],[4,4,10,6],[3,3,7,4]]]]
