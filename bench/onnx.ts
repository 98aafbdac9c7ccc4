/**
 * A one-node ONNX model (Conv or ConvTranspose) built in code with protobufjs reflection, so
 * that onnxruntime-web runs exactly the benchmark's operator. Only the fields used are
 * declared; their numbers are those of onnx/onnx.proto (IR version 8, opset 17).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const protobuf = require('protobufjs') as typeof import('protobufjs');

const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });
const root = protobuf.Root.fromJSON({
  nested: {
    onnx: {
      nested: {
        ModelProto: { fields: { irVersion: { type: 'int64', id: 1 }, producerName: { type: 'string', id: 2 }, graph: { type: 'GraphProto', id: 7 }, opsetImport: repeated('OperatorSetIdProto', 8) } },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
        GraphProto: { fields: { node: repeated('NodeProto', 1), name: { type: 'string', id: 2 }, initializer: repeated('TensorProto', 5), input: repeated('ValueInfoProto', 11), output: repeated('ValueInfoProto', 12) } },
        NodeProto: { fields: { input: repeated('string', 1), output: repeated('string', 2), name: { type: 'string', id: 3 }, opType: { type: 'string', id: 4 }, attribute: repeated('AttributeProto', 5) } },
        // AttributeProto.type: INT = 2, INTS = 7.
        AttributeProto: { fields: { name: { type: 'string', id: 1 }, i: { type: 'int64', id: 3 }, ints: repeated('int64', 8), type: { type: 'int32', id: 20 } } },
        // TensorProto.data_type: FLOAT = 1.
        TensorProto: { fields: { dims: repeated('int64', 1), dataType: { type: 'int32', id: 2 }, name: { type: 'string', id: 8 }, rawData: { type: 'bytes', id: 9 } } },
        ValueInfoProto: { fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } } },
        TypeProto: { fields: { tensorType: { type: 'TypeProtoTensor', id: 1 } } },
        TypeProtoTensor: { fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } } },
        TensorShapeProto: { fields: { dim: repeated('Dimension', 1) } },
        Dimension: { fields: { dimValue: { type: 'int64', id: 1 } } },
      },
    },
  },
});
const Model = root.lookupType('onnx.ModelProto');

const valueInfo = (name: string, shape?: number[]) => ({
  name,
  type: { tensorType: { elemType: 1, ...(shape ? { shape: { dim: shape.map((d) => ({ dimValue: d })) } } : {}) } },
});

export interface OnnxConv {
  opType: 'Conv' | 'ConvTranspose';
  xShape: number[];
  wShape: number[];
  strides: number[];
  pads: number[];
  group: number;
  /** The weights, stored in the model as an initializer (as a deployed model holds them). */
  w: Float32Array;
}

/** The serialized model: input X, initializer W, output Y. */
export function onnxModel(m: OnnxConv): Uint8Array {
  const attribute = [
    { name: 'kernel_shape', type: 7, ints: m.wShape.slice(2) },
    { name: 'strides', type: 7, ints: m.strides },
    { name: 'pads', type: 7, ints: m.pads },
    { name: 'dilations', type: 7, ints: m.strides.map(() => 1) },
    { name: 'group', type: 2, i: m.group },
  ];
  const graph = {
    name: 'bench',
    node: [{ opType: m.opType, input: ['X', 'W'], output: ['Y'], name: 'op', attribute }],
    input: [valueInfo('X', m.xShape)],
    output: [valueInfo('Y')],
    initializer: [{ name: 'W', dims: m.wShape, dataType: 1, rawData: new Uint8Array(m.w.buffer, m.w.byteOffset, m.w.byteLength) }],
  };
  const message = Model.create({ irVersion: 8, producerName: 'deconv-bench', graph, opsetImport: [{ domain: '', version: 17 }] });
  return Model.encode(message).finish();
}
