/**
 * The polyphase split: with stride s, output position i of the transposed convolution (counted
 * on the uncropped canvas, i + p = q·s + r) meets only the taps j with j·d ≡ r (mod s). So the
 * kernel splits into s² phase kernels h_r (2-D), each an ordinary stride-1 convolution of the
 * input, z_r = x ∗ h_r, and the output interleaves them: y[q·s + r − p] = z_r[q]. Colours are
 * phases. The phase kernels come from polyphaseKernels, z_r from convTranspose with stride 1,
 * y from convTranspose, the phase sums from phaseSums and the check from the polyphase view.
 * Which phase a tap joins is read off polyphaseKernels of a kernel numbered 1, 2, 3, ..., so
 * the colouring works for any kernel, even one whose taps are all equal.
 */
import * as Plot from '@observablehq/plot';
import {
  bilinearKernel, convTranspose, hasUniformOverlap, maxAbsDiff, phaseSums, polyphase, polyphaseKernels, tensor, type ConvTransposeOptions, type Tensor,
} from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { label, note, panels, rowsOf } from '../lib/plots';

export const controls: Control[] = [
  { name: 'k', label: 'kernel size k', kind: 'range', min: 1, max: 5, value: 3 },
  { name: 's', label: 'stride s', kind: 'range', min: 1, max: 3, value: 2 },
  { name: 'd', label: 'dilation d', kind: 'range', min: 1, max: 2, value: 1 },
  { name: 'n', label: 'input size', kind: 'range', min: 2, max: 4, value: 3 },
  { name: 'p', label: 'padding p', kind: 'range', min: 0, max: 2, value: 0 },
  {
    name: 'kernel', label: 'kernel', kind: 'select', value: 'numbered',
    options: [
      { value: 'numbered', label: 'taps 1, 2, 3, ...' },
      { value: 'ones', label: 'all taps 1 (box)' },
      { value: 'bilinear', label: 'bilinear (FCN)' },
    ],
  },
  {
    name: 'input', label: 'input', kind: 'select', value: 'ramp',
    options: [{ value: 'ramp', label: '1, 2, 3, ...' }, { value: 'ones', label: 'all ones' }],
  },
];

const PALETTE = ['#a5d8ff', '#ffc9c9', '#b2f2bb', '#ffec99', '#d0bfff', '#99e9f2', '#ffd8a8', '#eebefa', '#c3fae8'];

interface Cell { i: number; j: number; v: number; phase: string | null; panel?: string }

const name = (r: readonly number[]) => `(${r.join(',')})`;

/** Cells coloured by phase (grey when none), values written in; several panels as facets. */
function phased(document: Document, cells: Cell[], title: string, phases: string[], panelsOrder?: string[]): Element {
  const rows = Math.max(...cells.map((c) => c.i)) + 1;
  const cols = Math.max(...cells.map((c) => c.j)) + 1;
  const cell = 26;
  const facets = panelsOrder?.length ?? 1;
  return Plot.plot({
    document,
    title,
    width: facets * (cols * cell + 14) + 30,
    height: rows * cell + (panelsOrder ? 28 : 10),
    marginLeft: 20,
    marginTop: panelsOrder ? 22 : 4,
    marginBottom: 6,
    marginRight: 10,
    x: { axis: null, domain: Array.from({ length: cols }, (_, j) => j) },
    y: { axis: null, domain: Array.from({ length: rows }, (_, i) => i) },
    fx: panelsOrder ? { domain: panelsOrder, label: null, axis: 'top', padding: 0.08 } : undefined,
    color: { domain: phases, range: PALETTE.slice(0, phases.length) },
    marks: [
      Plot.cell(cells, { x: 'j', y: 'i', fx: panelsOrder ? 'panel' : undefined, fill: (c: Cell) => c.phase ?? '#f1f3f5', inset: 0.5 }),
      Plot.text(cells, { x: 'j', y: 'i', fx: panelsOrder ? 'panel' : undefined, text: (c: Cell) => (c.phase === null && c.v === 0 ? '' : label(c.v)), fontSize: 10 }),
    ],
  });
}

function cellsOf(t: Tensor, phaseOf: (i: number, j: number, v: number) => string | null, panel?: string): Cell[] {
  return rowsOf(t).flatMap((r, i) => r.map((v, j) => ({ i, j, v, phase: phaseOf(i, j, v), panel })));
}

function kernelOf(kind: string, k: number): Tensor {
  if (kind === 'bilinear') return tensor(Array.from(bilinearKernel(k).data), [1, 1, k, k]);
  return tensor(Array.from({ length: k * k }, (_, i) => (kind === 'ones' ? 1 : i + 1)), [1, 1, k, k]);
}

/** The figure in words: input, kernel, the transposed convolution's output and the phase sums, with values. */
function description(k: number, s: number, d: number, p: number, [x, w, y]: Tensor[], sums: Tensor, gap: number): string {
  const f = (v: number) => label(v);
  return `Kernel ${k}×${k}, stride ${s}, dilation ${d}, padding ${p}: ${s * s} phase kernels. `
    + [matrixText('input x', rowsOf(x), f), matrixText('kernel w', rowsOf(w), f), matrixText('y = convTranspose(x, w)', rowsOf(y), f),
      matrixText('phase sums', rowsOf(sums), f)].join('. ')
    + `. polyphase(x, w) and convTranspose(x, w) differ by at most ${gap === 0 ? '0' : gap.toExponential(1)}.`;
}

export function render(params: Params, document: Document): Element {
  const [k, s, d, n, p] = ['k', 's', 'd', 'n', 'p'].map((key) => Number(params[key]));
  const x = tensor(Array.from({ length: n * n }, (_, i) => (params.input === 'ones' ? 1 : i + 1)), [1, 1, n, n]);
  const w = kernelOf(String(params.kernel), k);
  // Taps numbered 1, 2, 3, ...: a value in a phase kernel of this one names the tap it came from.
  const numbered = kernelOf('numbered', k);
  const options: ConvTransposeOptions = { strides: s, dilations: d, pads: p };
  const y = convTranspose(x, w, options);
  const split = polyphaseKernels(w, s, d);
  const where = polyphaseKernels(numbered, s, d);
  const phases = split.map((h) => name(h.phase));
  const tapPhase = new Map<number, string>();
  for (const h of where) h.kernel?.data.forEach((v) => v > 0 && tapPhase.set(v - 1, name(h.phase)));
  const live = split.map((h, e) => ({ h, at: where[e].kernel })).filter(({ h }) => h.kernel !== null);
  const hCells = live.flatMap(({ h, at }) => {
    const taps = at!.data;
    const cols = at!.shape[3];
    return cellsOf(h.kernel!, (i, j) => (taps[i * cols + j] > 0 ? name(h.phase) : null), `h${name(h.phase)}`);
  });
  const zCells = live.flatMap(({ h }) => cellsOf(convTranspose(x, h.kernel!), () => name(h.phase), `z${name(h.phase)}`));
  const gap = maxAbsDiff(polyphase(x, w, options), y);
  const empty = split.filter((h) => h.kernel === null).map((h) => name(h.phase));
  const sums = phaseSums(tensor(Array.from(w.data), [k, k]), s, d);
  const sumCells = cellsOf(sums, (i, j) => name([i, j]));
  const equal = sums.data.every((v) => Math.abs(v - sums.data[0]) < 1e-12);
  return describe(panels(document, [
    phased(document, cellsOf(x, () => null), `input x (${n}×${n})`, phases),
    phased(document, cellsOf(w, (i, j) => tapPhase.get(i * k + j) ?? null), `kernel w (${k}×${k}), taps by phase`, phases),
    note(document, `Tap j goes to phase (j·d) mod s on each axis: ${s}² = ${s * s} phase kernel${s > 1 ? 's' : ''}${empty.length ? ` (${empty.join(', ')} get${empty.length === 1 ? 's' : ''} no tap: ${empty.length === 1 ? 'its' : 'their'} outputs are zero)` : ''}. Each is an ordinary stride-1 convolution of x:`),
    phased(document, hCells, 'phase kernels hᵣ', phases, live.map(({ h }) => `h${name(h.phase)}`)),
    phased(document, zCells, 'phase outputs zᵣ = x ∗ hᵣ (stride 1, full)', phases, live.map(({ h }) => `z${name(h.phase)}`)),
    note(document, `Interleaved, they are the transposed convolution: y[q·s + r − p] = zᵣ[q]. Each cell of y is coloured by its phase r = (i + p) mod s.`),
    phased(document, cellsOf(y, (i, j) => name([(i + p) % s, (j + p) % s])), `y = convTranspose(x, w), stride ${s} (${y.shape[2]}×${y.shape[3]})`, phases),
    note(document, gap === 0
      ? 'polyphase(x, w) and convTranspose(x, w) agree exactly; the polyphase form never multiplies an inserted zero.'
      : `polyphase(x, w) and convTranspose(x, w) differ by at most ${gap.toExponential(1)} (float rounding); the polyphase form never multiplies an inserted zero.`),
    phased(document, sumCells, `phase sums Σ hᵣ (${s}×${s})`, phases),
    note(document, s === 1
      ? 'With stride 1 there is one phase, so a constant input gives a constant output away from the borders.'
      : equal
        ? `All ${s * s} phase sums are ${label(sums.data[0])}: a constant input c gives c · ${label(sums.data[0])} in every phase away from the borders, no checkerboard${hasUniformOverlap([k, k], s, d) ? '' : ', although the phases hold different numbers of taps'}.`
        : `The phase sums differ (${Array.from(sums.data, (v) => label(v)).join(', ')}): away from the borders, a constant input c gives c times its phase's sum in each phase, a checkerboard${params.input === 'ones' ? '' : '; set the input to "all ones" to compare y with them'}.`),
  ]), description(k, s, d, p, [x, w, y], sums, gap));
}
