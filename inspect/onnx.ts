/**
 * An ONNX file (a serialized ModelProto, onnx/onnx.proto) read with the wire-format reader in
 * protobuf.ts: graph nodes and their attributes, initializers (raw_data, float_data,
 * double_data, int64_data; tensors kept in external files are refused), value_info shapes and
 * the opset. Field numbers are onnx.proto's:
 *   ModelProto      ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8
 *   OperatorSetId   domain 1, version 2
 *   GraphProto      node 1, name 2, initializer 5, input 11, output 12, value_info 13
 *   NodeProto       input 1, output 2, name 3, op_type 4, attribute 5, domain 7
 *   AttributeProto  name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, strings 9, type 20
 *   TensorProto     dims 1, data_type 2, float_data 4, int32_data 5, int64_data 7, name 8,
 *                   raw_data 9, double_data 10, external_data 13, data_location 14
 *   ValueInfoProto  name 1, type 2; TypeProto tensor_type 1; Tensor elem_type 1, shape 2;
 *   TensorShapeProto dim 1; Dimension dim_value 1, dim_param 2
 * Weights are decoded only for the layers the inspector looks at; the rest stay as views.
 */
import { checkSize, ModelError, type Progress } from './model';
import { float32s, float64s, floats, ints, Reader, text, type Field } from './protobuf';

/** ONNX TensorProto.DataType values the inspector decodes. */
export const ONNX_FLOAT = 1;
export const ONNX_INT32 = 6;
export const ONNX_INT64 = 7;
export const ONNX_FLOAT16 = 10;
export const ONNX_DOUBLE = 11;

/** Default-domain opsets whose up-sampling operators the inspector knows (ConvTranspose 1/11, Upsample 7/9, Resize 10-19, DepthToSpace 1/11/13). */
export const MIN_OPSET = 7;
export const MAX_OPSET = 22;

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  /** Where the values are: raw bytes (a view), typed fields, or an external file. */
  raw?: Uint8Array;
  floatData?: number[];
  doubleData?: number[];
  intData?: number[];
  external?: string;
}

export type OnnxAttribute = number | string | number[] | string[] | OnnxTensor;

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, OnnxAttribute>;
}

export interface OnnxValueInfo {
  name: string;
  elemType: number;
  /** Dimension sizes; null where the file gives a symbol (e.g. "batch") or nothing. */
  dims?: (number | null)[];
}

export interface OnnxModel {
  irVersion: number;
  producer: string;
  /** Default-domain ("" or "ai.onnx") opset. */
  opset?: number;
  graphName: string;
  nodes: OnnxNode[];
  initializers: Map<string, OnnxTensor>;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** Every shape the file records: inputs, outputs and value_info. */
  shapes: Map<string, OnnxValueInfo>;
}

function tensorOf(r: Reader): OnnxTensor {
  const t: OnnxTensor = { name: '', dims: [], dataType: 0 };
  let external = false;
  const location: string[] = [];
  while (!r.done) {
    const f = r.field();
    switch (f.number) {
      case 1: ints(r, f, t.dims); break;
      case 2: t.dataType = f.value; break;
      case 4: floats(r, f, (t.floatData ??= [])); break;
      case 5: ints(r, f, (t.intData ??= [])); break;
      case 7: ints(r, f, (t.intData ??= [])); break;
      case 8: t.name = text(r, f); break;
      case 9: t.raw = r.bytes.subarray(f.start, f.end); break;
      case 10: for (const v of float64s(r.bytes, f.start, f.end)) (t.doubleData ??= []).push(v); break;
      case 13: location.push(entryOf(r.sub(f, 'an external-data entry'))); break;
      case 14: external = f.value === 1; break;
      default: break;
    }
  }
  if (external || location.length) t.external = location.join(', ') || 'an external file';
  return t;
}

/** StringStringEntryProto (key 1, value 2) as "key=value". */
function entryOf(r: Reader): string {
  let key = '';
  let value = '';
  while (!r.done) {
    const f = r.field();
    if (f.number === 1) key = text(r, f);
    if (f.number === 2) value = text(r, f);
  }
  return `${key}=${value}`;
}

function attributeOf(r: Reader): [string, OnnxAttribute | undefined] {
  let name = '';
  let type = 0;
  const values: { f?: number; i?: number; s?: string; t?: OnnxTensor; floats: number[]; ints: number[]; strings: string[] } = { floats: [], ints: [], strings: [] };
  while (!r.done) {
    const f = r.field();
    switch (f.number) {
      case 1: name = text(r, f); break;
      case 2: values.f = new DataView(r.bytes.buffer, r.bytes.byteOffset + f.start, 4).getFloat32(0, true); break;
      case 3: values.i = f.value; break;
      case 4: values.s = text(r, f); break;
      case 5: values.t = tensorOf(r.sub(f, 'an attribute tensor')); break;
      case 7: floats(r, f, values.floats); break;
      case 8: ints(r, f, values.ints); break;
      case 9: values.strings.push(text(r, f)); break;
      case 20: type = f.value; break;
      default: break;
    }
  }
  // AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4, FLOATS 6, INTS 7, STRINGS 8.
  const byType: Record<number, OnnxAttribute | undefined> = {
    1: values.f, 2: values.i, 3: values.s, 4: values.t, 6: values.floats, 7: values.ints, 8: values.strings,
  };
  return [name, byType[type] ?? values.i ?? values.f ?? values.s ?? values.t ?? (values.ints.length ? values.ints : values.floats.length ? values.floats : undefined)];
}

function nodeOf(r: Reader): OnnxNode {
  const node: OnnxNode = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: {} };
  while (!r.done) {
    const f = r.field();
    switch (f.number) {
      case 1: node.inputs.push(text(r, f)); break;
      case 2: node.outputs.push(text(r, f)); break;
      case 3: node.name = text(r, f); break;
      case 4: node.opType = text(r, f); break;
      case 5: {
        const [name, value] = attributeOf(r.sub(f, 'a node attribute'));
        if (value !== undefined) node.attributes[name] = value;
        break;
      }
      case 7: node.domain = text(r, f); break;
      default: break;
    }
  }
  return node;
}

function valueInfoOf(r: Reader): OnnxValueInfo {
  const info: OnnxValueInfo = { name: '', elemType: 0 };
  while (!r.done) {
    const f = r.field();
    if (f.number === 1) info.name = text(r, f);
    if (f.number !== 2) continue;
    // TypeProto -> tensor_type (1) -> elem_type (1), shape (2) -> dim (1) -> dim_value (1) | dim_param (2)
    const type = r.sub(f, 'a value type');
    while (!type.done) {
      const tf = type.field();
      if (tf.number !== 1) continue;
      const tensor = type.sub(tf, 'a tensor type');
      while (!tensor.done) {
        const g = tensor.field();
        if (g.number === 1) info.elemType = g.value;
        if (g.number !== 2) continue;
        info.dims = [];
        const shape = tensor.sub(g, 'a tensor shape');
        while (!shape.done) {
          const d = shape.field();
          if (d.number !== 1) continue;
          const dim = shape.sub(d, 'a dimension');
          let size: number | null = null;
          while (!dim.done) {
            const e = dim.field();
            if (e.number === 1) size = e.value;
          }
          info.dims.push(size);
        }
      }
    }
  }
  return info;
}

/**
 * Reads an ONNX model from its bytes. Throws ModelError: 'size' (over MAX_MODEL_BYTES),
 * 'format' (not a protobuf ModelProto: JSON, zip, random bytes), 'truncated', 'external'
 * (weights in external files), 'opset' (outside MIN_OPSET..MAX_OPSET).
 * onProgress(fraction, stage) is called as the graph's fields are read.
 */
export function parseOnnx(bytes: Uint8Array, options: { name?: string; onProgress?: Progress } = {}): OnnxModel {
  const name = options.name ?? 'the file';
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`parseOnnx: bytes=${Object.prototype.toString.call(bytes)} must be a Uint8Array`);
  checkSize(name, bytes.length);
  sniff(name, bytes);
  const model: OnnxModel = {
    irVersion: 0, producer: '', graphName: '', nodes: [], initializers: new Map(), inputs: [], outputs: [], shapes: new Map(),
  };
  const r = new Reader(bytes, 0, bytes.length, 'the model');
  let graph: Field | undefined;
  let producerVersion = '';
  while (!r.done) {
    const f = r.field();
    switch (f.number) {
      case 1: model.irVersion = f.value; break;
      case 2: model.producer = text(r, f); break;
      case 3: producerVersion = text(r, f); break;
      case 7: graph = f; break;
      case 8: {
        const set = r.sub(f, 'an opset import');
        let domain = '';
        let version = 0;
        while (!set.done) {
          const g = set.field();
          if (g.number === 1) domain = text(set, g);
          if (g.number === 2) version = g.value;
        }
        if (domain === '' || domain === 'ai.onnx') model.opset = version;
        break;
      }
      default: break;
    }
  }
  if (producerVersion) model.producer = `${model.producer} ${producerVersion}`.trim();
  if (!graph || model.irVersion === 0) {
    throw new ModelError('format', `${name} is not an ONNX model: ${graph ? 'no ir_version' : 'no graph'} in it (wrong format?)`);
  }
  if (model.opset !== undefined && (model.opset < MIN_OPSET || model.opset > MAX_OPSET)) {
    throw new ModelError('opset', `${name} uses ONNX opset ${model.opset}; the inspector knows opsets ${MIN_OPSET} to ${MAX_OPSET} (re-export it with opset_version between them)`);
  }
  readGraph(r.sub(graph, 'the graph'), model, options.onProgress);
  const external = [...model.initializers.values()].filter((t) => t.external);
  if (external.length) {
    throw new ModelError('external', `${name} keeps ${external.length} weight tensor(s) in external files (${external[0].name}: ${external[0].external}); the inspector reads one self-contained file: save it with onnx.save_model(model, path, save_as_external_data=False)`);
  }
  return model;
}

/** Refuses the usual wrong files before the protobuf reader meets them. */
function sniff(name: string, bytes: Uint8Array): void {
  if (bytes.length === 0) throw new ModelError('format', `${name} is empty`);
  const head = String.fromCharCode(...bytes.subarray(0, 4));
  if (head.startsWith('PK')) throw new ModelError('format', `${name} is a zip archive (a PyTorch .pt/.pth checkpoint?), not an ONNX model: export it with torch.onnx.export`);
  if (head.startsWith('{') || head.startsWith('[')) throw new ModelError('format', `${name} is JSON, not an ONNX model (a TF.js model.json? choose it with its weight files)`);
  if (head.startsWith('\x89HDF')) throw new ModelError('format', `${name} is an HDF5 file (a Keras .h5?), not an ONNX model: convert it with tf2onnx or tensorflowjs_converter`);
  // A ModelProto starts with a field key; ir_version (field 1, varint) comes first from every exporter.
  if (bytes[0] !== 0x08) throw new ModelError('format', `${name} does not start like an ONNX model (first byte 0x${bytes[0].toString(16).padStart(2, '0')}, expected 0x08 for ir_version): wrong format?`);
}

function readGraph(r: Reader, model: OnnxModel, onProgress?: Progress): void {
  const total = r.end - r.pos;
  const begin = r.pos;
  let last = -1;
  while (!r.done) {
    const f = r.field();
    switch (f.number) {
      case 1: model.nodes.push(nodeOf(r.sub(f, `node ${model.nodes.length}`))); break;
      case 2: model.graphName = text(r, f); break;
      case 5: {
        const t = tensorOf(r.sub(f, `initializer ${model.initializers.size}`));
        model.initializers.set(t.name, t);
        break;
      }
      case 11: model.inputs.push(valueInfoOf(r.sub(f, 'a graph input'))); break;
      case 12: model.outputs.push(valueInfoOf(r.sub(f, 'a graph output'))); break;
      case 13: {
        const info = valueInfoOf(r.sub(f, 'a value_info'));
        model.shapes.set(info.name, info);
        break;
      }
      default: break;
    }
    const fraction = Math.floor((100 * (r.pos - begin)) / total);
    if (onProgress && fraction !== last) {
      last = fraction;
      onProgress(fraction / 100, 'reading the graph');
    }
  }
  for (const info of [...model.inputs, ...model.outputs]) model.shapes.set(info.name, info);
}

/** Number of values a tensor holds. */
export function valueCount(t: OnnxTensor): number {
  return t.dims.reduce((a, b) => a * b, 1);
}

/** A tensor's values as float64 (float, float16, double, int32, int64). */
export function tensorValues(t: OnnxTensor): Float64Array {
  if (t.external) throw new ModelError('external', `tensor ${t.name} is in ${t.external}`);
  const n = valueCount(t);
  let values: ArrayLike<number>;
  if (t.raw) {
    const { raw } = t;
    switch (t.dataType) {
      case ONNX_FLOAT: values = float32s(raw, 0, raw.length); break;
      case ONNX_DOUBLE: values = float64s(raw, 0, raw.length); break;
      case ONNX_FLOAT16: values = halfs(raw); break;
      case ONNX_INT64: values = int64s(raw); break;
      case ONNX_INT32: values = new Int32Array(raw.slice().buffer); break;
      default: throw new ModelError('unsupported', `tensor ${t.name} has ONNX data type ${t.dataType}; the inspector reads float, float16, double, int32 and int64`);
    }
  } else values = t.floatData ?? t.doubleData ?? t.intData ?? [];
  if (values.length !== n) {
    throw new ModelError('truncated', `tensor ${t.name} has ${values.length} values for dims [${t.dims.join(', ')}] (${n}): the file is damaged or truncated`);
  }
  return Float64Array.from(values);
}

function int64s(raw: Uint8Array): number[] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.length);
  return Array.from({ length: raw.length >> 3 }, (_, i) => Number(view.getBigInt64(8 * i, true)));
}

/** IEEE 754 half precision to number. */
export function halfs(raw: Uint8Array): number[] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.length);
  return Array.from({ length: raw.length >> 1 }, (_, i) => {
    const h = view.getUint16(2 * i, true);
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) return sign * frac * 2 ** -24;
    if (exp === 31) return frac ? NaN : sign * Infinity;
    return sign * (1 + frac / 1024) * 2 ** (exp - 15);
  });
}
