/**
 * Caffe's lowering of a convolution to one matrix product, both ways round.
 *   Convolution forward:   col = im2col(x) [K × P],  Y = W col          [c × P]
 *   Deconvolution forward: col = Wᵀ X       [K × P],  y = col2im(col)    (the convolution's backward GEMM)
 * K = k·k taps of a 1-channel image, P = output positions of the convolution, c = channels of
 * the small side (filters of the convolution, inputs of the deconvolution). The same weight blob
 * W [c × K] serves both. The traced column shows where one position's K values come from or go to;
 * the last panel counts how many columns touch each image position. All numbers come from the core.
 */
import {
  col2im, conv, convInfo, convTranspose, im2col, matmul, maxAbsDiff, randomTensor, reshape, stampOf, tensor,
  type ConvOptions, type Tensor,
} from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { grid, label, note, panels, rowsOf } from '../lib/plots';
import { keepSize } from '../lib/wide';
import { markCode } from '../lib/inlineCode';
import { pageLang, t, type Lang } from '../i18n';

export const controls: Control[] = [
  { name: 'n', label: 'image size', kind: 'range', min: 3, max: 7, value: 5 },
  { name: 'k', label: 'kernel size k', kind: 'range', min: 1, max: 3, value: 3 },
  { name: 's', label: 'stride s', kind: 'range', min: 1, max: 3, value: 2 },
  { name: 'p', label: 'padding p', kind: 'range', min: 0, max: 2, value: 1 },
  { name: 'c', label: 'channels c', kind: 'range', min: 1, max: 3, value: 2 },
  { name: 'col', label: 'column traced', kind: 'range', min: 0, max: 120, value: 4, animate: true },
  {
    name: 'pass', label: 'forward pass of', kind: 'select', value: 'deconv',
    options: [
      { value: 'deconv', label: 'Deconvolution: Wᵀ X, col2im' },
      { value: 'conv', label: 'Convolution: im2col, W col' },
    ],
  },
];

function setup(params: Params) {
  const n = Number(params.n);
  const k = Number(params.k);
  const c = Number(params.c);
  const options: ConvOptions = { strides: Number(params.s), pads: Number(params.p) };
  const info = convInfo('im2col figure', [1, 1, n, n], [c, 1, k, k], options);
  return { n, k, c, options, info, out: info.outShape[0], taps: k * k };
}

export function limits(params: Params) {
  const { out } = setup(params);
  return { col: { min: 0, max: out * out - 1 } };
}

/** The figure in words: the pass, the traced column, and the matrices with their values. */
function description(pass: string, column: number, matrices: [string, Tensor][], check: number, lang: Lang): string {
  const f = (v: number) => label(v);
  return t('im2col.desc.lead', lang, { pass, column })
    + t('figure.desc.sentence', lang, { text: matrices.map(([name, m]) => matrixText(name, rowsOf(m), f, lang)).join(t('figure.desc.join', lang)) })
    + t('im2col.desc.check', lang, { check });
}

export function render(params: Params, document: Document): Element {
  const { n, k, c, options, info, out, taps } = setup(params);
  const lang = pageLang(document);
  const positions = out * out;
  const j = Math.min(Number(params.col), positions - 1);
  const [oa, ob] = [Math.floor(j / out), j % out];
  const w = randomTensor([c, 1, k, k], { seed: 9, min: -2, max: 3, integers: true });
  const wRows = reshape(w, [c, taps]);
  const ones = tensor(new Float64Array(taps * positions).fill(1), [1, taps, positions]);
  const counts = col2im(ones, [1, 1, n, n], [k, k], options);
  // Image cells that column j reads or writes: its output position's stamp (the core's stampOf);
  // the taps it leaves out fall in the padding.
  const stamp = stampOf(info, [oa, ob]);
  const traced = stamp.map((st) => st.at as [number, number]);
  const inside = new Set(stamp.map((st) => st.tap[0] * k + st.tap[1]));
  const entries = Array.from({ length: taps }, (_, t) => [t, j] as [number, number]);
  const column = entries.filter(([t]) => inside.has(t));
  const tracedTaps = entries.filter(([t]) => !inside.has(t));
  const cell = Math.max(9, Math.min(22, Math.floor(460 / positions)));
  const size = `${n}×${n}`;
  const countNote = note(document, t('im2col.note.count', lang, { min: Math.min(...counts.data), max: Math.max(...counts.data), j, oa, ob }));

  if (params.pass === 'conv') {
    const x = randomTensor([1, 1, n, n], { seed: 12, min: -2, max: 4, integers: true });
    const cols = im2col(x, [k, k], options);
    const colMatrix = reshape(cols, [taps, positions]);
    const y = matmul(wRows, colMatrix);
    const check = maxAbsDiff(reshape(y, [1, c, out, out]), conv(x, w, options));
    return markCode(describe(keepSize(panels(document, [
      grid(x, { title: t('im2col.title.image', lang, { size }), document, highlight: traced, cell: 22 }),
      grid(colMatrix, { title: t('im2col.title.col', lang, { taps, positions }), document, highlight: column, faded: tracedTaps, cell }),
      grid(wRows, { title: t('im2col.title.w', lang, { c, taps }), document, cell: 22 }),
      grid(y, { title: t('im2col.title.y', lang, { c, positions }), document, highlight: Array.from({ length: c }, (_, m) => [m, j] as [number, number]), cell }),
      grid(counts, { title: t('im2col.title.copies', lang), document, scheme: 'sequential', cell: 22 }),
      panels(document, [
        note(document, t('im2col.note.conv', lang, { c, out, check })),
        countNote,
      ], 'figure-notes'),
    ])), description(t('im2col.desc.conv', lang), j, [[t('im2col.desc.image', lang), x], ['W', wRows], [t('im2col.desc.y', lang), y]], check, lang)));
  }
  const x = randomTensor([1, c, out, out], { seed: 13, min: -2, max: 4, integers: true });
  const xRows = reshape(x, [c, positions]);
  const col = matmul(wRows, xRows, { transposeA: true });
  // Wᵀ drawn as the matrix matmul reads with transposeA (layout only).
  const wT = Array.from({ length: taps }, (_, t) => Array.from({ length: c }, (_, m) => wRows.data[m * taps + t]));
  const y = col2im(reshape(col, [1, taps, positions]), [1, 1, n, n], [k, k], options);
  const check = maxAbsDiff(y, convTranspose(x, w, { ...options, outputPadding: info.outputPadding }));
  return markCode(describe(keepSize(panels(document, [
    grid(xRows, { title: t('im2col.title.bottom', lang, { c, positions }), document, highlight: Array.from({ length: c }, (_, m) => [m, j] as [number, number]), cell }),
    grid(wT, { title: t('im2col.title.wT', lang, { taps, c }), document, cell: 22, minWidth: 22 * c + 54 }),
    grid(col, { title: t('im2col.title.colT', lang, { taps, positions }), document, highlight: column, faded: tracedTaps, cell }),
    grid(y, { title: t('im2col.title.top', lang, { size }), document, highlight: traced, cell: 22 }),
    grid(counts, { title: t('im2col.title.writes', lang), document, scheme: 'sequential', cell: 22 }),
    panels(document, [
      note(document, t('im2col.note.deconv', lang, { check })),
      countNote,
    ], 'figure-notes'),
  ])), description(t('im2col.desc.deconv', lang), j, [[t('im2col.desc.bottom', lang), xRows], ['W', wRows], [t('im2col.desc.top', lang), y]], check, lang)));
}
