import {
  bilinearDepthwiseWeight, bilinearDiagonalWeight, convTranspose, maxAbsDiff, randomTensor,
} from 'deconv';

// One bilinear kernel per channel: depthwise (groups = C) or FCN's diagonal [C, C, k, k].
const depthwise = bilinearDepthwiseWeight(3, 4);
const diagonal = bilinearDiagonalWeight(3, 4);
console.log(depthwise.shape, diagonal.shape); // => [3,1,4,4] [3,3,4,4]

// The same 3-channel 5x5 -> 10x10 up-sampling; the diagonal one also runs 6 zero kernels.
const x = randomTensor([1, 3, 5, 5], { seed: 2 });
const a = convTranspose(x, depthwise, { strides: 2, pads: 1, groups: 3 });
const b = convTranspose(x, diagonal, { strides: 2, pads: 1 });
console.log(a.shape, maxAbsDiff(a, b) < 1e-12); // => [1,3,10,10] true
