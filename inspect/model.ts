/**
 * What the readers (onnx.ts, tfjs.ts) hand to the analysis: the up-sampling layers of a
 * model in one format-neutral record, weights in the core's layout, and the one error type
 * for a file the inspector cannot read (its `kind` lets the page and the CLI say which).
 */
import type { Tensor } from '../src/index';

export type ModelErrorKind = 'format' | 'truncated' | 'external' | 'opset' | 'size' | 'unsupported';

/** A file the inspector cannot read; the message says why and what to do. */
export class ModelError extends Error {
  constructor(readonly kind: ModelErrorKind, message: string) {
    super(message);
    this.name = 'ModelError';
  }
}

/**
 * Largest file read (200 MiB): a browser tab holds the whole file and its weights as
 * floats; beyond this the page would freeze or crash instead of answering.
 */
export const MAX_MODEL_BYTES = 200 * 2 ** 20;

/** Throws before anything is read when a file is larger than MAX_MODEL_BYTES. */
export function checkSize(name: string, bytes: number): void {
  if (!(Number.isFinite(bytes) && bytes >= 0)) throw new ModelError('format', `${name}: size ${bytes} is not a file size`);
  if (bytes > MAX_MODEL_BYTES) {
    throw new ModelError('size', `${name} is ${(bytes / 2 ** 20).toFixed(0)} MB; the inspector reads models up to ${MAX_MODEL_BYTES / 2 ** 20} MB (up-sampling layers are small: export the decoder or generator alone, or use the command line on a machine with more memory after raising the limit)`);
  }
}

export type Progress = (fraction: number, stage: string) => void;

/** A convolution next to an up-sampling layer (sub-pixel: before DepthToSpace; resize-convolution: after Resize). */
export interface NeighbourConv {
  name: string;
  /** Core layout [M, C/G, ...k]. */
  weight: Tensor;
  bias?: Tensor;
  /** ONNX order [begins..., ends...]. */
  pads: number[];
  strides: number[];
  groups: number;
}

interface LayerBase {
  name: string;
  /** Operator or layer class as the file names it (ConvTranspose, Resize, Conv2DTranspose...). */
  type: string;
  /** 0-based index among the graph's nodes (ONNX) or the model's layers (TF.js). */
  index: number;
  /** Number of nodes or layers in the graph. */
  count: number;
  /** Names of the layers feeding this one and fed by it. */
  before: string[];
  after: string[];
  /** [N, C, ...spatial] where the file records it; null entries are symbolic (batch...). */
  inputShape?: (number | null)[];
  outputShape?: (number | null)[];
}

export interface ConvTransposeLayer extends LayerBase {
  kind: 'convTranspose';
  /** Core layout [Cin, Cout/G, ...k], or undefined when the file does not hold it. */
  weight?: Tensor;
  bias?: Tensor;
  /** Spatial kernel shape (from the attributes or the weight). */
  kernel: number[];
  inChannels?: number;
  outChannels?: number;
  /** The layer's own arguments, for the matching adapter. */
  onnx?: { kernel_shape?: number[]; strides?: number[]; pads?: number[]; dilations?: number[]; group?: number; output_padding?: number[]; output_shape?: number[]; auto_pad?: 'NOTSET' | 'VALID' | 'SAME_UPPER' | 'SAME_LOWER' };
  keras?: { kernel_size: number[]; strides: number[]; padding: 'valid' | 'same'; output_padding: number[] | null; dilation_rate: number[] };
  /** Why the weights are missing, when they are. */
  missing?: string;
}

export interface ResizeLayer extends LayerBase {
  kind: 'resize';
  /** Integer up-sampling factor per spatial axis, when it is one. */
  factor?: number[];
  /** Non-integer or unknown scales, as read. */
  scales?: number[];
  mode: string;
  coordinates: string;
  /** A convolution right after it: together a resize-convolution. */
  conv?: NeighbourConv;
  missing?: string;
}

export interface DepthToSpaceLayer extends LayerBase {
  kind: 'depthToSpace';
  block: number;
  /** CRD: channel c r² + i r + j (PyTorch pixel_shuffle); DCR: (i r + j) C + c (TensorFlow). */
  order: 'CRD' | 'DCR';
  /** The convolution right before it: together a sub-pixel convolution. */
  conv?: NeighbourConv;
  missing?: string;
}

export type UpLayer = ConvTransposeLayer | ResizeLayer | DepthToSpaceLayer;

/** A model reduced to what the inspector needs. */
export interface ModelSummary {
  format: 'onnx' | 'tfjs';
  /** File name as given. */
  name: string;
  /** Producer and version (ONNX producer_name, TF.js generatedBy / convertedBy). */
  producer: string;
  /** ONNX default-domain opset, or undefined. */
  opset?: number;
  /** Nodes or layers in the graph. */
  count: number;
  /** Operator or layer types and how often they occur. */
  types: Record<string, number>;
  layers: UpLayer[];
  /** Model-wide findings (e.g. no weights in the file). */
  notes: string[];
}
