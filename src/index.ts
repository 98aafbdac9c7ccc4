/**
 * deconv: convolution and transposed convolution ("deconvolution"), with every explanatory
 * view as its own implementation of the same operator.
 */
export * from './tensor';
export {
  convGeometry, convTransposeGeometry, convInfo, convTransposeInfo, convOutputSize, convTransposeOutputSize,
  convOutputShape, convTransposeOutputShape, effectiveKernel,
} from './shape';
export type { AutoPad, ConvOptions, ConvTransposeOptions, Geometry, ConvInfo } from './shape';
export { conv } from './conv';
export { convTranspose } from './convTranspose';
export {
  convGradInput, convGradWeight, convGradBias, convTransposeGradInput, convTransposeGradWeight, im2col, col2im,
  gradientConvTranspose,
} from './gradient';
export type { ConvGradInputOptions, ConvGradWeightOptions, ConvTransposeGradOptions } from './gradient';
export { matmul } from './matmul';
export type { MatmulOptions } from './matmul';
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
export { bilinearKernel, bilinearProfile, bilinearParameters } from './bilinear';
export * from './frameworks/index';
export { randomSource, randomTensor } from './random';
export type { RandomOptions } from './random';
export { bilinearDepthwiseWeight, bilinearDiagonalWeight, upsamplingParameters, bilinearUpsample } from './bilinear';
export type { UpsamplingParameters } from './bilinear';
export { resize, resizeBy, resizeTaps, resizeMatrix, sourceCoordinate, compareUpsampling, RESIZE_MODES, COORDINATE_MODES } from './interpolate';
export type { ResizeMode, CoordinateMode, ResizeOptions, ResizeTap, UpsamplingComparison } from './interpolate';
export { phaseSums, overlapPattern, overlapCount, hasUniformOverlap, kernelDivisibleByStride, isCheckerboardFree, checkerboardScore } from './checkerboard';
export type { CheckerboardScore } from './checkerboard';
export { resizeConvolution } from './resizeConv';
export type { ResizeConvOptions } from './resizeConv';
export { pixelShuffle, pixelUnshuffle, subPixelConvolution, subPixelKernel, subPixelConvTranspose } from './pixelShuffle';
export type { SubPixelOptions, EquivalentConvTranspose } from './pixelShuffle';
export { downsample, upsample, nearestUpsample, averagePool, downsampleMatrix, upsampleMatrix, toeplitzMatrix, flipKernel, nearestUpsampleKernel, nearestUpsampleConvTranspose } from './sampling';
export { convTransposeReference } from './convTranspose';
export { convReference } from './conv';
export { fastConvTranspose, fastConv } from './fast/convolution';
export { selectConvTranspose, selectConv } from './fast/select';
export type { FastKernel, KernelChoice } from './fast/select';
export { fastConvGradInput, fastConvGradWeight } from './fast/gradient';
export { zonePlate, smoothImage } from './images';
export { createTrainer } from './train';
export type { Trainer, TrainerOptions, TrainStep, Optimizer } from './train';
export { torchCode, tensorflowCode, kerasCode, onnxCode, tfjsCode, caffeCode } from './frameworks/code';
export type { CodeOptions } from './frameworks/code';
