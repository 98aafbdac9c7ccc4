/**
 * Copyable code for every framework. Each generator lives with its framework's adapter
 * (src/frameworks/<framework>.ts) and is listed in the registry; this module keeps the names
 * the site, snippets and notebooks import. The PyTorch and ONNX code carries the example's x
 * and w and asserts the output the core computes; the tests run it (test/frameworkSweep.test.ts).
 */
export { caffeCode } from './caffe';
export { kerasCode } from './keras';
export { onnxCode } from './onnx';
export { tensorflowCode } from './tensorflow';
export { tfjsCode } from './tfjs';
export { torchCode } from './torch';
export { patternValue } from './text';
export type { CodeOptions } from './text';
