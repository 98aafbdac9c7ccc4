/**
 * Scatter ("stamp"): step through the input positions; each value scales the kernel and is
 * added into the output with its first tap (j = 0) at o*s - p, taps d apart. Panels: the input with the current
 * position, the kernel, the output so far with the current stamp outlined, and how many
 * stamps reach each output position.
 */
import { convTransposeInfo, scatter, scatterPartial, stampOf, tensor, type ConvInfo, type ConvTransposeOptions, type Tensor } from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { grid, label, note, panels, rowsOf } from '../lib/plots';
import { keepSize } from '../lib/wide';
import { pageLang, t, type Lang } from '../i18n';

export const controls: Control[] = [
  { name: 'n', label: 'input size', kind: 'range', min: 2, max: 5, value: 3 },
  { name: 'k', label: 'kernel size k', kind: 'range', min: 1, max: 4, value: 3 },
  { name: 's', label: 'stride s', kind: 'range', min: 1, max: 3, value: 2 },
  { name: 'p', label: 'padding p', kind: 'range', min: 0, max: 3, value: 0 },
  { name: 'op', label: 'output padding', kind: 'range', min: 0, max: 2, value: 0 },
  { name: 'd', label: 'dilation d', kind: 'range', min: 1, max: 3, value: 1 },
  {
    name: 'kernel', label: 'kernel', kind: 'select', value: 'ones',
    options: [{ value: 'ones', label: 'all ones' }, { value: 'ramp', label: '1, 2, 3, ...' }],
  },
  { name: 't', label: 'stamps applied', kind: 'range', min: 0, max: 9, value: 4, animate: true },
];

function setup(params: Params) {
  const n = Number(params.n);
  const k = Number(params.k);
  const x = tensor(Array.from({ length: n * n }, (_, i) => i + 1), [1, 1, n, n]);
  const w = tensor(Array.from({ length: k * k }, (_, i) => (params.kernel === 'ramp' ? i + 1 : 1)), [1, 1, k, k]);
  const options: ConvTransposeOptions = {
    strides: Number(params.s), pads: Number(params.p), outputPadding: Number(params.op), dilations: Number(params.d),
  };
  return { n, k, x, w, options };
}

export function limits(params: Params) {
  const n = Number(params.n);
  return { t: { min: 0, max: n * n } };
}

/** Where the stamp of x[o₁][o₂] lands, with the numbers: first tap at o·s − p, the others d apart. */
function stampNote(o: readonly number[], value: number, info: ConvInfo, lang: Lang): string {
  const [s, p, d, k, size] = [info.strides[0], info.padsBegin[0], info.dilations[0], info.kernel[0], info.inShape[0]];
  const signed = (v: number) => (v < 0 ? `−${-v}` : String(v));
  const first = o.map((oa) => oa * s - p);
  const last = first.map((f) => f + d * (k - 1));
  const [f0, f1, l0, l1] = [first[0], first[1], last[0], last[1]].map(signed);
  const start = t('scatter.note.first', lang, { o0: o[0], o1: o[1], s, p, f0, f1 });
  const rest = k === 1 ? '' : t('scatter.note.rest', lang, { d, k, f0, f1, l0, l1 });
  const cut = [...first, ...last].some((v) => v < 0 || v >= size) ? t('scatter.note.cut', lang, { last: size - 1 }) : '';
  return t('scatter.note.stamp', lang, { o0: o[0], o1: o[1], value, first: start, rest, cut });
}

/** The figure in words: settings, then input, kernel and the output so far, with their numbers. */
function description(params: Params, applied: number, n: number, [x, w, partial]: Tensor[], value: number | undefined, lang: Lang): string {
  const f = (v: number) => label(v);
  const last = value === undefined ? '' : t('scatter.desc.last', lang, { value });
  return t('scatter.desc.settings', lang, { s: String(params.s), p: String(params.p), op: String(params.op), d: String(params.d), t: applied, total: n * n, last })
    + t('figure.desc.sentence', lang, {
      text: [
        matrixText(t('scatter.desc.input', lang), rowsOf(x), f, lang),
        matrixText(t('scatter.title.kernel', lang), rowsOf(w), f, lang),
        matrixText(t('scatter.desc.output', lang, { t: applied }), rowsOf(partial), f, lang),
      ].join(t('figure.desc.join', lang)),
    });
}

export function render(params: Params, document: Document): Element {
  const { n, x, w, options } = setup(params);
  const lang = pageLang(document);
  const applied = Math.min(Number(params.t), n * n);
  const info = convTransposeInfo('scatter figure', x.shape, w.shape, options);
  const partial = scatterPartial(x, w, options, applied);
  const current = applied > 0 ? [Math.floor((applied - 1) / n), (applied - 1) % n] : undefined;
  const stamp = current ? stampOf(info, current).map((s) => s.at as [number, number]) : [];
  // How many stamps reach each output: the scatter of all-ones input with an all-ones kernel.
  const ones = (shape: readonly number[]): Tensor => tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape);
  const overlap = scatter(ones(x.shape), ones(w.shape), options);
  const full = scatter(x, w, options);
  const extent = Math.max(...full.data.map(Math.abs));
  return describe(keepSize(panels(document, [
    grid(x, { title: t('scatter.title.input', lang, { n }), document, highlight: current ? [current as [number, number]] : [], scheme: 'sequential' }),
    grid(w, { title: t('scatter.title.kernel', lang), document, scheme: 'sequential' }),
    grid(partial, { title: t('scatter.title.output', lang, { t: applied, total: n * n, size: info.inShape.join('×') }), document, highlight: stamp, scheme: 'sequential', domain: [0, extent] }),
    grid(overlap, { title: t('scatter.title.overlap', lang), document, scheme: 'sequential' }),
    note(document, current ? stampNote(current, x.data[applied - 1], info, lang) : t('scatter.note.idle', lang)),
  ])), description(params, applied, n, [x, w, partial], current ? x.data[applied - 1] : undefined, lang));
}
