import {
  convMatrix, convTranspose, dot, multiply, tensor, toArray, toDense, transpose,
} from 'deconv';

// y = C x: a length-4 signal, w = [1, 2, 3], stride 1, no padding
const w = tensor([[[1, 2, 3]]]);
const C = convMatrix(w, [1, 4]);
console.log(toArray(toDense(C))); // => [[1,2,3,0],[0,1,2,3]]

// The transpose: its rows read the kernel backwards ([2, 1], [3, 2])
const CT = transpose(C);
console.log(toArray(toDense(CT))); // => [[1,0],[2,1],[3,2],[0,3]]

// C^T x is the transposed convolution of x
const x = [1, 10];
console.log(Array.from(multiply(CT, x))); // => [1,12,23,30]
const y = convTranspose(tensor([[x]]), w);
console.log(toArray(y)); // => [[[1,12,23,30]]]

// The adjoint identity <C u, v> = <u, C^T v>
const u = tensor([1, 2, 3, 4]);
const v = tensor([1, -1]);
const Cu = tensor(multiply(C, u.data));
const CTv = tensor(multiply(CT, v.data));
console.log(dot(Cu, v), dot(u, CTv)); // => -6 -6
