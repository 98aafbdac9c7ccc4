/**
 * The matrix view, live: C (the convolution y = C x) and C^T (the transposed convolution) as
 * heatmaps for the current settings, y = C^T x next to the scatter result, the adjoint
 * identity <Cu, v> = <u, C^T v> on random vectors, and the refusal of toDense for a real
 * image size (the sparse form still multiplies). Matrices and products come from the core.
 */
import {
  convInfo, convMatrix, dot, maxAbsDiff, multiply, randomTensor, scatter, tensor, toDense, transpose,
  type ConvOptions, type SparseMatrix, type Tensor,
} from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { grid, label, note, panels } from '../lib/plots';

/** Side of the image in the "real layer" setting: 96×96 makes C 9216×9216, past toDense's limit (64×64 is the largest that fits). */
const BIG = 96;
const MAX_2D = 5;

export const controls: Control[] = [
  { name: 'n', label: 'input size n', kind: 'range', min: 2, max: 10, value: 6 },
  { name: 'k', label: 'kernel size k', kind: 'range', min: 1, max: 4, value: 3 },
  { name: 's', label: 'stride s', kind: 'range', min: 1, max: 3, value: 1 },
  { name: 'p', label: 'padding p', kind: 'range', min: 0, max: 2, value: 0 },
  { name: 'row', label: 'row of Cᵀ', kind: 'range', min: 0, max: MAX_2D ** 2 - 1, value: 2 },
  {
    name: 'dims', label: 'signal', kind: 'select', value: '1',
    options: [
      { value: '1', label: '1-D' },
      { value: '2', label: `2-D (n ≤ ${MAX_2D})` },
      { value: 'big', label: `2-D ${BIG}×${BIG} (too big to draw)` },
    ],
  },
];

function setup(params: Params) {
  const dims = params.dims === '1' ? 1 : 2;
  const big = params.dims === 'big';
  const n = big ? BIG : dims === 2 ? Math.min(Number(params.n), MAX_2D) : Number(params.n);
  const k = Number(params.k);
  const spatial = Array.from({ length: dims }, () => n);
  const kernel = Array.from({ length: dims }, () => k);
  const w = tensor(Array.from({ length: k ** dims }, (_, j) => j + 1), [1, 1, ...kernel]);
  const options: ConvOptions = { strides: Number(params.s), pads: Number(params.p) };
  const info = convInfo('matrix figure', [1, 1, ...spatial], w.shape, options);
  return { dims, big, n, k, spatial, w, options, info };
}

export function limits(params: Params) {
  const { n, dims, big } = setup(params);
  return {
    n: { min: 2, max: dims === 2 && !big ? MAX_2D : 10 },
    row: { min: 0, max: big ? 0 : n ** dims - 1 },
  };
}

/** A vector as a one-column grid. */
function column(v: ArrayLike<number>): number[][] {
  return Array.from(v, (x) => [x]);
}

const fmt = (v: number) => v.toPrecision(12);

/** The big setting's matrices take ~100 ms to build; keep the last pair (the row slider does not change them). */
let cached: { key: string; c: SparseMatrix; ct: SparseMatrix } | undefined;

function matrices(w: Tensor, spatial: number[], options: ConvOptions) {
  const key = JSON.stringify([w.shape, spatial, options]);
  if (cached?.key !== key) {
    const c = convMatrix(w, [1, ...spatial], options);
    cached = { key, c, ct: transpose(c) };
  }
  return cached;
}

export function render(params: Params, document: Document): Element {
  const { dims, big, n, k, spatial, w, options, info } = setup(params);
  const { c, ct } = matrices(w, spatial, options);
  const outShape = info.outShape;
  // The transposed convolution's input: 1, 2, 3, ... over the convolution's output positions.
  const x = tensor(Array.from({ length: c.rows }, (_, j) => j + 1), [1, 1, ...outShape]);
  const viaMatrix = multiply(ct, x.data);
  const viaScatter = scatter(x, w, { ...options, outputPadding: info.outputPadding });
  const gap = maxAbsDiff(tensor(viaMatrix, viaScatter.shape), viaScatter);
  // Adjoint identity on random vectors u (the convolution's input side) and v (its output side).
  const u = randomTensor([c.cols], { seed: 1 });
  const v = randomTensor([c.rows], { seed: 2 });
  const left = dot(tensor(multiply(c, u.data)), v);
  const right = dot(u, tensor(multiply(ct, v.data)));
  const adjoint = `⟨Cu, v⟩ = ${fmt(left)}   ⟨u, Cᵀv⟩ = ${fmt(right)}   (difference ${Math.abs(left - right).toExponential(1)}, random u, v)`;
  const shapeText = `C is ${c.rows}×${c.cols}: one row per output of the convolution (${outShape.join('×')}), one column per input (${spatial.join('×')})`;

  if (big) return bigLayer(document, c, shapeText, adjoint);

  const row = Math.min(Number(params.row), c.cols - 1);
  const dense = toDense(c);
  const denseT = toDense(ct);
  const rowEntries = Array.from(denseT.data.subarray(row * c.rows, (row + 1) * c.rows));
  const nonzero = rowEntries.map((value, j) => ({ value, j })).filter((e) => e.value !== 0);
  const cell = Math.max(11, Math.min(24, Math.floor(420 / Math.max(c.rows, c.cols))));
  const rowCells = Array.from({ length: c.rows }, (_, j) => [row, j] as [number, number]);
  const colCells = Array.from({ length: c.rows }, (_, j) => [j, row] as [number, number]);
  const where = dims === 1 ? `${row}` : `(${Math.floor(row / n)}, ${row % n})`;
  const extent = Math.max(...viaScatter.data.map(Math.abs));
  return panels(document, [
    grid(dense, { title: `C (${c.rows}×${c.cols})`, document, scheme: 'sequential', cell, highlight: colCells, highlightColor: '#7048e8' }),
    grid(denseT, { title: `Cᵀ (${c.cols}×${c.rows})`, document, scheme: 'sequential', cell, highlight: rowCells }),
    // The three vectors wrap as one group, so Cᵀx always stands next to the scatter result.
    panels(document, [
      grid(column(x.data), { title: 'x', document, scheme: 'sequential', cell: 22, minWidth: 76 }),
      grid(column(viaMatrix), { title: 'Cᵀx', document, scheme: 'sequential', cell: 22, domain: [0, extent], highlight: [[row, 0]], minWidth: 76 }),
      grid(column(viaScatter.data), { title: 'scatter(x, w)', document, scheme: 'sequential', cell: 22, domain: [0, extent], minWidth: 76 }),
    ]),
    panels(document, [
      note(document, shapeText + '.'),
      note(document, `Cᵀx and the scatter view agree: max |difference| = ${gap}.`),
      note(document, `Row ${where} of Cᵀ (column ${where} of C) holds ${nonzero.map((e) => label(e.value)).join(', ') || 'nothing'}: `
        + `the ${dims === 1 ? 'kernel 1, 2, …, ' + k : 'kernel'} read backwards${Number(params.s) > 1 ? ', only the taps that land on this output' : ''}.`),
      note(document, adjoint, 'figure-note figure-formula'),
    ], 'figure-notes'),
  ]);
}

function bigLayer(document: Document, c: SparseMatrix, shapeText: string, adjoint: string): Element {
  let refusal = '';
  try {
    toDense(c);
  } catch (e) {
    refusal = e instanceof Error ? e.message : String(e);
  }
  const density = (100 * c.values.length) / (c.rows * c.cols);
  return panels(document, [
    panels(document, [
      note(document, `${shapeText}, but only ${c.values.length.toLocaleString('en-US')} entries (${density.toPrecision(2)} %) are not zero.`),
      note(document, refusal ? `The dense matrix is refused: ${refusal}` : 'The dense matrix fits.', refusal ? 'figure-error' : 'figure-note'),
      note(document, `The sparse form still multiplies: ${adjoint}`, 'figure-note figure-formula'),
    ], 'figure-notes'),
  ]);
}

