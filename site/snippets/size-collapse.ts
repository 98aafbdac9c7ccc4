import { convOutputSize, convTransposeOutputSize } from 'deconv';

// A 3x3 convolution with stride 2 and padding 1 (dilation 1) maps sizes 5 and 6 to the same 3:
// floor((5 + 2 - 3) / 2) + 1 = 3 and floor((6 + 2 - 3) / 2) + 1 = 3.
console.log(convOutputSize(5, 3, 2, 1, 1, 1), convOutputSize(6, 3, 2, 1, 1, 1)); // => 3 3

// So its transpose must be told which one to give back: output padding 0 gives 5, 1 gives 6.
console.log(convTransposeOutputSize(3, 3, 2, 1, 1, 1, 0), convTransposeOutputSize(3, 3, 2, 1, 1, 1, 1)); // => 5 6
