import {
  convTranspose, maxAbsDiff, pixelShuffle, randomTensor, subPixelConvTranspose, subPixelConvolution,
  tensor, toArray,
} from 'deconv';

// Pixel shuffle sends channel r1*r + r2 of a pixel to offset (r1, r2) of an r x r block.
const channels = tensor([1, 2, 3, 4], [1, 4, 1, 1]);
console.log(toArray(pixelShuffle(channels, 2))); // => [[[[1,2],[3,4]]]]

// Sub-pixel convolution: 3x3 conv to r^2 = 4 channels (pads 1), then shuffle.
const x = randomTensor([1, 1, 5, 5], { seed: 1 });
const w = randomTensor([4, 1, 3, 3], { seed: 2 });
const y = subPixelConvolution(x, w, 2, { pads: 1 });
console.log(y.shape); // => [1,1,10,10]

// One transposed convolution: a 6x6 kernel, stride 2, pads (3 - 1 - 1) * 2 = 2.
const { w: big, options } = subPixelConvTranspose(w, 2, { pads: 1 });
console.log(big.shape, options); // => [1,1,6,6] {"strides":2,"pads":[2,2,2,2]}
console.log(maxAbsDiff(convTranspose(x, big, options), y) < 1e-12); // => true
