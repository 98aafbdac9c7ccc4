import { col2im, convTranspose, matmul, reshape, tensor, toArray } from 'deconv';

// Caffe's Deconvolution forward pass for x = [1, 2], w = [1, 2, 3], stride 2
const x = tensor([[[1, 2]]]);
const w = tensor([[[1, 2, 3]]]);
const W = reshape(w, [1, 3]); // [input channels, output channels x taps]
const X = reshape(x, [1, 2]); // [input channels, positions]

// 1. The convolution's backward GEMM: a row per tap, a column per position
const col = matmul(W, X, { transposeA: true });
console.log(toArray(col)); // => [[1,2],[2,4],[3,6]]

// 2. col2im adds column o at positions 2o, 2o + 1, 2o + 2 of 5
const y = col2im(reshape(col, [1, 3, 2]), [1, 1, 5], [3], { strides: 2 });
console.log(toArray(y)); // => [[[1,2,5,4,6]]]
const same = convTranspose(x, w, { strides: 2 });
console.log(toArray(same)); // => [[[1,2,5,4,6]]]
