import {
  bilinearDepthwiseWeight, bilinearProfile, bilinearUpsample, convTranspose, resizeBy, tensor,
  upsamplingParameters, type CoordinateMode, type Tensor,
} from 'deconv';

// Factor 2: kernel 4, stride 2, pad 1; the 4x4 kernel is this profile times itself.
console.log(upsamplingParameters(2)); // => {"kernel":4,"stride":2,"pad":1}
console.log(Array.from(bilinearProfile(4))); // => [0.25,0.75,0.75,0.25]

// x = 1, 2, 3, 4 as [batch, channels, length]; values shown to 3 decimals.
const x = tensor([1, 2, 3, 4], [1, 1, 4]);
const show = (t: Tensor) => Array.from(t.data, (v) => +v.toFixed(3)).join(' ');
const resized = (coordinates: CoordinateMode) => resizeBy(x, 2, { coordinates });

// FCN's transposed convolution, then half-pixel resizing: equal inside, not at the ends.
console.log(show(bilinearUpsample(x, 2))); // => 0.75 1.25 1.75 2.25 2.75 3.25 3.75 3
console.log(show(resized('half_pixel'))); // => 1 1.25 1.75 2.25 2.75 3.25 3.75 4
// align_corners=True reads x at i * 3/7, legacy TF at i / 2: different inside too.
console.log(show(resized('align_corners'))); // => 1 1.429 1.857 2.286 2.714 3.143 3.571 4
console.log(show(resized('asymmetric'))); // => 1 1.5 2 2.5 3 3.5 4 4

// A fix for the border: repeat the edge samples, then crop f = 2 more outputs per end.
const padded = tensor([1, 1, 2, 3, 4, 4], [1, 1, 6]);
const w = bilinearDepthwiseWeight(1, 4, 1); // [1, 1, 4]: one channel, one axis
const fixed = convTranspose(padded, w, { strides: 2, pads: 1 + 2 });
console.log(show(fixed)); // => 1 1.25 1.75 2.25 2.75 3.25 3.75 4
