/**
 * Numbers for the chapter "From the question", computed at build time by the core:
 * - the matrix answer's claim that the transposed convolution is cheaper than zero insertion,
 *   as counts of multiply-adds read off the core's own intermediates (zeroInsertionSteps'
 *   padded input, the scatter view's stamps) and as timings of both views;
 * - the PCA answer's analogy: the transpose undoes the convolution only for orthonormal filters.
 * test/contentTables.test.ts checks the counts against hand-derived formulas.
 */
import {
  conv, convTranspose, convTransposeInfo, maxAbsDiff, randomTensor, scatter, stampOf, tensor, zeroInsertion,
  zeroInsertionSteps, indicesOf, type Tensor,
} from '../../src/index';

/** The layer whose cost is counted: FCN/DCGAN-like 2x up-sampling, k = 4, s = 2, p = 1. */
export const COST = { channels: 8, n: 32, k: 4, s: 2, p: 1 } as const;

export interface CostNumbers {
  nOut: number;
  /** Multiply-adds the zero-insertion view performs (every window position times every tap, over channels). */
  zeroInsertionMacs: number;
  /** Of those, the ones whose input sample is not an inserted or padded zero. */
  zeroInsertionUseful: number;
  /** Multiply-adds the scatter view (the transpose) performs: every input value times every tap. */
  scatterMacs: number;
  /** Of those, the stamps that land inside the cropped output. */
  scatterUseful: number;
  /** Best of three build-time runs, in milliseconds. */
  zeroInsertionMs: number;
  scatterMs: number;
  fastMs: number;
  /** Largest difference between the two views' outputs (they compute the same thing). */
  agreement: number;
}

function bestOf(runs: number, fn: () => unknown): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return Math.round(best * 10) / 10;
}

function costNumbers(): CostNumbers {
  const { channels, n, k, s, p } = COST;
  const x = randomTensor([1, channels, n, n], { seed: 6107, dtype: 'float64' });
  const w = randomTensor([channels, channels, k, k], { seed: 6108, dtype: 'float64' });
  const options = { strides: [s, s], pads: [p, p, p, p] };
  const steps = zeroInsertionSteps(x, w, options);
  const nOut = steps.output.shape[2];
  // The zero-insertion view correlates the padded input with the flipped kernel: every output
  // position of every output channel reads C_in * k^2 samples, zero or not.
  const taps = steps.kernel.shape.slice(1).reduce((a, b) => a * b, 1);
  const zeroInsertionMacs = steps.output.data.length * taps;
  // Which of those samples are not zeros: read the padded input of channel 0 (the zeros are in
  // the same places in every channel), then scale by C_in * C_out.
  const [, , H, W] = steps.padded.shape;
  let useful = 0;
  for (let i0 = 0; i0 < nOut; i0++) {
    for (let i1 = 0; i1 < nOut; i1++) {
      for (let j0 = 0; j0 < k; j0++) for (let j1 = 0; j1 < k; j1++) if (steps.padded.data[(i0 + j0) * W + (i1 + j1)] !== 0) useful++;
    }
  }
  void H;
  const zeroInsertionUseful = useful * channels * channels;
  // The scatter view stamps every input value with every tap; stampOf lists the stamps that
  // land inside the output (the rest fall on the cropped border).
  const info = convTransposeInfo('questionNumbers', x.shape, w.shape, options);
  const inside = indicesOf([n, n]).reduce((sum, o) => sum + stampOf(info, o).length, 0);
  const scatterMacs = n * n * k * k * channels * channels;
  const scatterUseful = inside * channels * channels;
  const agreement = maxAbsDiff(zeroInsertion(x, w, options), scatter(x, w, options));
  return {
    nOut, zeroInsertionMacs, zeroInsertionUseful, scatterMacs, scatterUseful, agreement,
    zeroInsertionMs: bestOf(3, () => zeroInsertion(x, w, options)),
    scatterMs: bestOf(3, () => scatter(x, w, options)),
    fastMs: bestOf(3, () => convTranspose(x, w, options)),
  };
}

export const cost: CostNumbers = costNumbers();

/** Conv then its transpose, C^T C x, compared with x: an inverse only when the filters are orthonormal. */
export interface RoundTrip {
  /** Which filter bank: its label is the message 'table.roundTrip.<key>' (site/i18n). */
  key: 'haar4' | 'haar2' | 'box';
  /** max |C^T C x - x| on a seeded random 8x8 image. */
  error: number;
}

function roundTrip(key: RoundTrip['key'], w: Tensor, s: number): RoundTrip {
  const x = randomTensor([1, 1, 8, 8], { seed: 42, dtype: 'float64' });
  const y = conv(x, w, { strides: [s, s] });
  const back = convTranspose(y, w, { strides: [s, s] });
  return { key, error: Math.round(maxAbsDiff(back, x) * 1e12) / 1e12 };
}

const h = 0.5;
/** The four 2x2 Haar filters (each row of C has unit norm, rows orthogonal): [4 filters, 1 channel, 2, 2]. */
const haar = tensor([
  [[[h, h], [h, h]]], [[[h, -h], [h, -h]]], [[[h, h], [-h, -h]]], [[[h, -h], [-h, h]]],
]);
/** Two of the four only: still orthonormal rows, but C^T C projects onto what they see. */
const haarHalf = tensor([[[[h, h], [h, h]]], [[[h, -h], [h, -h]]]]);
/** The box of the third answer's example, unnormalised: rows neither unit nor orthogonal. */
const box = tensor([[[[1, 1], [1, 1]]]]);

export const roundTrips: RoundTrip[] = [
  roundTrip('haar4', haar, 2),
  roundTrip('haar2', haarHalf, 2),
  roundTrip('box', box, 2),
];
