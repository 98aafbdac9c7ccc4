import {
  bilinearKernel, isCheckerboardFree, overlapPattern, phaseSums, tensor, toArray, type Tensor,
} from 'deconv';

// Stride 2: output i meets the taps j = i (mod 2).
// Size 3 has 2 even taps and 1 odd tap per axis; size 4 has 2 of each.
console.log(toArray(overlapPattern([3, 3], 2))); // => [[4,2],[2,1]]
console.log(toArray(overlapPattern([4, 4], 2))); // => [[4,4],[4,4]]
// Dilation 2 sends both taps of a size-2 kernel to even outputs: holes.
console.log(toArray(overlapPattern([2], 2, 2))); // => [2,0]

// For a constant input what counts is the weight per phase: the phase sums.
const check = (w: Tensor) => [toArray(phaseSums(w, 2)), isCheckerboardFree(w, 2)];
console.log(...check(tensor(new Array(9).fill(1), [3, 3]))); // => [[4,2],[2,1]] false
// FCN's k=4 kernel: profile 0.25, 0.75, 0.75, 0.25, so 0.25 + 0.75 per phase.
console.log(...check(bilinearKernel(4))); // => [[1,1],[1,1]] true
// Bilinear k=3 (profile 0.5, 1, 0.5): uneven overlap, yet equal phase sums.
console.log(...check(bilinearKernel(3))); // => [[1,1],[1,1]] true
// Uniform overlap, yet a checkerboard: profile 1, 3, 1, 0 puts 2 on even, 3 on odd.
const skewed = tensor([[1, 3, 1, 0], [3, 9, 3, 0], [1, 3, 1, 0], [0, 0, 0, 0]]);
console.log(...check(skewed)); // => [[4,6],[6,9]] false
