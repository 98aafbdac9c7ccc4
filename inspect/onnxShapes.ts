/**
 * Tensor shapes through an ONNX graph, for the exporters (PyTorch among them) that record
 * only the graph's inputs and outputs: walks the nodes in their (topological) order and
 * gives each output a shape where the operator is one the inspector knows. Convolution sizes
 * come from the core's shape module (convInfo / convTransposeInfo); the rest keeps, sums or
 * scales dimensions as the ONNX operator documentation says. A symbolic batch stays null.
 */
import { convInfo, convOutputShape, convTransposeInfo, convTransposeOutputShape, type ConvTransposeOptions } from '../src/index';
import { tensorValues, type OnnxModel, type OnnxNode, type OnnxTensor } from './onnx';

export type Shape = (number | null)[];

/** Operators whose output has the shape of their first input. */
const SAME = new Set([
  'Relu', 'LeakyRelu', 'PRelu', 'Tanh', 'Sigmoid', 'Elu', 'Selu', 'HardSigmoid', 'HardSwish', 'Softplus', 'Clip', 'Identity',
  'Dropout', 'BatchNormalization', 'InstanceNormalization', 'LayerNormalization', 'Softmax', 'LogSoftmax', 'Neg', 'Abs',
  'Exp', 'Log', 'Sqrt', 'Cast', 'Erf', 'Gelu', 'Mish',
]);
const BROADCAST = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum']);

function attrs(node: OnnxNode): ConvTransposeOptions {
  const a = node.attributes;
  const o: ConvTransposeOptions = {};
  if (Array.isArray(a.strides)) o.strides = a.strides as number[];
  if (Array.isArray(a.pads)) o.pads = a.pads as number[];
  if (Array.isArray(a.dilations)) o.dilations = a.dilations as number[];
  if (typeof a.group === 'number') o.groups = a.group;
  if (Array.isArray(a.output_padding)) o.outputPadding = a.output_padding as number[];
  if (Array.isArray(a.output_shape)) o.outputShape = a.output_shape as number[];
  if (typeof a.auto_pad === 'string' && a.auto_pad !== 'NOTSET') o.autoPad = a.auto_pad as ConvTransposeOptions['autoPad'];
  return o;
}

/** A batch of null is computed as 1 and given back as null. */
function withBatch(x: Shape, run: (x: number[]) => number[]): Shape | undefined {
  if (x.slice(1).some((v) => v === null)) return undefined;
  const out: Shape = run([x[0] ?? 1, ...(x.slice(1) as number[])]);
  if (x[0] === null) out[0] = null;
  return out;
}

function values(constants: Map<string, OnnxTensor>, name: string | undefined): number[] | undefined {
  const t = name ? constants.get(name) : undefined;
  if (!t) return undefined;
  try {
    return Array.from(tensorValues(t));
  } catch {
    return undefined;
  }
}

function outputShape(node: OnnxNode, inputs: (Shape | undefined)[], constants: Map<string, OnnxTensor>, opset: number): Shape | undefined {
  const [x, w] = inputs;
  if (SAME.has(node.opType)) return x;
  if (BROADCAST.has(node.opType)) return inputs.reduce<Shape | undefined>((a, b) => (b && (!a || b.length > a.length) ? b : a), undefined);
  if (!x) return undefined;
  switch (node.opType) {
    case 'Conv':
      return w && w.every((v) => v !== null) ? withBatch(x, (s) => convOutputShape(convInfo('inspect', s, w as number[], attrs(node)))) : undefined;
    case 'ConvTranspose':
      return w && w.every((v) => v !== null) ? withBatch(x, (s) => convTransposeOutputShape(convTransposeInfo('inspect', s, w as number[], attrs(node)))) : undefined;
    case 'Concat': {
      const axis = (node.attributes.axis as number) < 0 ? x.length + (node.attributes.axis as number) : (node.attributes.axis as number);
      if (inputs.some((s) => !s || s[axis] === null)) return undefined;
      return x.map((v, a) => (a === axis ? inputs.reduce((sum, s) => sum + (s![a] as number), 0) : v));
    }
    case 'DepthToSpace': {
      const r = node.attributes.blocksize as number;
      return x.map((v, a) => (v === null || a === 0 ? v : a === 1 ? v / (r * r) : v * r));
    }
    case 'Resize':
    case 'Upsample': {
      const later = node.opType === 'Resize' && opset >= 11;
      const scales = node.opType === 'Upsample' && opset < 9 ? (node.attributes.scales as number[] | undefined) : values(constants, node.inputs[later ? 2 : 1]);
      if (scales && scales.length === x.length) return x.map((v, a) => (v === null ? null : Math.floor(v * scales[a])));
      const sizes = later ? values(constants, node.inputs[3]) : undefined;
      return sizes && sizes.length === x.length ? sizes : undefined;
    }
    default:
      return undefined;
  }
}

/** Every tensor's shape the file records or the walk infers, by tensor name. */
export function inferShapes(model: OnnxModel, constants: Map<string, OnnxTensor>): Map<string, Shape> {
  const shapes = new Map<string, Shape>();
  for (const [name, info] of model.shapes) if (info.dims) shapes.set(name, info.dims);
  for (const [name, t] of constants) shapes.set(name, t.dims);
  for (const node of model.nodes) {
    if (shapes.has(node.outputs[0])) continue;
    try {
      const shape = outputShape(node, node.inputs.map((i) => shapes.get(i)), constants, model.opset ?? 1);
      if (shape) shapes.set(node.outputs[0], shape);
    } catch {
      // A node the core refuses (inconsistent file): its size stays unknown.
    }
  }
  return shapes;
}
