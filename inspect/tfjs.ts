/**
 * A TensorFlow.js layers model: model.json (format "layers-model": modelTopology, a Keras
 * model config, and weightsManifest, groups of weight files with the specs of the tensors
 * they hold in order) plus its binary weight files (little-endian, concatenated in manifest
 * order; tfjs-core io/types.ts WeightsManifestConfig). The up-sampling layers are Keras's
 * Conv{1,2,3}DTranspose, UpSampling{1,2,3}D and depth-to-space layers (custom classes named
 * DepthToSpace / PixelShuffle / SubPixel...). Kernels are converted to the core's layout:
 * Keras ConvNDTranspose [...k, out, in] -> [in, out, ...k]; ConvND [...k, in, out] -> [out, in, ...k].
 */
import { convGeometry, kerasOutputLength, type Tensor } from '../src/index';
import { checkSize, ModelError, type ConvTransposeLayer, type DepthToSpaceLayer, type ModelSummary, type NeighbourConv, type Progress, type ResizeLayer, type UpLayer } from './model';
import { halfs } from './onnx';

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
}

interface KerasLayer {
  class_name: string;
  config: Record<string, unknown>;
  name?: string;
  inbound_nodes?: unknown[];
}

export interface TfjsModel {
  producer: string;
  layers: KerasLayer[];
  /** Input shape of the first layer ([null, ...]) where the config gives it. */
  inputShape?: (number | null)[];
  /** Whether the model is a Sequential stack (then layer i feeds layer i+1). */
  sequential: boolean;
  weights: Map<string, Float32Array>;
  /** Files the manifest names that were not given. */
  missingFiles: string[];
}

/** The weight files a model.json needs, in manifest order. */
export function weightFiles(json: unknown): string[] {
  const manifest = (json as { weightsManifest?: { paths?: string[] }[] })?.weightsManifest;
  return Array.isArray(manifest) ? manifest.flatMap((g) => (Array.isArray(g.paths) ? g.paths : [])) : [];
}

function checkJson(name: string, json: unknown): { modelTopology: { class_name?: string; config?: unknown; model_config?: { class_name?: string; config?: unknown } }; weightsManifest?: { paths: string[]; weights: WeightSpec[] }[]; generatedBy?: string; convertedBy?: string; format?: string } {
  const j = json as Record<string, unknown>;
  if (!j || typeof j !== 'object' || Array.isArray(j)) throw new ModelError('format', `${name} is not a TF.js model.json (not a JSON object)`);
  if (j.format === 'graph-model' || (j.modelTopology as Record<string, unknown> | undefined)?.node) {
    throw new ModelError('unsupported', `${name} is a TF.js graph model (a converted SavedModel); the inspector reads layers models (tfjs.layers / Keras) and ONNX: convert the SavedModel to ONNX with tf2onnx`);
  }
  if (!j.modelTopology || typeof j.modelTopology !== 'object') throw new ModelError('format', `${name} has no modelTopology: not a TF.js layers model`);
  return j as ReturnType<typeof checkJson>;
}

/** A model.json's text -> its JSON, with a clear message for what is not JSON. */
export function readModelJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ModelError(text.trimStart().startsWith('{') ? 'truncated' : 'format', `${name} is not valid JSON (${(e as Error).message}): ${text.trimStart().startsWith('{') ? 'truncated?' : 'not a TF.js model.json'}`);
  }
}

function decode(spec: WeightSpec, bytes: Uint8Array, offset: number): { values: Float32Array; size: number } {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  const q = spec.quantization;
  const width = q ? (q.dtype === 'uint8' ? 1 : 2) : spec.dtype === 'float32' || spec.dtype === 'int32' ? 4 : 0;
  if (!width) throw new ModelError('unsupported', `weight ${spec.name} has dtype ${spec.dtype}; the inspector reads float32 and int32 weights (quantized uint8/uint16/float16 too)`);
  const size = count * width;
  if (offset + size > bytes.length) throw new ModelError('truncated', `weight ${spec.name} needs bytes ${offset} to ${offset + size}, the weight files hold ${bytes.length}: a weight file is truncated or missing`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, size);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    if (!q) values[i] = spec.dtype === 'int32' ? view.getInt32(4 * i, true) : view.getFloat32(4 * i, true);
    else if (q.dtype === 'float16') values[i] = halfs(bytes.subarray(offset + 2 * i, offset + 2 * i + 2))[0];
    else values[i] = (q.dtype === 'uint8' ? view.getUint8(i) : view.getUint16(2 * i, true)) * (q.scale ?? 1) + (q.min ?? 0);
  }
  return { values, size };
}

/**
 * Reads a layers model: `json` is model.json's parsed content, `files` its weight files by
 * the path the manifest names (only the base name has to match). Missing files are listed
 * in missingFiles (the weights they hold are then unknown); a short file is 'truncated'.
 */
export function parseTfjs(json: unknown, files: Map<string, Uint8Array>, options: { name?: string; onProgress?: Progress } = {}): TfjsModel {
  const name = options.name ?? 'model.json';
  const j = checkJson(name, json);
  const byBase = new Map([...files].map(([path, bytes]) => [path.split('/').pop()!, bytes]));
  let total = 0;
  for (const bytes of files.values()) total += bytes.length;
  checkSize(name, total);
  const weights = new Map<string, Float32Array>();
  const missingFiles: string[] = [];
  const groups = j.weightsManifest ?? [];
  groups.forEach((group, g) => {
    const parts = (group.paths ?? []).map((p) => byBase.get(p.split('/').pop()!));
    const absent = (group.paths ?? []).filter((_, i) => !parts[i]);
    if (absent.length) {
      missingFiles.push(...absent);
      return;
    }
    const bytes = concat(parts as Uint8Array[]);
    let offset = 0;
    for (const spec of group.weights ?? []) {
      const { values, size } = decode(spec, bytes, offset);
      weights.set(spec.name, values);
      offset += size;
    }
    options.onProgress?.((g + 1) / groups.length, 'reading the weights');
  });
  const topology = j.modelTopology.model_config ?? j.modelTopology;
  const config = topology.config as { layers?: KerasLayer[] } | KerasLayer[] | undefined;
  const layers = Array.isArray(config) ? config : config?.layers;
  if (!Array.isArray(layers)) throw new ModelError('format', `${name} has no layers in its modelTopology: not a TF.js layers model`);
  const first = layers[0]?.config ?? {};
  const inputShape = (first.batch_input_shape ?? first.batch_shape) as (number | null)[] | undefined;
  return {
    producer: [j.generatedBy, j.convertedBy].filter(Boolean).join(', ') || 'TensorFlow.js',
    layers, inputShape, sequential: topology.class_name === 'Sequential', weights, missingFiles,
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const perAxis = (v: unknown, rank: number, fallback: number): number[] =>
  Array.isArray(v) ? (v as number[]) : new Array<number>(rank).fill(typeof v === 'number' ? v : fallback);

/** Keras kernel [...k, a, b] -> core [b, a, ...k] (transposed: a=out, b=in -> [in, out, ...k]; conv: a=in, b=out -> [out, in, ...k]). */
function toCore(values: Float32Array, shape: number[]): Tensor {
  const rank = shape.length - 2;
  const k = shape.slice(0, rank);
  const [a, b] = shape.slice(rank);
  const taps = k.reduce((x, y) => x * y, 1);
  const data = new Float64Array(values.length);
  for (let t = 0; t < taps; t++) {
    for (let i = 0; i < a; i++) for (let o = 0; o < b; o++) data[(o * a + i) * taps + t] = values[(t * a + i) * b + o];
  }
  return { shape: [b, a, ...k], data };
}

function weightOf(model: TfjsModel, layer: string, part: string): { values: Float32Array; name: string } | undefined {
  for (const [name, values] of model.weights) {
    const tail = name.split('/');
    if (tail[tail.length - 1].startsWith(part) && (name.startsWith(`${layer}/`) || tail[tail.length - 2] === layer) ) return { values, name };
  }
  return undefined;
}

function layerName(l: KerasLayer): string {
  return (l.config.name as string) ?? l.name ?? l.class_name;
}

/** Keras layer rank from its class name: Conv2DTranspose -> 2. */
function rankOf(cls: string): number {
  return Number(/(\d)D/.exec(cls)?.[1] ?? 2);
}

/** channels_last [N, ...S, C] -> [N, C, ...S] (the core's order). */
function channelsFirst(shape: (number | null)[] | undefined, format: unknown): (number | null)[] | undefined {
  if (!shape) return undefined;
  if (format === 'channels_first' || format === 'channelsFirst') return shape;
  return [shape[0], shape[shape.length - 1], ...shape.slice(1, -1)];
}

function spatialKnown(shape: (number | null)[] | undefined): shape is (number | null)[] {
  return !!shape && shape.slice(1).every((v) => v !== null);
}

const IS_DEPTH_TO_SPACE = /depth.?to.?space|pixel.?shuffle|sub.?pixel/i;

function kernelShape(model: TfjsModel, l: KerasLayer, rank: number, transposed: boolean): { weight?: Tensor; bias?: Tensor; shape?: number[] } {
  const name = layerName(l);
  const w = weightOf(model, name, 'kernel');
  const b = weightOf(model, name, 'bias');
  const k = perAxis(l.config.kernel_size, rank, 1);
  const filters = l.config.filters as number;
  if (!w) return {};
  const inner = w.values.length / (k.reduce((x, y) => x * y, 1) * filters);
  const shape = transposed ? [...k, filters, inner] : [...k, inner, filters];
  return { weight: toCore(w.values, shape), bias: b ? { shape: [b.values.length], data: Float64Array.from(b.values) } : undefined, shape };
}

/** The model summary: its up-sampling layers, in order, with their weights in the core's layout. */
export function tfjsSummary(model: TfjsModel, name: string): ModelSummary {
  const types: Record<string, number> = {};
  const layers: UpLayer[] = [];
  const notes: string[] = [];
  // Shapes in the core's order [N, C, ...S], walked through a Sequential stack.
  let shape = model.sequential ? channelsFirst(model.inputShape, model.layers[0]?.config.data_format) : undefined;
  const all = model.layers;
  all.forEach((l, index) => {
    types[l.class_name] = (types[l.class_name] ?? 0) + 1;
    const cls = l.class_name;
    const rank = rankOf(cls);
    const inputShape = shape;
    const base = {
      name: layerName(l), type: cls, index, count: all.length,
      before: model.sequential && index > 0 ? [layerName(all[index - 1])] : inboundOf(l),
      after: model.sequential && index + 1 < all.length ? [layerName(all[index + 1])] : all.filter((m) => inboundOf(m).includes(layerName(l))).map(layerName),
      inputShape,
    };
    if (index === 0 && cls === 'InputLayer') shape = channelsFirst((l.config.batch_input_shape ?? l.config.batch_shape) as (number | null)[], l.config.data_format);
    if (/^Conv[123]DTranspose$/.test(cls)) {
      const { weight, bias } = kernelShape(model, l, rank, true);
      const keras = {
        kernel_size: perAxis(l.config.kernel_size, rank, 1), strides: perAxis(l.config.strides, rank, 1),
        padding: (l.config.padding === 'same' ? 'same' : 'valid') as 'same' | 'valid',
        output_padding: l.config.output_padding == null ? null : perAxis(l.config.output_padding, rank, 0),
        dilation_rate: perAxis(l.config.dilation_rate, rank, 1),
      };
      const layer: ConvTransposeLayer = {
        kind: 'convTranspose', ...base, weight, bias, kernel: keras.kernel_size, keras,
        inChannels: weight?.shape[0] ?? (inputShape?.[1] ?? undefined), outChannels: l.config.filters as number,
      };
      if (!weight) layer.missing = model.missingFiles.length ? `its weights are in ${model.missingFiles.join(', ')}, which was not given` : `model.json lists no kernel for ${layerName(l)}`;
      layers.push(layer);
    } else if (/^UpSampling[123]D$/.test(cls)) {
      const factor = perAxis(l.config.size, rank, 2);
      const next = model.sequential ? all[index + 1] : all.find((m) => inboundOf(m).includes(layerName(l)));
      const layer: ResizeLayer = {
        kind: 'resize', ...base, factor, scales: factor, mode: (l.config.interpolation as string) ?? 'nearest',
        coordinates: 'asymmetric', conv: next ? neighbour(model, next, shapeAfter(shape, factor)) : undefined,
      };
      layers.push(layer);
    } else if (IS_DEPTH_TO_SPACE.test(cls)) {
      const block = Number(l.config.block_size ?? l.config.scale ?? l.config.upscale_factor ?? l.config.r ?? 2);
      const prev = model.sequential ? all[index - 1] : all.find((m) => base.before.includes(layerName(m)));
      const layer: DepthToSpaceLayer = {
        kind: 'depthToSpace', ...base, block, order: 'DCR', conv: prev ? neighbour(model, prev, undefined) : undefined,
      };
      if (!layer.conv) layer.missing = 'no stride-1 Conv with weights right before it, so its sub-pixel kernel is unknown';
      layers.push(layer);
    }
    if (cls !== 'InputLayer') shape = nextShape(l, shape, rank);
    const last = layers[layers.length - 1];
    if (last && last.index === index) last.outputShape = shape;
  });
  if (model.missingFiles.length) notes.push(`Weight file(s) ${model.missingFiles.join(', ')} named by model.json were not given: only the layers' geometry can be inspected. Choose model.json together with its .bin files.`);
  if (!model.sequential) notes.push('A functional model: input and output sizes are given for the first layer only.');
  return { format: 'tfjs', name, producer: model.producer, count: all.length, types, layers, notes };
}

function inboundOf(l: KerasLayer): string[] {
  const nodes = l.inbound_nodes as unknown[] | undefined;
  if (!Array.isArray(nodes)) return [];
  const names: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      if (typeof v[0] === 'string') names.push(v[0]);
      else v.forEach(walk);
    } else if (v && typeof v === 'object' && Array.isArray((v as { args?: unknown }).args)) walk((v as { args: unknown[] }).args);
    else if (v && typeof v === 'object' && (v as { config?: { keras_history?: unknown[] } }).config?.keras_history) names.push((v as { config: { keras_history: string[] } }).config.keras_history[0]);
  };
  walk(nodes);
  return names;
}

function shapeAfter(shape: (number | null)[] | undefined, factor: number[]): (number | null)[] | undefined {
  return shape ? shape.map((v, a) => (a < 2 || v === null ? v : v * factor[a - 2])) : undefined;
}

/** A stride-1 ConvND with weights: the convolution of a resize-convolution or sub-pixel convolution. */
function neighbour(model: TfjsModel, l: KerasLayer, inputShape: (number | null)[] | undefined): NeighbourConv | undefined {
  if (!/^Conv[123]D$/.test(l.class_name)) return undefined;
  const rank = rankOf(l.class_name);
  const strides = perAxis(l.config.strides, rank, 1);
  if (strides.some((s) => s !== 1) || perAxis(l.config.dilation_rate, rank, 1).some((d) => d !== 1)) return undefined;
  const { weight, bias } = kernelShape(model, l, rank, false);
  if (!weight) return undefined;
  const k = weight.shape.slice(2);
  const spatial = spatialKnown(inputShape) ? (inputShape.slice(2) as number[]) : k.map((v) => 2 * v);
  const g = convGeometry('inspect', spatial, k, { autoPad: l.config.padding === 'same' ? 'SAME_UPPER' : 'VALID' });
  return { name: layerName(l), weight, bias, pads: [...g.padsBegin, ...g.padsEnd], strides, groups: 1 };
}

/** The output shape of a layer in a Sequential stack, where the inspector knows the layer. */
function nextShape(l: KerasLayer, shape: (number | null)[] | undefined, rank: number): (number | null)[] | undefined {
  if (!spatialKnown(shape)) return undefined;
  const cls = l.class_name;
  const spatial = shape.slice(2) as number[];
  if (/^Conv[123]DTranspose$/.test(cls)) {
    const padding = l.config.padding === 'same' ? 'same' : 'valid';
    const k = perAxis(l.config.kernel_size, rank, 1);
    const s = perAxis(l.config.strides, rank, 1);
    const d = perAxis(l.config.dilation_rate, rank, 1);
    const op = l.config.output_padding == null ? null : perAxis(l.config.output_padding, rank, 0);
    return [shape[0], l.config.filters as number, ...spatial.map((n, a) => kerasOutputLength(n, k[a], s[a], d[a], padding, op ? op[a] : null))];
  }
  if (/^Conv[123]D$/.test(cls)) {
    const k = perAxis(l.config.kernel_size, rank, 1);
    const g = convGeometry('inspect', spatial, k, { strides: perAxis(l.config.strides, rank, 1), dilations: perAxis(l.config.dilation_rate, rank, 1), autoPad: l.config.padding === 'same' ? 'SAME_UPPER' : 'VALID' });
    return [shape[0], l.config.filters as number, ...g.outShape];
  }
  if (/^UpSampling[123]D$/.test(cls)) return shapeAfter(shape, perAxis(l.config.size, rank, 2));
  if (IS_DEPTH_TO_SPACE.test(cls)) {
    const r = Number(l.config.block_size ?? l.config.scale ?? l.config.upscale_factor ?? l.config.r ?? 2);
    return [shape[0], (shape[1] as number) / r ** spatial.length, ...spatial.map((n) => n * r)];
  }
  if (['Activation', 'BatchNormalization', 'Dropout', 'LeakyReLU', 'ReLU', 'PReLU', 'ELU', 'Softmax', 'LayerNormalization'].includes(cls)) return shape;
  return undefined;
}
