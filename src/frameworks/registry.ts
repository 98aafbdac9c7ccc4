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

/**
 * Every framework's registry entry (PyTorch, TensorFlow, Keras, ONNX, TensorFlow.js, Caffe), in the
 * calculator's order; `checked` says whether the tests run each one's generated code ('executed')
 * or check it as text against the framework's documented formulas ('text').
 *
 * @example
 * import { FRAMEWORKS } from 'deconv';
 * console.log(FRAMEWORKS.map((f) => f.id)); // => ["torch","tensorflow","keras","onnx","tfjs","caffe"]
 * // PyTorch and ONNX run here (python3-torch, onnx + onnxruntime); TF.js in Node.
 * console.log(FRAMEWORKS.filter((f) => f.checked === 'executed').map((f) => f.label)); // => ["PyTorch","ONNX","TF.js"]
 */
export const FRAMEWORKS: readonly Framework[] = [
  framework(torch),
  framework(tensorflow),
  framework(keras),
  framework(onnx),
  framework(tfjs),
  framework(caffe),
];

/**
 * The registry entry with this id (FRAMEWORKS' `id`, the calculator's `fw` value), or undefined.
 * Never throws.
 *
 * @example
 * import { frameworkById } from 'deconv';
 * const torch = frameworkById('torch');
 * console.log(torch?.label, torch?.ranks); // => PyTorch [1,2,3]
 * // translate: canonical (ONNX) options -> PyTorch's arguments, as toTorch.
 * console.log(torch?.translate({ strides: 2, pads: [1, 1], outputPadding: [1] }, [3], [3]).translation.args); // => {"kernel_size":[3],"stride":[2],"padding":[1],"output_padding":[1],"dilation":[1],"groups":1}
 * console.log(String(frameworkById('mxnet'))); // => undefined
 */
export function frameworkById(id: string): Framework | undefined {
  return FRAMEWORKS.find((f) => f.id === id);
}
