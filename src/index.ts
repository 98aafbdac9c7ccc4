/**
 * deconv: convolution and transposed convolution ("deconvolution"), with every explanatory
 * view as its own implementation of the same operator. The public surface, by concept.
 */

// Tensors, seeded random data and the one shape-and-padding module.
export * from './tensor';
export { randomSource, randomTensor } from './random';
export type { RandomOptions } from './random';
export {
  convGeometry, convTransposeGeometry, convInfo, convTransposeInfo, convOutputSize, convTransposeOutputSize,
  convOutputShape, convTransposeOutputShape, effectiveKernel,
} from './shape';
export type { AutoPad, ConvOptions, ConvTransposeOptions, Geometry, ConvInfo } from './shape';

// The operators (fast kernels chosen from the shapes) and their definitions as plain loops.
export { conv, convReference } from './conv';
export { convTranspose, convTransposeReference } from './convTranspose';
// The fast path: the registered kernels, the dispatcher that picks one, the engines, their memory.
export { dispatch, KERNELS, SIMD_MIN_WORK } from './fast/dispatch';
export type { KernelChoice, DispatchOptions, KernelConfig, KernelOp } from './fast/dispatch';
export { setEngine, currentEngine, availableEngines } from './fast/engines';
export type { EngineName } from './fast/engines';
export { memoryInUse, releaseMemory, MEMORY_CAP } from './fast/memory';
export { MAX_ELEMENTS } from './checks';

// Backpropagation on the fast kernels, and the gradient view: as Caffe runs it (im2col, GEMM, col2im).
export { convGradInput, convGradWeight, convGradBias, convTransposeGradInput, convTransposeGradWeight } from './gradient';
export type { ConvGradInputOptions, ConvGradWeightOptions, ConvTransposeGradOptions } from './gradient';
export { im2col, col2im, gradientConvTranspose } from './views/gradient';
export { matmul } from './matmul';
export type { MatmulOptions } from './matmul';

// The views: independent implementations of the transposed convolution.
export { scatter, scatterPartial, stampOf } from './views/scatter';
export type { Stamp } from './views/scatter';
export { zeroInsertion, zeroInsertionSteps } from './views/zeroInsertion';
export type { ZeroInsertionSteps } from './views/zeroInsertion';
export {
  convMatrix, convTransposeMatrix, matrixConvTranspose, transpose, multiply, toDense, MAX_DENSE_ENTRIES,
} from './views/matrix';
export type { SparseMatrix } from './views/matrix';
export { polyphase, polyphaseKernels } from './views/polyphase';
export type { PhaseKernel } from './views/polyphase';

// Signal processing: sampling operators, Toeplitz matrices, nearest up-sampling as one kernel.
export {
  downsample, upsample, nearestUpsample, averagePool, downsampleMatrix, upsampleMatrix, toeplitzMatrix, flipKernel,
  nearestUpsampleKernel, nearestUpsampleConvTranspose,
} from './sampling';

// Up-sampling in practice: bilinear kernels, interpolation, checkerboards, sub-pixel, learning.
export {
  bilinearKernel, bilinearProfile, bilinearParameters, bilinearDepthwiseWeight, bilinearDiagonalWeight,
  upsamplingParameters, bilinearUpsample,
} from './bilinear';
export type { UpsamplingParameters } from './bilinear';
export {
  resize, resizeBy, resizeTaps, resizeMatrix, sourceCoordinate, compareUpsampling, RESIZE_MODES, COORDINATE_MODES,
} from './interpolate';
export type { ResizeMode, CoordinateMode, ResizeOptions, ResizeTap, UpsamplingComparison } from './interpolate';
export {
  phaseSums, overlapPattern, overlapCount, hasUniformOverlap, kernelDivisibleByStride, isCheckerboardFree, checkerboardScore,
} from './checkerboard';
export type { CheckerboardScore } from './checkerboard';
export { resizeConvolution } from './resizeConv';
export type { ResizeConvOptions } from './resizeConv';
export { pixelShuffle, pixelUnshuffle, subPixelConvolution, subPixelKernel, subPixelConvTranspose } from './pixelShuffle';
export type { SubPixelOptions, EquivalentConvTranspose } from './pixelShuffle';
export { zonePlate, smoothImage } from './images';
export { createTrainer } from './train';
export type { Trainer, TrainerOptions, TrainStep, Optimizer } from './train';

// Framework conventions: arguments to and from the canonical form, and code for each framework.
export * from './frameworks/index';
export { torchCode, tensorflowCode, kerasCode, onnxCode, tfjsCode, caffeCode } from './frameworks/code';
export type { CodeOptions } from './frameworks/code';
