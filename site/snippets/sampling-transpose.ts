import { downsample, downsampleMatrix, tensor, toArray, toDense, upsample, upsampleMatrix } from 'deconv';

// Down-sampling keeps every 2nd sample; up-sampling puts samples 2 apart with zeros between.
console.log(toArray(downsample(tensor([[[1, 2, 3, 4, 5]]]), 2))); // => [[[1,3,5]]]
console.log(toArray(upsample(tensor([[[1, 3, 5]]]), 2))); // => [[[1,0,3,0,5]]]

// As matrices, one is the transpose of the other: D is 3x5, U is 5x3.
console.log(toArray(toDense(downsampleMatrix(5, 2)))); // => [[1,0,0,0,0],[0,0,1,0,0],[0,0,0,0,1]]
console.log(toArray(toDense(upsampleMatrix(3, 2)))); // => [[1,0,0],[0,0,0],[0,1,0],[0,0,0],[0,0,1]]
