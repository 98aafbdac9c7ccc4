import { conv, convTranspose, nearestUpsample, nearestUpsampleConvTranspose, nearestUpsampleKernel, tensor, toArray } from 'deconv';

// Conv weights q = [1, 2, 4] (frameworks correlate, so the impulse response is g = [4, 2, 1]).
const q = tensor([[[1, 2, 4]]]);
// Nearest up-sampling by 2 then this conv is one transposed conv with kernel [g0, g0+g1, g1+g2, g2].
console.log(toArray(nearestUpsampleKernel(q, 2))); // => [[[4,6,3,1]]]

const x = tensor([[[1, 2, 3]]]);
// Path 1: [1, 1, 2, 2, 3, 3], then correlate with [1, 2, 4]: 1+2+8, 1+4+8, 2+4+12, 2+6+12.
console.log(toArray(conv(nearestUpsample(x, 2), q))); // => [[[11,13,18,20]]]
// Path 2: stamp [4, 6, 3, 1] at stride 2 (canvas 4, 6, 11, 13, 18, 20, 9, 3), crop 2 at each end.
const { w, options } = nearestUpsampleConvTranspose(q, 2);
console.log(options.pads); // => [2,2]
console.log(toArray(convTranspose(x, w, options))); // => [[[11,13,18,20]]]
