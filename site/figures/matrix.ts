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
import { describe, matrixText } from '../lib/description';
import { grid, label, note, panels, rowsOf } from '../lib/plots';
import { keepSize } from '../lib/wide';
import { markCode } from '../lib/inlineCode';
import { pageLang, t, type Lang } from '../i18n';

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

/** A group of panels laid out top to bottom. */
function stacked(group: Element): Element {
  group.setAttribute('style', 'flex-direction: column;');
  return group;
}

/** The flat position e of an image of width n, as the (row, column) of a grid cell. */
const cellOf = (e: number, n: number): [number, number] => [Math.floor(e / n), e % n];

interface MatrixOptions {
  title: string;
  document: Document;
  cell: number;
  /** Cells [row, col] to outline. */
  highlight: readonly (readonly [number, number])[];
  highlightColor: string;
}

/**
 * A dense matrix as coloured cells with its rows and columns numbered (the heatmap's default
 * hides the numbers past 16, and C has up to 25 columns here) and each cell's row, column and
 * value in its tooltip (an SVG title), for the cells too small to print their value.
 */
function matrixGrid(m: Tensor, name: string, options: MatrixOptions): Element {
  const { cell } = options;
  // Label every row and column while the numbers fit in a cell, else every fifth.
  return grid(m, {
    ...options, scheme: 'sequential', values: cell >= 16, fontSize: cell >= 22 ? 10 : 8, tickEvery: cell >= 16 ? 1 : 5,
    tip: (i, j, v) => `${name}[${i}][${j}] = ${label(v)}`,
  });
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
  const lang = pageLang(document);
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
  const adjoint = t('matrix.note.adjoint', lang, { left: fmt(left), right: fmt(right), diff: Math.abs(left - right).toExponential(1) });
  const shapeText = t('matrix.note.shape', lang, { rows: c.rows, cols: c.cols, out: outShape.join('×'), in: spatial.join('×') });

  if (big) return markCode(describe(bigLayer(document, c, shapeText, adjoint, lang), t('matrix.desc.big', lang, { shape: shapeText, count: c.values.length, adjoint })));

  const row = Math.min(Number(params.row), c.cols - 1);
  const dense = toDense(c);
  const denseT = toDense(ct);
  const rowEntries = Array.from(denseT.data.subarray(row * c.rows, (row + 1) * c.rows));
  const nonzero = rowEntries.map((value, j) => ({ value, j })).filter((e) => e.value !== 0);
  // One cell size for C and Cᵀ, so that one reads as the other turned over; the 2-D matrices keep
  // 22-pixel cells (legible digits) and scroll on narrow screens rather than shrink.
  const cell = dims === 1
    ? Math.max(11, Math.min(24, Math.floor(420 / Math.max(c.rows, c.cols))))
    : Math.max(12, Math.min(22, Math.floor(600 / Math.max(c.rows, c.cols))));
  const rowCells = Array.from({ length: c.rows }, (_, j) => [row, j] as [number, number]);
  const colCells = Array.from({ length: c.rows }, (_, j) => [j, row] as [number, number]);
  const where = dims === 1 ? `${row}` : `${row} = (${Math.floor(row / n)}, ${row % n})`;
  const values = nonzero.map((e) => label(e.value)).join(', ') || t('matrix.note.nothing', lang);
  const extent = Math.max(...viaScatter.data.map(Math.abs));
  const sequential = { document, scheme: 'sequential' as const, cell: 22 };
  // In 1-D the vectors are columns; in 2-D they keep their image shapes (numbered row by row, as C's rows and columns are).
  const vectors = dims === 1
    ? [
      grid(column(x.data), { ...sequential, title: 'x', minWidth: 76 }),
      grid(column(viaMatrix), { ...sequential, title: 'Cᵀx', domain: [0, extent], highlight: [[row, 0]], minWidth: 76 }),
      grid(column(viaScatter.data), { ...sequential, title: 'scatter(x, w)', domain: [0, extent], minWidth: 76 }),
    ]
    : [
      grid(x, { ...sequential, title: `x (${outShape.join('×')})`, minWidth: 90 }),
      grid(tensor(viaMatrix, [n, n]), { ...sequential, title: `Cᵀx (${n}×${n})`, domain: [0, extent], highlight: [cellOf(row, n)] }),
      grid(viaScatter, { ...sequential, title: `scatter(x, w) (${n}×${n})`, domain: [0, extent] }),
    ];
  return markCode(describe(keepSize(panels(document, [
    matrixGrid(dense, 'C', { title: `C (${c.rows}×${c.cols})`, document, cell, highlight: colCells, highlightColor: '#7048e8' }),
    matrixGrid(denseT, 'Cᵀ', { title: `Cᵀ (${c.cols}×${c.rows})`, document, cell, highlight: rowCells, highlightColor: '#e8590c' }),
    // The three vectors wrap as one group, so Cᵀx always stands next to the scatter result; in 2-D
    // they stack in a column beside the tall Cᵀ, which would otherwise leave a blank beside it.
    dims === 1 ? panels(document, vectors) : stacked(panels(document, vectors)),
    panels(document, [
      note(document, t('figure.desc.sentence', lang, { text: shapeText })),
      note(document, t('matrix.note.agree', lang, { gap })),
      note(document, t('matrix.note.row', lang, {
        where, values, kernel: dims === 1 ? t('matrix.note.kernel1', lang, { k }) : t('matrix.note.kernel2', lang),
        only: Number(params.s) > 1 ? t('matrix.note.only', lang) : '',
      })),
      note(document, adjoint, 'figure-note figure-formula'),
    ], 'figure-notes'),
  ])), t('matrix.desc.small', lang, {
    shape: shapeText,
    x: matrixText('x', [Array.from(x.data)], (v) => label(v), lang),
    ctx: matrixText('Cᵀx', [Array.from(viaMatrix)], (v) => label(v), lang),
    scatter: matrixText('scatter(x, w)', [Array.from(viaScatter.data)], (v) => label(v), lang),
    where, values, adjoint,
  })));
}

function bigLayer(document: Document, c: SparseMatrix, shapeText: string, adjoint: string, lang: Lang): Element {
  let refusal = '';
  try {
    toDense(c);
  } catch (e) {
    refusal = e instanceof Error ? e.message : String(e);
  }
  const density = (100 * c.values.length) / (c.rows * c.cols);
  return panels(document, [
    panels(document, [
      note(document, t('matrix.big.sparse', lang, { shape: shapeText, count: c.values.length.toLocaleString('en-US'), density: density.toPrecision(2) })),
      note(document, refusal ? t('matrix.big.refused', lang, { refusal }) : t('matrix.big.fits', lang), refusal ? 'figure-error' : 'figure-note'),
      note(document, t('matrix.big.multiplies', lang, { adjoint }), 'figure-note figure-formula'),
    ], 'figure-notes'),
  ]);
}

