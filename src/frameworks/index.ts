/**
 * Framework conventions: every adapter maps a framework's own arguments to the core's
 * canonical (ONNX) form with `from<Framework>`, and back with `to<Framework>`, which also
 * says whether the framework can reproduce the same numbers exactly.
 */
export { resolve } from './common';
export type { Canonical, Resolved, Translation } from './common';
export { fromTorch, toTorch } from './torch';
export type { TorchArgs } from './torch';
export { fromTensorFlow, toTensorFlow } from './tensorflow';
export type { TensorFlowArgs, TfPadding } from './tensorflow';
export { fromKeras, toKeras, kerasOutputLength } from './keras';
export type { KerasArgs } from './keras';
export { fromOnnx, toOnnx, onnxOptions } from './onnx';
export type { OnnxAttrs } from './onnx';
export { fromTfjs, toTfjs } from './tfjs';
export type { TfjsArgs, TfjsPad } from './tfjs';
export { fromCaffe, toCaffe } from './caffe';
export type { CaffeArgs } from './caffe';
export { FRAMEWORKS, frameworkById } from './registry';
export { framework } from './framework';
export type {
  Argument, Checked, Example, Field, FieldValue, FieldValues, Framework, FrameworkSpec, Rendered,
} from './framework';
