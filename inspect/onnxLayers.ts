/**
 * The up-sampling layers of an ONNX graph (ConvTranspose, Resize, Upsample, DepthToSpace),
 * with their weights in the core's layout and their neighbours: the Conv feeding a
 * DepthToSpace (together a sub-pixel convolution, Shi et al. 2016) and the Conv after a Resize
 * (together a resize-convolution, Odena et al. 2016). Attribute defaults are the ONNX
 * operator documentation's (onnx/docs/Operators.md).
 */
import type { Tensor } from '../src/index';
import type { ConvTransposeLayer, DepthToSpaceLayer, ModelSummary, NeighbourConv, ResizeLayer, UpLayer } from './model';
import { tensorValues, type OnnxModel, type OnnxNode, type OnnxTensor } from './onnx';
import { inferShapes, type Shape } from './onnxShapes';

const UP_TYPES = ['ConvTranspose', 'Resize', 'Upsample', 'DepthToSpace'];

interface Graph {
  model: OnnxModel;
  /** Constants: initializers and Constant nodes' values, by tensor name. */
  constants: Map<string, OnnxTensor>;
  producer: Map<string, { node: OnnxNode; index: number }>;
  consumers: Map<string, { node: OnnxNode; index: number }[]>;
  graphInputs: Set<string>;
  shapes: Map<string, Shape>;
}

function label(node: OnnxNode, index: number): string {
  return node.name || `${node.opType}_${index}`;
}

function graphOf(model: OnnxModel): Graph {
  const constants = new Map(model.initializers);
  const producer = new Map<string, { node: OnnxNode; index: number }>();
  const consumers = new Map<string, { node: OnnxNode; index: number }[]>();
  model.nodes.forEach((node, index) => {
    if (node.opType === 'Constant' && typeof node.attributes.value === 'object' && !Array.isArray(node.attributes.value)) {
      constants.set(node.outputs[0], node.attributes.value as OnnxTensor);
    }
    for (const out of node.outputs) producer.set(out, { node, index });
    for (const input of node.inputs) {
      if (!input) continue;
      if (!consumers.has(input)) consumers.set(input, []);
      consumers.get(input)!.push({ node, index });
    }
  });
  return { model, constants, producer, consumers, graphInputs: new Set(model.inputs.map((i) => i.name)), shapes: inferShapes(model, constants) };
}

function constant(g: Graph, name: string | undefined): Tensor | undefined {
  const t = name ? g.constants.get(name) : undefined;
  return t ? { shape: [...t.dims], data: tensorValues(t) } : undefined;
}

function ints(node: OnnxNode, name: string): number[] | undefined {
  const v = node.attributes[name];
  return Array.isArray(v) ? (v as number[]) : undefined;
}

function str(node: OnnxNode, name: string, fallback: string): string {
  const v = node.attributes[name];
  return typeof v === 'string' ? v : fallback;
}

function num(node: OnnxNode, name: string, fallback: number): number {
  const v = node.attributes[name];
  return typeof v === 'number' ? v : fallback;
}

function shapeOf(g: Graph, name: string): (number | null)[] | undefined {
  return g.shapes.get(name);
}

function missingWeight(g: Graph, name: string): string {
  return g.graphInputs.has(name)
    ? `the weight ${name} is a graph input, not stored in the file (export with the weights, e.g. torch.onnx.export(..., export_params=True))`
    : `the weight ${name} is computed in the graph, not stored as a constant`;
}

function base(g: Graph, node: OnnxNode, index: number) {
  const before = node.inputs.map((i) => g.producer.get(i)).filter((p) => p !== undefined && p.node.opType !== 'Constant').map((p) => label(p!.node, p!.index));
  const after = node.outputs.flatMap((o) => g.consumers.get(o) ?? []).map((c) => label(c.node, c.index));
  return {
    name: label(node, index), type: node.opType, index, count: g.model.nodes.length, before, after,
    inputShape: shapeOf(g, node.inputs[0]), outputShape: shapeOf(g, node.outputs[0]),
  };
}

function convTransposeLayer(g: Graph, node: OnnxNode, index: number): ConvTransposeLayer {
  const weight = constant(g, node.inputs[1]);
  const bias = constant(g, node.inputs[2]);
  const group = num(node, 'group', 1);
  const kernel = ints(node, 'kernel_shape') ?? weight?.shape.slice(2) ?? shapeOf(g, node.inputs[1])?.slice(2).map((v) => v ?? 0) ?? [];
  const onnx: ConvTransposeLayer['onnx'] = {};
  for (const key of ['strides', 'pads', 'dilations', 'output_padding', 'output_shape'] as const) {
    const v = ints(node, key);
    if (v) onnx[key] = v;
  }
  if (group !== 1) onnx.group = group;
  const autoPad = str(node, 'auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET') onnx.auto_pad = autoPad as 'VALID';
  const layer: ConvTransposeLayer = {
    kind: 'convTranspose', ...base(g, node, index), weight, bias, kernel, onnx,
    inChannels: weight?.shape[0], outChannels: weight ? weight.shape[1] * group : undefined,
  };
  if (!weight) layer.missing = missingWeight(g, node.inputs[1]);
  return layer;
}

/** The Conv right before/after a node, if it is a plain stride-1 convolution with stored weights. */
function neighbourConv(g: Graph, node: OnnxNode | undefined, index: number): NeighbourConv | undefined {
  if (!node || node.opType !== 'Conv') return undefined;
  const weight = constant(g, node.inputs[1]);
  const strides = ints(node, 'strides') ?? [];
  const rank = weight ? weight.shape.length - 2 : 0;
  if (!weight || strides.some((s) => s !== 1) || str(node, 'auto_pad', 'NOTSET') !== 'NOTSET' || (ints(node, 'dilations') ?? []).some((d) => d !== 1)) return undefined;
  return {
    name: label(node, index), weight, bias: constant(g, node.inputs[2]), pads: ints(node, 'pads') ?? new Array<number>(2 * rank).fill(0),
    strides: new Array<number>(rank).fill(1), groups: num(node, 'group', 1),
  };
}

function resizeLayer(g: Graph, node: OnnxNode, index: number, opset: number): ResizeLayer {
  const b = base(g, node, index);
  // Upsample-7: scales attribute; Upsample-9 and Resize-10: input 1; Resize-11+: roi 1, scales 2, sizes 3.
  const newResize = node.opType === 'Resize' && opset >= 11;
  let scales = node.opType === 'Upsample' && opset < 9 ? (node.attributes.scales as number[] | undefined) : undefined;
  const scaleName = newResize ? node.inputs[2] : node.inputs[1];
  scales ??= constant(g, scaleName) ? Array.from(constant(g, scaleName)!.data) : undefined;
  if (scales && scales.length === 0) scales = undefined;
  const sizes = newResize ? constant(g, node.inputs[3]) : undefined;
  if (!scales && sizes && b.inputShape?.every((v) => v !== null)) {
    scales = Array.from(sizes.data, (v, a) => v / (b.inputShape![a] as number));
  }
  const spatial = scales?.slice(2);
  const factor = spatial && spatial.every((s) => Number.isInteger(s) && s >= 1) ? spatial : undefined;
  const mode = str(node, 'mode', 'nearest');
  const coordinates = newResize ? str(node, 'coordinate_transformation_mode', 'half_pixel') : 'asymmetric';
  const next = g.consumers.get(node.outputs[0]) ?? [];
  const layer: ResizeLayer = {
    kind: 'resize', ...b, factor, scales: spatial, mode, coordinates,
    conv: next.length === 1 ? neighbourConv(g, next[0].node, next[0].index) : undefined,
  };
  if (!spatial) layer.missing = 'its scales are computed in the graph (not a constant), so the factor is unknown';
  return layer;
}

function depthToSpaceLayer(g: Graph, node: OnnxNode, index: number): DepthToSpaceLayer {
  const prev = g.producer.get(node.inputs[0]);
  const layer: DepthToSpaceLayer = {
    kind: 'depthToSpace', ...base(g, node, index), block: num(node, 'blocksize', 1),
    order: str(node, 'mode', 'DCR') === 'CRD' ? 'CRD' : 'DCR',
    conv: prev ? neighbourConv(g, prev.node, prev.index) : undefined,
  };
  if (!layer.conv) layer.missing = 'no stride-1 Conv with stored weights right before it, so its sub-pixel kernel is unknown';
  return layer;
}

/** The model summary with its up-sampling layers, in graph order. */
export function onnxSummary(model: OnnxModel, name: string): ModelSummary {
  const g = graphOf(model);
  const opset = model.opset ?? 1;
  const types: Record<string, number> = {};
  const layers: UpLayer[] = [];
  model.nodes.forEach((node, index) => {
    types[node.opType] = (types[node.opType] ?? 0) + 1;
    if (!UP_TYPES.includes(node.opType) || (node.domain !== '' && node.domain !== 'ai.onnx')) return;
    if (node.opType === 'ConvTranspose') layers.push(convTransposeLayer(g, node, index));
    else if (node.opType === 'DepthToSpace') layers.push(depthToSpaceLayer(g, node, index));
    else layers.push(resizeLayer(g, node, index, opset));
  });
  const notes: string[] = [];
  if (model.initializers.size === 0 && ![...g.constants.values()].some((t) => t.dims.length >= 3)) {
    notes.push('The file holds no weights (no initializers): only the layers\' geometry can be inspected. Export it with its parameters (torch.onnx.export(..., export_params=True)).');
  }
  if (layers.some((l) => !l.inputShape)) notes.push('Some input sizes are unknown (the file records no shape for them and the inspector could not infer one): those layers are analysed on a test input of its own size.');
  return { format: 'onnx', name, producer: model.producer, opset: model.opset, count: model.nodes.length, types, layers, notes };
}
