/**
 * Strided convolution = down-sampling after a stride-1 convolution, C = D_s T, and its
 * transpose = a stride-1 convolution after up-sampling, Cᵀ = Tᵀ U_s, with T the Toeplitz
 * matrix of the stride-1 convolution. Tᵀ is itself Toeplitz: the matrix of the convolution
 * with the reversed kernel and padding k - 1 - p. Each side is built by the core
 * (toeplitzMatrix, downsampleMatrix / upsampleMatrix, convMatrix, flipKernel) and the two
 * sides are compared entry by entry. The 0/1 factors D_s and U_s are drawn as in the
 * sampling figure above them (white 0, navy 1); the convolution matrices share one diverging scale.
 */
import {
  convMatrix, downsampleMatrix, flipKernel, maxAbsDiff, multiply, tensor, toDense, toeplitzMatrix, transpose,
  upsampleMatrix, type SparseMatrix, type Tensor,
} from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { grid, label, note, panels, rowsOf } from '../lib/plots';
import { pageLang, t as msg, type Lang } from '../i18n';

export const controls: Control[] = [
  { name: 'n', label: 'input length n', kind: 'range', min: 3, max: 9, value: 7 },
  { name: 'k', label: 'kernel size k', kind: 'range', min: 1, max: 4, value: 3 },
  { name: 's', label: 'stride s', kind: 'range', min: 1, max: 3, value: 2 },
  { name: 'p', label: 'padding p', kind: 'range', min: 0, max: 2, value: 1 },
  {
    name: 'side', label: 'show', kind: 'select', value: 'conv',
    options: [{ value: 'conv', label: 'strided conv: C = Dₛ T' }, { value: 'transpose', label: 'transposed conv: Cᵀ = Tᵀ Uₛ' }],
  },
];

/** The stride as a subscript: D₂, U₃. */
const sub = (v: number) => String(v).replace(/\d/g, (c) => '₀₁₂₃₄₅₆₇₈₉'[Number(c)]);

/** "agree exactly", or by how much they differ. */
const agreement = (what: string, gap: number, lang: Lang) => (gap === 0
  ? msg('strided-toeplitz.note.agree', lang, { what })
  : msg('strided-toeplitz.note.differ', lang, { what, gap }));
/** "A and B". */
const pair = (a: string, b: string, lang: Lang) => msg('strided-toeplitz.what.pair', lang, { a, b });

/** A · B for a sparse A and a dense B, one column of B at a time (the core's sparse product). */
function product(a: SparseMatrix, b: Tensor): Tensor {
  const [rows, cols] = b.shape;
  const out = new Float64Array(a.rows * cols);
  for (let j = 0; j < cols; j++) {
    const column = Float64Array.from({ length: rows }, (_, i) => b.data[i * cols + j]);
    multiply(a, column).forEach((v, i) => (out[i * cols + j] = v));
  }
  return { shape: [a.rows, cols], data: out };
}

/** The figure in words: the two sides of the factorisation with their entries, and how far apart they are. */
function description(what: string, sides: [string, Tensor][], gap: number, lang: Lang): string {
  const f = (v: number) => label(v);
  const parts = [...sides.map(([name, m]) => matrixText(name, rowsOf(m), f, lang)), agreement(msg('strided-toeplitz.what.two', lang), gap, lang)];
  return what + msg('figure.desc.sentence', lang, { text: parts.join(msg('figure.desc.join', lang)) });
}

export function render(params: Params, document: Document): Element {
  const [n, k, s, p] = ['n', 'k', 's', 'p'].map((name) => Number(params[name]));
  const lang = pageLang(document);
  // Distinct taps 1, 2, 3, ... so each diagonal of T is recognisable.
  const w = tensor(Array.from({ length: k }, (_, i) => i + 1), [1, 1, k]);
  const t = toeplitzMatrix(w, n, p);
  const c = convMatrix(w, [1, n], { strides: s, pads: p });
  const m = c.rows;
  const domain: [number, number] = [-k, k];
  const options = { document, domain, cell: 28 };
  const binary = { document, scheme: 'sequential' as const, domain: [0, 1] as [number, number], cell: 28 };
  const [D, U] = [`D${sub(s)}`, `U${sub(s)}`];
  if (params.side === 'transpose') {
    const up = upsampleMatrix(m, s, { outputShape: [t.rows] });
    // Tᵀ as a Toeplitz matrix in its own right: reversed kernel, padding k - 1 - p.
    if (k - 1 - p < 0) throw new Error(`padding p=${p} must be <= k - 1 = ${k - 1} for Tᵀ to be a convolution with padding k - 1 - p`);
    const tt = toeplitzMatrix(flipKernel(w), t.rows, k - 1 - p);
    const right = product(tt, toDense(up));
    const ct = toDense(transpose(c));
    const gap = Math.max(maxAbsDiff(right, ct), maxAbsDiff(toDense(tt), toDense(transpose(t))));
    return describe(panels(document, [
      grid(toDense(tt), { ...options, title: msg('strided-toeplitz.title.tt', lang, { n, rows: t.rows, pad: k - 1 - p }) }),
      grid(toDense(up), { ...binary, title: msg('strided-toeplitz.title.up', lang, { U, rows: t.rows, m }) }),
      grid(right, { ...options, title: `Tᵀ ${U} (${n}×${m})` }),
      grid(ct, { ...options, title: msg('strided-toeplitz.title.ct', lang, { n, m }) }),
      note(document, msg(s - 1 === 1 ? 'strided-toeplitz.note.transposeOne' : 'strided-toeplitz.note.transposeMany', lang, {
        agreement: agreement(pair(`Tᵀ ${U}`, 'Cᵀ', lang), gap, lang), z: s - 1, pad: k - 1 - p,
        waste: s > 1 ? msg('strided-toeplitz.note.waste', lang, { z: s - 1, s }) : '',
      })),
    ]), description(msg('strided-toeplitz.desc.transpose', lang, { m, n, k, s, p }), [[`Tᵀ ${U}`, right], ['Cᵀ', ct]], gap, lang));
  }
  const down = downsampleMatrix(t.rows, s);
  const left = product(down, toDense(t));
  const dense = toDense(c);
  const gap = maxAbsDiff(left, dense);
  return describe(panels(document, [
    grid(toDense(down), { ...binary, title: `${D} (${m}×${t.rows})` }),
    grid(toDense(t), { ...options, title: msg('strided-toeplitz.title.t', lang, { rows: t.rows, n }) }),
    grid(left, { ...options, title: `${D} T (${m}×${n})` }),
    grid(dense, { ...options, title: msg('strided-toeplitz.title.c', lang, { s, m, n }) }),
    note(document, s === 1
      ? msg('strided-toeplitz.note.stride1', lang, { D, agreement: agreement(pair('C', 'T', lang), gap, lang) })
      : msg(s === 2 ? 'strided-toeplitz.note.strided2' : 'strided-toeplitz.note.stridedN', lang, {
        agreement: agreement(pair(`${D} T`, 'C', lang), gap, lang), s, drop: s - 1,
      })),
  ]), description(msg('strided-toeplitz.desc.conv', lang, { n, m, k, s, p }), [[`${D} T`, left], ['C', dense]], gap, lang));
}
