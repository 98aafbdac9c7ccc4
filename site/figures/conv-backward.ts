/**
 * The backward pass of a convolution y = conv(x, w) + b, given the output gradient dy:
 * dL/dx (the transposed convolution of dy), dL/dw (a correlation of x with dy, one sum per
 * tap: the outlined inputs meet dy) and dL/db (the sum of dy). Every gradient comes from the
 * core; the checks compare it with convTranspose and with the adjoint identity.
 */
import {
  conv, convGradBias, convGradInput, convGradWeight, convInfo, convTranspose, dot, maxAbsDiff, randomTensor, stampOf,
  type ConvOptions, type Tensor,
} from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { grid, label, note, panels, rowsOf } from '../lib/plots';
import { keepSize } from '../lib/wide';
import { markCode } from '../lib/inlineCode';
import { pageLang, t, type Lang } from '../i18n';

export const controls: Control[] = [
  { name: 'n', label: 'input size', kind: 'range', min: 3, max: 7, value: 5 },
  { name: 'k', label: 'kernel size k', kind: 'range', min: 1, max: 4, value: 3 },
  { name: 's', label: 'stride s', kind: 'range', min: 1, max: 3, value: 2 },
  { name: 'p', label: 'padding p', kind: 'range', min: 0, max: 2, value: 1 },
  // The tap j = (j₁, j₂) of dL/dw, as two indices (a flat index would not match the [j₁][j₂] of the note).
  { name: 'j1', label: 'tap row j₁', kind: 'range', min: 0, max: 3, value: 1 },
  { name: 'j2', label: 'tap column j₂', kind: 'range', min: 0, max: 3, value: 1, animate: true },
  { name: 'seed', label: 'random numbers', kind: 'range', min: 0, max: 9, value: 0 },
];

function setup(params: Params) {
  const n = Number(params.n);
  const k = Number(params.k);
  const seed = Number(params.seed);
  const options: ConvOptions = { strides: Number(params.s), pads: Number(params.p) };
  const w = randomTensor([1, 1, k, k], { seed: 100 + seed, min: -2, max: 3, integers: true });
  const x = randomTensor([1, 1, n, n], { seed: 200 + seed, min: -2, max: 4, integers: true });
  const info = convInfo('gradient figure', x.shape, w.shape, options);
  const dy = randomTensor([1, 1, ...info.outShape], { seed: 300 + seed, min: -2, max: 3, integers: true });
  return { n, k, options, w, x, dy, info };
}

export function limits(params: Params) {
  const k = Number(params.k);
  return { j1: { min: 0, max: k - 1 }, j2: { min: 0, max: k - 1 } };
}

/** A factor in a printed sum: negatives in parentheses. */
const factor = (v: number) => (v < 0 ? `(${label(v)})` : label(v));

/** The figure in words: input, kernel and upstream gradient, then the three gradients with their values. */
function description(n: number, s: number, p: number, tensors: Tensor[], db: number, [ta, tb]: number[], lang: Lang): string {
  const names = [t('conv-backward.desc.input', lang), t('conv-backward.title.kernel', lang), t('conv-backward.desc.dy', lang),
    t('conv-backward.title.dx', lang), t('conv-backward.title.dw', lang)];
  return t('conv-backward.desc.settings', lang, { n, s, p, ta, tb })
    + t('figure.desc.sentence', lang, { text: tensors.map((m, e) => matrixText(names[e], rowsOf(m), (v) => label(v), lang)).join(t('figure.desc.join', lang)) })
    + t('conv-backward.desc.db', lang, { db: label(db) });
}

export function render(params: Params, document: Document): Element {
  const { n, k, options, w, x, dy, info } = setup(params);
  const lang = pageLang(document);
  const [ta, tb] = [Math.min(Number(params.j1), k - 1), Math.min(Number(params.j2), k - 1)];
  const tap = ta * k + tb;
  const dx = convGradInput(dy, w, { ...options, inputShape: [n, n] });
  const dw = convGradWeight(x, dy, { ...options, kernelShape: [k, k] });
  const db = convGradBias(dy);
  const asTranspose = convTranspose(dy, w, { ...options, outputPadding: info.outputPadding });
  // <dL/dx, v> must equal <conv(v, w), dy> for any v: the definition of the gradient of the linear map.
  const v = randomTensor(x.shape, { seed: 7 });
  const lhs = dot(dx, v);
  const rhs = dot(conv(v, w, options), dy);
  // dL/dw at one tap j: every output o pairs dy[o] with x at o·s + j − p (the outlined inputs),
  // the positions the core's stampOf gives for tap j of output o.
  const out = info.outShape[0];
  const [s, p] = [info.strides[0], info.padsBegin[0]]; // for the formula in the note
  const touched: [number, number][] = [];
  const dyCells: [number, number][] = [];
  const terms: string[] = [];
  for (let a = 0; a < out; a++) {
    for (let b = 0; b < out; b++) {
      const hit = stampOf(info, [a, b]).find((st) => st.tap[0] === ta && st.tap[1] === tb);
      if (hit === undefined) continue;
      const [r, c] = hit.at;
      touched.push([r, c]);
      dyCells.push([a, b]);
      terms.push(`${factor(x.data[r * n + c])}·${factor(dy.data[a * out + b])}`);
    }
  }
  const shown = terms.length > 9 ? [...terms.slice(0, 9), '…'] : terms;
  return markCode(describe(keepSize(panels(document, [
    grid(x, { title: t('conv-backward.title.input', lang, { n }), document, highlight: touched, cell: 24 }),
    grid(w, { title: t('conv-backward.title.kernel', lang), document, cell: 24 }),
    grid(dy, { title: t('conv-backward.title.dy', lang, { out }), document, highlight: dyCells, cell: 24 }),
    grid(dx, { title: t('conv-backward.title.dx', lang), document, cell: 24 }),
    grid(dw, { title: t('conv-backward.title.dw', lang), document, highlight: [[ta, tb]], cell: 24 }),
    grid([[db.data[0]]], { title: t('conv-backward.title.db', lang), document, cell: 24, minWidth: 78 }),
    panels(document, [
      note(document, t('conv-backward.note.dw', lang, { ta, tb, s, p, terms: shown.join(' + ') || t('conv-backward.note.noTerms', lang), value: label(dw.data[tap]) })),
      note(document, t('conv-backward.note.db', lang, { db: label(db.data[0]), gap: maxAbsDiff(dx, asTranspose) })),
      note(document, t('conv-backward.note.check', lang, { lhs: lhs.toPrecision(12), rhs: rhs.toPrecision(12) }), 'figure-note figure-formula'),
    ], 'figure-notes'),
  ])), description(n, info.strides[0], info.padsBegin[0], [x, w, dy, dx, dw], db.data[0], [ta, tb], lang)));
}
