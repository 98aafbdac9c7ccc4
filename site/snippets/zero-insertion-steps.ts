import {
  convOutputSize, convTranspose, convTransposeOutputSize, tensor, toArray, zeroInsertionSteps,
} from 'deconv';

// x = [[1, 2], [3, 4]], a 3x3 kernel of ones, stride 2, padding 1
const x = tensor([[[[1, 2], [3, 4]]]]);
const w = tensor([[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]]);
const options = { strides: 2, pads: 1 };
const steps = zeroInsertionSteps(x, w, options);

// 1. insert s - 1 = 1 zero between neighbours
console.log(toArray(steps.upsampled)); // => [[[[1,0,2],[0,0,0],[3,0,4]]]]
// 2. pad by d(k - 1) - p = 2 - 1 = 1 at both ends of each axis
console.log(steps.padBegin, steps.padEnd); // => [1,1] [1,1]
console.log(steps.padded.shape); // => [1,1,5,5]
// 3. correlate with the flipped kernel, stride 1: sums of 3x3 windows
console.log(toArray(steps.output)); // => [[[[1,3,2],[4,10,6],[3,7,4]]]]
const y = convTranspose(x, w, options);
console.log(toArray(y)); // => [[[[1,3,2],[4,10,6],[3,7,4]]]]

// n_out = s(n_in - 1) + a + d(k - 1) + 1 - 2p for n_in = 2, k = 3, s = 2, p = 1
console.log(convTransposeOutputSize(2, 3, 2, 1, 1, 1, 0)); // => 3
console.log(convTransposeOutputSize(2, 3, 2, 1, 1, 1, 1)); // => 4
// output padding a = 1 asks for 4: the convolution sends 3 and 4 to 2
console.log(convOutputSize(3, 3, 2, 1, 1, 1)); // => 2
console.log(convOutputSize(4, 3, 2, 1, 1, 1)); // => 2
