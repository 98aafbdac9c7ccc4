/**
 * The frameworks, in the order the calculator lists them. Adding a framework: one file
 * exporting a `FrameworkSpec` (see framework.ts and CONTRIBUTING.md) and one line here.
 */
import { caffe } from './caffe';
import { framework, type Framework } from './framework';
import { keras } from './keras';
import { onnx } from './onnx';
import { tensorflow } from './tensorflow';
import { tfjs } from './tfjs';
import { torch } from './torch';

export const FRAMEWORKS: readonly Framework[] = [
  framework(torch),
  framework(tensorflow),
  framework(keras),
  framework(onnx),
  framework(tfjs),
  framework(caffe),
];

/** The registry entry with this id, or undefined. */
export function frameworkById(id: string): Framework | undefined {
  return FRAMEWORKS.find((f) => f.id === id);
}
