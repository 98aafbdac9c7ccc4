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
const agreement = (what: string, gap: number) => (gap === 0 ? `${what} agree exactly` : `${what} differ by at most ${gap}`);

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
function description(what: string, sides: [string, Tensor][], gap: number): string {
  const f = (v: number) => label(v);
  return `${what}. ${sides.map(([name, m]) => matrixText(name, rowsOf(m), f)).join('. ')}. ${agreement('The two', gap)}.`;
}

export function render(params: Params, document: Document): Element {
  const [n, k, s, p] = ['n', 'k', 's', 'p'].map((name) => Number(params[name]));
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
      grid(toDense(tt), { ...options, title: `Tᵀ (${n}×${t.rows}): reversed kernel, pad ${k - 1 - p}` }),
      grid(toDense(up), { ...binary, title: `${U} (${t.rows}×${m}): zero insertion` }),
      grid(right, { ...options, title: `Tᵀ ${U} (${n}×${m})` }),
      grid(ct, { ...options, title: `Cᵀ, the transposed conv (${n}×${m})` }),
      note(document, `${agreement(`Tᵀ ${U} and Cᵀ`, gap)}: a transposed convolution inserts s − 1 = ${s - 1} zero${s - 1 === 1 ? '' : 's'} between the samples, then runs an ordinary stride-1 convolution with the reversed kernel and padding k − 1 − p = ${k - 1 - p}.${s > 1 ? ` About ${s - 1} in ${s} of the samples Tᵀ reads are inserted zeros: the work the polyphase split below avoids.` : ''}`),
    ]), description(`Transposed convolution of length ${m} to ${n}, kernel 1 to ${k}, stride ${s}, padding ${p}`, [[`Tᵀ ${U}`, right], ['Cᵀ', ct]], gap));
  }
  const down = downsampleMatrix(t.rows, s);
  const left = product(down, toDense(t));
  const dense = toDense(c);
  const gap = maxAbsDiff(left, dense);
  return describe(panels(document, [
    grid(toDense(down), { ...binary, title: `${D} (${m}×${t.rows})` }),
    grid(toDense(t), { ...options, title: `T (${t.rows}×${n}): stride-1 conv, Toeplitz` }),
    grid(left, { ...options, title: `${D} T (${m}×${n})` }),
    grid(dense, { ...options, title: `C, the stride-${s} conv (${m}×${n})` }),
    note(document, s === 1
      ? `With stride 1, ${D} = I, and ${agreement('C and T', gap)}: the convolution matrix is Toeplitz, constant along each diagonal.`
      : `${agreement(`${D} T and C`, gap)}: a stride-${s} convolution is the stride-1 convolution with ${s === 2 ? 'every other output' : `${s - 1} of every ${s} outputs`} thrown away. T is constant along each diagonal (Toeplitz); C keeps every ${s === 2 ? 'second' : `${s}-th`} row of it.`),
  ]), description(`Strided convolution of length ${n} to ${m}, kernel 1 to ${k}, stride ${s}, padding ${p}`, [[`${D} T`, left], ['C', dense]], gap));
}
