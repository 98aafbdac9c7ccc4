/**
 * The numbers of the static framework tables (frameworks page) and of the FCN kernel table
 * (up-sampling page), computed at build time by the core through its public adapters
 * (fromTorch, fromTensorFlow, fromKeras, fromOnnx, fromCaffe, toTorch) and operators. The pages
 * show them as plain HTML, so they read without JavaScript; test/contentTables.test.ts checks
 * them against hand calculations.
 */
import {
  bilinearKernel, bilinearProfile, convTranspose, fromCaffe, fromKeras, fromOnnx, fromTensorFlow, fromTorch, phaseSums, tensor, toArray,
  toTorch, nearestUpsampleKernel, overlapPattern, type Resolved,
} from '../../src/index';
import { t } from '../i18n';

/** The one worked example every framework table uses: 1-D, x = [1, 2, 3], w = [1, 2, 3], stride 2. */
export const EXAMPLE = { x: [1, 2, 3], w: [1, 2, 3], s: 2 } as const;

export type FrameworkName = 'torch' | 'tensorflow' | 'keras' | 'onnx' | 'caffe';

/** One row of a framework's table: its arguments in its own words and what the core makes of them. */
export interface ExampleRow {
  /** The framework's arguments, as you would type them. */
  args: string;
  /** Canonical crop at the beginning and at the end (p_b, p_e). */
  pads: [number, number];
  /** Output padding a (cells added at the end). */
  outputPadding: number;
  /** Output size n_out. */
  size: number;
  /** The output y for the worked example. */
  output: number[];
  /** The canvas cells (pads 0) that y shows: y[i] = canvas[i + p_b] (beyond the canvas: 0). */
  first: number;
  /** Anything the framework warns about or does differently (optional), in English. */
  note?: string;
  /** Keras rows: the closest PyTorch arguments and the shift they leave (the note's numbers, for the page's language). */
  torchShift?: { padding: number; outputPadding: number; shift: number };
}

const x = tensor([[EXAMPLE.x]]);
const w = tensor([[EXAMPLE.w]]);
const N_IN = EXAMPLE.x.length;

function flat(t: ReturnType<typeof convTranspose>): number[] {
  return Array.from(t.data, (v) => Math.round(v * 1e9) / 1e9);
}

/** The uncropped canvas: every input stamps the kernel at o·s, nothing cropped. */
export const canvas: number[] = flat(convTranspose(x, w, { strides: [EXAMPLE.s] }));

function row(args: string, resolved: Resolved, torchShift?: ExampleRow['torchShift']): ExampleRow {
  const { pads, outputPadding } = resolved.options;
  const output = flat(convTranspose(x, w, resolved.options));
  return {
    args, pads: [pads[0], pads[1]], outputPadding: outputPadding[0], size: resolved.outputShape[0], output, first: pads[0],
    ...(torchShift ? { torchShift, note: t('frameworkTable.torchShift', 'en', torchShift) } : {}),
  };
}

const k = EXAMPLE.w.length;
const s = EXAMPLE.s;

/**
 * Keras 3 on its torch backend (keras/src/backend/common/backend_utils.py) hands PyTorch a
 * symmetric padding and an output padding: where Keras/TensorFlow crop unevenly, the closest
 * PyTorch arguments (toTorch) give the same size, shifted.
 */
function onTorch(resolved: Resolved): ExampleRow['torchShift'] {
  const t = toTorch(resolved.options, resolved.inputShape, resolved.kernel);
  if (t.exact) return undefined;
  const p = Array.isArray(t.args.padding) ? t.args.padding[0] : t.args.padding ?? 0;
  const a = Array.isArray(t.args.output_padding) ? t.args.output_padding[0] : t.args.output_padding ?? 0;
  return { padding: p, outputPadding: a, shift: t.shift[0] };
}

function kerasRow(args: string, resolved: Resolved): ExampleRow {
  return row(args, resolved, onTorch(resolved));
}

/** Every framework's worked examples, computed by the core. */
export const examples: Record<FrameworkName, ExampleRow[]> = {
  torch: [
    row(`ConvTranspose1d(1, 1, ${k}, stride=${s})`, fromTorch({ kernel_size: k, stride: s }, [N_IN])),
    row(`ConvTranspose1d(1, 1, ${k}, stride=${s}, padding=1)`, fromTorch({ kernel_size: k, stride: s, padding: 1 }, [N_IN])),
    row(`ConvTranspose1d(1, 1, ${k}, stride=${s}, padding=1, output_padding=1)`, fromTorch({ kernel_size: k, stride: s, padding: 1, output_padding: 1 }, [N_IN])),
    row(`ConvTranspose1d(1, 1, ${k}, stride=${s}, padding=1)(x, output_size=[6])`, fromTorch({ kernel_size: k, stride: s, padding: 1, output_size: [6] }, [N_IN])),
  ],
  tensorflow: [
    row(`conv1d_transpose(x, f, [1, 7, 1], ${s}, 'VALID')`, fromTensorFlow({ kernel_size: k, strides: s, padding: 'VALID', output_shape: [7] }, [N_IN])),
    row(`conv1d_transpose(x, f, [1, 8, 1], ${s}, 'VALID')`, fromTensorFlow({ kernel_size: k, strides: s, padding: 'VALID', output_shape: [8] }, [N_IN])),
    row(`conv1d_transpose(x, f, [1, 6, 1], ${s}, 'SAME')`, fromTensorFlow({ kernel_size: k, strides: s, padding: 'SAME', output_shape: [6] }, [N_IN])),
    row(`conv1d_transpose(x, f, [1, 5, 1], ${s}, 'SAME')`, fromTensorFlow({ kernel_size: k, strides: s, padding: 'SAME', output_shape: [5] }, [N_IN])),
    row(`explicit padding [[0, 0], [1, 1], [0, 0]], output_shape [1, 5, 1]`, fromTensorFlow({ kernel_size: k, strides: s, padding: [[0, 0], [1, 1], [0, 0]], output_shape: [5] }, [N_IN])),
  ],
  keras: [
    kerasRow(`Conv1DTranspose(1, ${k}, strides=${s}, padding="valid")`, fromKeras({ kernel_size: k, strides: s, padding: 'valid' }, [N_IN])),
    kerasRow(`Conv1DTranspose(1, ${k}, strides=${s}, padding="valid", output_padding=1)`, fromKeras({ kernel_size: k, strides: s, padding: 'valid', output_padding: 1 }, [N_IN])),
    kerasRow(`Conv1DTranspose(1, ${k}, strides=${s}, padding="same")`, fromKeras({ kernel_size: k, strides: s, padding: 'same' }, [N_IN])),
    kerasRow(`Conv1DTranspose(1, ${k}, strides=${s}, padding="same", output_padding=0)`, fromKeras({ kernel_size: k, strides: s, padding: 'same', output_padding: 0 }, [N_IN])),
    kerasRow(`Conv1DTranspose(1, ${k}, strides=${s}, padding="same", output_padding=1)`, fromKeras({ kernel_size: k, strides: s, padding: 'same', output_padding: 1 }, [N_IN])),
  ],
  onnx: [
    row(`strides=[${s}], pads=[1, 1]`, fromOnnx({ strides: [s], pads: [1, 1] }, [N_IN], [k])),
    row(`strides=[${s}], pads=[0, 1], output_padding=[1]`, fromOnnx({ strides: [s], pads: [0, 1], output_padding: [1] }, [N_IN], [k])),
    row(`strides=[${s}], auto_pad="SAME_UPPER"`, fromOnnx({ strides: [s], auto_pad: 'SAME_UPPER' }, [N_IN], [k])),
    row(`strides=[${s}], auto_pad="SAME_LOWER"`, fromOnnx({ strides: [s], auto_pad: 'SAME_LOWER' }, [N_IN], [k])),
    row(`strides=[${s}], output_shape=[6] (auto_pad NOTSET)`, fromOnnx({ strides: [s], output_shape: [6] }, [N_IN], [k])),
  ],
  caffe: [
    row(`kernel_size: ${k} stride: ${s}`, fromCaffe({ kernel_size: k, stride: s }, [N_IN])),
    row(`kernel_size: ${k} stride: ${s} pad: 1`, fromCaffe({ kernel_size: k, stride: s, pad: 1 }, [N_IN])),
  ],
};

/** Weight layouts: a core weight [C_in = 2, C_out = 3, k = 2] and where each entry sits in TensorFlow's [k, C_out, C_in]. */
export const LAYOUT = { cin: 2, cout: 3, k: 2 } as const;

/** The core's (PyTorch's, ONNX's, Caffe's) weight: entry [ci, co, j] holds 100·(ci+1) + 10·(co+1) + (j+1), so it names its place. */
export const coreWeight = toArray(tensor(
  Array.from({ length: LAYOUT.cin }, (_, ci) => Array.from({ length: LAYOUT.cout }, (_, co) =>
    Array.from({ length: LAYOUT.k }, (_, j) => 100 * (ci + 1) + 10 * (co + 1) + (j + 1)))),
)) as number[][][];

/** The same weight in TensorFlow's and Keras's layout [k, C_out, C_in]: tf[j][co][ci] = core[ci][co][j]. */
export const tfWeight: number[][][] = Array.from({ length: LAYOUT.k }, (_, j) =>
  Array.from({ length: LAYOUT.cout }, (_, co) => Array.from({ length: LAYOUT.cin }, (_, ci) => coreWeight[ci][co][j])));

/** FCN's bilinear kernel for factor f (k = 2f - f mod 2), its rows as numbers, and its phase sums at stride f. */
export function fcnKernel(f: number): { k: number; rows: number[][]; phases: number[] } {
  const size = 2 * f - (f % 2);
  const kernel = bilinearKernel(size);
  const values = Array.from(kernel.data, (v) => Math.round(v * 1e9) / 1e9);
  const rows = Array.from({ length: size }, (_, r) => values.slice(r * size, (r + 1) * size));
  const phases = Array.from(phaseSums(kernel, [f, f]).data, (v) => Math.round(v * 1e9) / 1e9);
  return { k: size, rows, phases };
}

/** Kernels whose phase sums the checkerboard page lists (1-D, stride 2): name and taps. */
export const PHASE_KERNELS: { key: 'box3' | 'box4' | 'tent' | 'fcn' | 'nearest'; taps: number[] }[] = [
  { key: 'box3', taps: [1, 1, 1] },
  { key: 'box4', taps: [1, 1, 1, 1] },
  { key: 'tent', taps: Array.from(bilinearProfile(3)) },
  { key: 'fcn', taps: Array.from(bilinearProfile(4)) },
  { key: 'nearest', taps: Array.from(nearestUpsampleKernel(tensor([[[1, 2, 3]]]), 2).data) },
];

/** Each kernel's taps per phase and phase sums at stride 2 (overlapPattern, phaseSums), computed by the core. */
export const phaseRows = PHASE_KERNELS.map(({ key, taps }) => {
  const kernel = tensor(taps, [taps.length]);
  return {
    key, taps,
    counts: Array.from(overlapPattern([taps.length], 2).data),
    sums: Array.from(phaseSums(kernel, 2).data, (v) => Math.round(v * 1e9) / 1e9),
  };
});
