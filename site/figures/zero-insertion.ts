/**
 * Zero insertion, the conv-arithmetic way (Dumoulin & Visin 2016, section 4): the transposed
 * convolution as a stride-1 convolution of the input with s-1 zeros inserted and d(k-1)-p
 * padding, by the flipped kernel. A case select sets the sliders to a named case (and holds
 * them there; "custom" frees them); the animated slider steps through the output positions.
 * Every grid comes from the core's zeroInsertionSteps; here we only decide what to outline.
 */
import { convOutputSize, convTransposeOutputSize, tensor, zeroInsertionSteps, type ConvTransposeOptions, type Tensor } from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { grid, label, note, panels, rowsOf } from '../lib/plots';
import { keepSize } from '../lib/wide';
import { pageLang, t, tables, type Lang, type MessageKey } from '../i18n';

interface Case {
  label: string;
  i: number;
  k: number;
  s: number;
  p: number;
  d: number;
  a: number;
}

/** The cases: the first seven are the transposed cases of the guide's section 4, the last two are added here (field i holds nᵢₙ, kept as i for the URL; kernel k, stride s, padding p, dilation d, output padding a). */
const CASES: Record<string, Case> = {
  'no-padding': { label: 'no padding (2 → 4)', i: 2, k: 3, s: 1, p: 0, d: 1, a: 0 },
  padding: { label: 'padding (6 → 5)', i: 6, k: 4, s: 1, p: 2, d: 1, a: 0 },
  same: { label: 'half / same padding (5 → 5)', i: 5, k: 3, s: 1, p: 1, d: 1, a: 0 },
  full: { label: 'full padding (7 → 5)', i: 7, k: 3, s: 1, p: 2, d: 1, a: 0 },
  strides: { label: 'strides (2 → 5)', i: 2, k: 3, s: 2, p: 0, d: 1, a: 0 },
  'strides-padding': { label: 'strides and padding (3 → 5)', i: 3, k: 3, s: 2, p: 1, d: 1, a: 0 },
  odd: { label: 'odd sizes: output padding 1 (3 → 6)', i: 3, k: 3, s: 2, p: 1, d: 1, a: 1 },
  'output-padding': { label: 'output padding 2, stride 3 (2 → 6)', i: 2, k: 3, s: 3, p: 1, d: 1, a: 2 },
  dilation: { label: 'dilation 2 (3 → 7)', i: 3, k: 3, s: 1, p: 0, d: 2, a: 0 },
};
const START = 'strides-padding';

const RANGES = { i: [1, 7], k: [1, 4], s: [1, 3], p: [0, 4], d: [1, 3], a: [0, 2] } as const;
type Param = keyof typeof RANGES;
const PARAMS = Object.keys(RANGES) as Param[];
// Sizes are nᵢₙ and nₒᵤₜ, as on the intro page: o and i are positions (in the input and the output).
const LABELS: Record<Param, string> = {
  i: 'input size nᵢₙ', k: 'kernel size k', s: 'stride s', p: 'padding p', d: 'dilation d', a: 'output padding a',
};

export const controls: Control[] = [
  {
    name: 'preset', label: 'case', kind: 'select', value: START,
    options: [...Object.entries(CASES).map(([value, c]) => ({ value, label: c.label })), { value: 'custom', label: 'custom: move the sliders' }],
  },
  // The largest output is 30×30; limits() narrows the range to the current one (a wide static max keeps shared URLs intact).
  { name: 't', label: 'output positions done', kind: 'range', min: 0, max: 900, value: 8, animate: true },
  ...PARAMS.map((name): Control => ({
    name, label: LABELS[name], kind: 'range', min: RANGES[name][0], max: RANGES[name][1], value: CASES[START][name],
  })),
  {
    name: 'kernel', label: 'kernel', kind: 'select', value: 'ramp',
    options: [{ value: 'ramp', label: '1, 2, 3, … (shows the flip)' }, { value: 'ones', label: 'all ones' }],
  },
];

/** The settings in force: a named case holds its values, "custom" takes the sliders. */
function settings(params: Params): Case {
  const named = CASES[String(params.preset)];
  if (named) return named;
  const n = (name: Param) => Number(params[name]);
  return { label: 'custom', i: n('i'), k: n('k'), s: n('s'), p: n('p'), d: n('d'), a: n('a') };
}

function outputSize(c: Case): number {
  return convTransposeOutputSize(c.i, c.k, c.s, c.d, c.p, c.p, c.a);
}

export function limits(params: Params) {
  const c = settings(params);
  const named = CASES[String(params.preset)] !== undefined;
  const ranges: Record<string, { min?: number; max: number }> = {};
  for (const name of PARAMS) ranges[name] = named ? { min: c[name], max: c[name] } : { min: RANGES[name][0], max: RANGES[name][1] };
  ranges.t = { min: 0, max: Math.max(1, outputSize(c)) ** 2 };
  return ranges;
}

const times = (n: number) => `${n}×${n}`;
/** A term of a printed sum: negatives in parentheses. */
const term = (n: number) => (n < 0 ? `(−${-n})` : String(n));

type Kind = 'value' | 'zero' | 'pad';

/** The padded cells of one kind, for grid's `shade` (padding) and `dashed` (inserted zeros, never mistaken for small input values). */
const cellsOf = (size: number, kind: (r: number, q: number) => Kind, which: Kind): [number, number][] =>
  Array.from({ length: size * size }, (_, e): [number, number] => [Math.floor(e / size), e % size]).filter(([i, j]) => kind(i, j) === which);

/** The figure in words: the case, the sizes, and the outputs computed so far with their values. */
function description(
  c: Case, name: string, x: Tensor, flipped: Tensor, padded: number, out: number, done: number, y: Tensor, lang: Lang,
): string {
  const f = (v: number) => label(v);
  const values = Array.from(y.data.subarray(0, Math.min(done, 100)), f).join(' ');
  return t('zero-insertion.desc.settings', lang, { name, size: times(c.i), k: c.k, s: c.s, p: c.p, d: c.d, a: c.a })
    + t('figure.desc.sentence', lang, {
      text: t('zero-insertion.desc.body', lang, {
        x: matrixText(t('zero-insertion.desc.input', lang), rowsOf(x), f, lang),
        kernel: matrixText(t('zero-insertion.title.flipped', lang), rowsOf(flipped), f, lang),
        padded: times(padded), out: times(out), t: done, total: out * out,
      }) + (done > 0 ? t('zero-insertion.desc.rows', lang, { values, more: done > 100 ? ' …' : '' }) : ''),
    });
}

/** The case's name in lang: its option label, or "custom". */
function caseName(params: Params, lang: Lang): string {
  const key = `zero-insertion.option.preset.${String(params.preset)}`;
  return CASES[String(params.preset)] && key in tables.en ? t(key as MessageKey, lang) : t('zero-insertion.desc.custom', lang);
}

export function render(params: Params, document: Document): Element {
  const c = settings(params);
  const lang = pageLang(document);
  const x = tensor(Array.from({ length: c.i * c.i }, (_, j) => j + 1), [1, 1, c.i, c.i]);
  const w = tensor(Array.from({ length: c.k * c.k }, (_, j) => (params.kernel === 'ones' ? 1 : j + 1)), [1, 1, c.k, c.k]);
  const options: ConvTransposeOptions = { strides: c.s, pads: c.p, dilations: c.d, outputPadding: c.a };
  const steps = zeroInsertionSteps(x, w, options);
  const up = steps.upsampled.shape[2];
  const padded = steps.padded.shape[2];
  const out = steps.output.shape[2];
  const before = steps.padBegin[0];
  const after = steps.padEnd[0];
  const done = Math.min(Math.max(0, Number(params.t)), out * out);

  // Which padded cells hold an input value, an inserted zero, or padding.
  const kind = (r: number, q: number): Kind => {
    const [u, v] = [r - before, q - before];
    if (u < 0 || v < 0 || u >= up || v >= up) return 'pad';
    return u % c.s === 0 && v % c.s === 0 ? 'value' : 'zero';
  };
  const current = done > 0 ? [Math.floor((done - 1) / out), (done - 1) % out] : undefined;
  const window: [number, number][] = [];
  if (current) {
    for (let a = 0; a < c.k; a++) for (let b = 0; b < c.k; b++) window.push([current[0] + a * c.d, current[1] + b * c.d]);
  }
  const blank: [number, number][] = [];
  for (let j = done; j < out * out; j++) blank.push([Math.floor(j / out), j % out]);
  const cell = Math.max(14, Math.min(26, Math.floor(440 / padded)));
  const outCell = Math.max(14, Math.min(26, Math.floor(300 / out)));
  const top = Math.max(...steps.output.data);
  // The input's colour scale starts below 0, so that the input value 1 is clearly blue, never white like a zero.
  const inputTop = c.i * c.i;
  const inputDomain: [number, number] = [-inputTop / 4, inputTop];

  const ek = c.d * (c.k - 1);
  const formula = `nₒᵤₜ = s(nᵢₙ − 1) + a + d(k − 1) + 1 − 2p = ${c.s}·(${c.i} − 1) + ${c.a} + ${c.d}·(${c.k} − 1) + 1 − 2·${c.p} = ${out}`;
  const padText = before >= 0
    ? t('zero-insertion.note.pad', lang, { d: c.d, k: c.k, p: c.p, before, extra: c.a ? t('zero-insertion.note.padExtra', lang, { a: c.a }) : '' })
    : t('zero-insertion.note.crop', lang, { d: c.d, k: c.k, p: c.p, cut: -before, extra: c.a ? t('zero-insertion.note.cropExtra', lang, { a: c.a }) : '' });
  // Front padding + stretched input + end padding (+ output padding), in the order of the grid.
  const sum = `${term(before)} + ${up} + ${term(after - c.a)}${c.a ? ` + ${c.a}` : ''} = ${padded}`;
  // The forward convolution this transposes: nₒᵤₜ inputs convolve back down to nᵢₙ.
  const back = convOutputSize(out, c.k, c.s, c.d, c.p, c.p);
  const natural = out - c.a;
  const siblings = Array.from({ length: Math.max(c.s, c.d) }, (_, j) => natural + j)
    .filter((n) => n + 2 * c.p >= ek + 1 && convOutputSize(n, c.k, c.s, c.d, c.p, c.p) === c.i);
  const others = siblings.length > 1
    ? t('zero-insertion.note.others', lang, {
      list: siblings.filter((n) => n !== out).map(times).join(t('zero-insertion.note.and', lang)), size: times(c.i), a: c.a, out,
    })
    : '';
  const value = current ? steps.output.data[current[0] * out + current[1]] : undefined;

  return describe(keepSize(panels(document, [
    grid(x, { title: t('zero-insertion.title.input', lang, { size: times(c.i) }), document, scheme: 'sequential', domain: inputDomain, cell: 22 }),
    grid(w, { title: t('zero-insertion.title.kernel', lang), document, scheme: 'sequential', cell: 22 }),
    grid(steps.kernel, { title: t('zero-insertion.title.flipped', lang), document, scheme: 'sequential', cell: 22 }),
    grid(steps.padded, {
      title: t('zero-insertion.title.padded', lang, { size: times(padded) }), document, scheme: 'sequential', cell, domain: inputDomain, highlight: window,
      shade: cellsOf(padded, kind, 'pad'), dashed: cellsOf(padded, kind, 'zero'),
    }),
    grid(steps.output, {
      title: t('zero-insertion.title.output', lang, { size: times(out), t: done, total: out * out }), document, scheme: 'sequential', domain: [0, top],
      blank, highlight: current ? [current as [number, number]] : [], cell: outCell,
    }),
    panels(document, [
      note(document, t(c.s === 2 ? 'zero-insertion.note.step1One' : 'zero-insertion.note.step1Many', lang, {
        z: c.s - 1, from: times(c.i), to: times(up), s: c.s, i: c.i, up,
      })),
      note(document, t('zero-insertion.note.step2', lang, { pad: padText, from: times(up), to: times(padded), sum })),
      note(document, t('zero-insertion.note.step3', lang, {
        size: times(c.k), taps: c.d > 1 ? t('zero-insertion.note.taps', lang, { d: c.d }) : '', padded, d: c.d, k: c.k, out,
      })),
      note(document, formula, 'figure-note figure-formula'),
      note(document, t('zero-insertion.note.transposes', lang, {
        size: times(out), k: c.k, s: c.s, p: c.p, dil: c.d > 1 ? `, d = ${c.d}` : '',
        formula: `⌊(${out} + 2·${c.p} − ${c.d}·(${c.k} − 1) − 1) / ${c.s}⌋ + 1`, back, others,
      })),
      note(document, current
        ? t('zero-insertion.note.value', lang, { r: current[0], c: current[1], value: String(value) })
        : t('zero-insertion.note.idle', lang)),
    ], 'figure-notes'),
  ])), description(c, caseName(params, lang), x, steps.kernel, padded, out, done, steps.output, lang));
}
