import { conv, convTranspose, downsample, flipKernel, tensor, toArray, upsample } from 'deconv';

const x = tensor([[[1, 2, 3, 4, 5, 6]]]);
const w = tensor([[[1, 1]]]);
// Stride-1 convolution: 1+2, 2+3, ..., 5+6. Stride 2 keeps every other one.
console.log(toArray(conv(x, w))); // => [[[3,5,7,9,11]]]
console.log(toArray(downsample(conv(x, w), 2))); // => [[[3,7,11]]]
console.log(toArray(conv(x, w, { strides: 2 }))); // => [[[3,7,11]]]

// Transposed convolution, stride 2: stamp [1, 2] at 0, 2, 4, scaled by 1, 2, 3.
const u = tensor([[[1, 2, 3]]]);
const v = tensor([[[1, 2]]]);
console.log(toArray(convTranspose(u, v, { strides: 2 }))); // => [[[1,2,2,4,3,6]]]
// The same: insert zeros (1, 0, 2, 0, 3), pad by k - 1 = 1, convolve with the reversed kernel [2, 1].
console.log(toArray(conv(upsample(u, 2), flipKernel(v), { pads: 1 }))); // => [[[1,2,2,4,3,6]]]
