import {
  conv, convGradBias, convGradInput, convGradWeight, convTranspose, tensor, toArray,
} from 'deconv';

// y = conv(x, w) for x = [1, 2, 3, 4] and w = [1, 2, 3]
const x = tensor([[[1, 2, 3, 4]]]);
const w = tensor([[[1, 2, 3]]]);
console.log(toArray(conv(x, w))); // => [[[14,20]]]

// The loss sends back dL/dy = [1, 2]
const dy = tensor([[[1, 2]]]);

// dL/dx: the transposed convolution of dy with the same kernel
const dx = convGradInput(dy, w, { inputShape: [4] });
console.log(toArray(dx)); // => [[[1,4,7,6]]]
console.log(toArray(convTranspose(dy, w))); // => [[[1,4,7,6]]]

// dL/dw: x correlated with dy, dw[j] = x[j] dy[0] + x[j + 1] dy[1]
const dw = convGradWeight(x, dy, { kernelShape: [3] });
console.log(toArray(dw)); // => [[[5,8,11]]]

// dL/db: the sum of dy
console.log(toArray(convGradBias(dy))); // => [3]
