import { convMatrix, tensor, toDense } from 'deconv';

// A 3x3 kernel over one 96x96 image, padding 1
const w = tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
const C = convMatrix(w, [1, 96, 96], { pads: 1 });
console.log(C.rows, C.cols); // => 9216 9216
// Not zero: 286 (output, tap) pairs per axis, squared
console.log(C.values.length); // => 81796

let message = '';
try {
  toDense(C);
} catch (e) {
  message = (e as Error).message;
}
console.log(message); // => toDense: a 9216x9216 matrix has 84934656 entries, more than maxEntries=16777216; use the sparse form
