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
import { pageLang, t, type Lang } from '../i18n';

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
function description(k: number, s: number, d: number, p: number, [x, w, y]: Tensor[], sums: Tensor, gap: number, lang: Lang): string {
  const f = (v: number) => label(v);
  const parts = [
    matrixText(t('polyphase-split.desc.input', lang), rowsOf(x), f, lang), matrixText(t('polyphase-split.desc.kernel', lang), rowsOf(w), f, lang),
    matrixText('y = convTranspose(x, w)', rowsOf(y), f, lang), matrixText(t('polyphase-split.desc.sums', lang), rowsOf(sums), f, lang),
  ];
  return t('polyphase-split.desc.settings', lang, { k, s, d, p, count: s * s })
    + t('figure.desc.sentence', lang, { text: parts.join(t('figure.desc.join', lang)) })
    + t('polyphase-split.desc.gap', lang, { gap: gap === 0 ? '0' : gap.toExponential(1) });
}

export function render(params: Params, document: Document): Element {
  const [k, s, d, n, p] = ['k', 's', 'd', 'n', 'p'].map((key) => Number(params[key]));
  const lang = pageLang(document);
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
    phased(document, cellsOf(x, () => null), t('polyphase-split.title.input', lang, { n }), phases),
    phased(document, cellsOf(w, (i, j) => tapPhase.get(i * k + j) ?? null), t('polyphase-split.title.kernel', lang, { k }), phases),
    note(document, t(s > 1 ? 'polyphase-split.note.tapsMany' : 'polyphase-split.note.tapsOne', lang, {
      s, count: s * s,
      empty: empty.length ? t(empty.length === 1 ? 'polyphase-split.note.emptyOne' : 'polyphase-split.note.emptyMany', lang, { phases: empty.join(', ') }) : '',
    })),
    phased(document, hCells, t('polyphase-split.title.kernels', lang), phases, live.map(({ h }) => `h${name(h.phase)}`)),
    phased(document, zCells, t('polyphase-split.title.outputs', lang), phases, live.map(({ h }) => `z${name(h.phase)}`)),
    note(document, t('polyphase-split.note.interleave', lang)),
    phased(document, cellsOf(y, (i, j) => name([(i + p) % s, (j + p) % s])), t('polyphase-split.title.y', lang, { s, rows: y.shape[2], cols: y.shape[3] }), phases),
    note(document, gap === 0
      ? t('polyphase-split.note.agree', lang)
      : t('polyphase-split.note.differ', lang, { gap: gap.toExponential(1) })),
    phased(document, sumCells, t('polyphase-split.title.sums', lang, { s }), phases),
    note(document, s === 1
      ? t('polyphase-split.note.one', lang)
      : equal
        ? t('polyphase-split.note.equal', lang, {
          count: s * s, sum: label(sums.data[0]), although: hasUniformOverlap([k, k], s, d) ? '' : t('polyphase-split.note.although', lang),
        })
        : t('polyphase-split.note.unequal', lang, {
          sums: Array.from(sums.data, (v) => label(v)).join(', '), hint: params.input === 'ones' ? '' : t('polyphase-split.note.hint', lang),
        })),
  ]), description(k, s, d, p, [x, w, y], sums, gap, lang));
}
