/**
 * FCN's transposed convolution next to the three bilinear resizing conventions, on one 1-D
 * signal: bilinearUpsample (k = 2f − f%2, s = f, p = ⌈(f−1)/2⌉) and resizeBy with
 * half_pixel, align_corners and asymmetric coordinates. The shaded band is the interior
 * where half-pixel interpolation reads no clamped position; compareUpsampling measures the
 * differences there and over the whole output. Drawing only: every value is the core's.
 */
import * as Plot from '@observablehq/plot';
import { bilinearUpsample, compareUpsampling, resizeBy, tensor, type Tensor } from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { label, note, panels } from '../lib/plots';
import { scroller } from '../lib/wide';
import { pageLang, t, type Lang } from '../i18n';

// The first n values are used (n is the length slider); the chart's title lists them.
const SIGNALS: Record<string, { label: string; values: number[] }> = {
  uneven: { label: 'uneven: first n of 2, 5, 3, 4, 1, 3, 5, 4', values: [2, 5, 3, 4, 1, 3, 5, 4] },
  ramp: { label: 'ramp: 1, 2, …, n', values: [1, 2, 3, 4, 5, 6, 7, 8] },
  constant: { label: 'constant: n ones', values: [1, 1, 1, 1, 1, 1, 1, 1] },
};

export const controls: Control[] = [
  { name: 'f', label: 'factor f', kind: 'range', min: 1, max: 6, value: 2 },
  { name: 'n', label: 'input length n', kind: 'range', min: 2, max: 8, value: 5 },
  {
    name: 'signal', label: 'input', kind: 'select', value: 'uneven',
    options: Object.entries(SIGNALS).map(([value, s]) => ({ value, label: s.label })),
  },
];

// Each method's name is the message 'upsampling-conventions.method.<key>'.
const METHODS = [
  { key: 'fcn', color: '#e8590c', dash: null },
  { key: 'half_pixel', color: '#1c7ed6', dash: '5 3' },
  { key: 'align_corners', color: '#2f9e44', dash: null },
  { key: 'asymmetric', color: '#9c36b5', dash: null },
] as const;

type Key = (typeof METHODS)[number]['key'];

/** A method's name in the legend, the table and the description. */
const methodName = (key: Key, lang: Lang) => t(`upsampling-conventions.method.${key}`, lang);

/** The figure in words: the input, then each method's output samples. */
function description(x: Tensor, f: number, outputs: Record<Key, Tensor>, interior: number, begin: number, end: number, lang: Lang): string {
  const f4 = (v: number) => label(v, 4);
  const parts = METHODS.map((method) => matrixText(methodName(method.key, lang), [Array.from(outputs[method.key].data)], f4, lang));
  return t('upsampling-conventions.desc.input', lang, { values: Array.from(x.data, f4).join(', '), f })
    + t('figure.desc.sentence', lang, { text: parts.join(t('figure.desc.join', lang)) })
    + t('upsampling-conventions.desc.interior', lang, { begin, last: end - 1, gap: interior.toExponential(1) });
}

export function render(params: Params, document: Document): Element {
  const f = Number(params.f);
  const n = Number(params.n);
  const lang = pageLang(document);
  const signal = SIGNALS[String(params.signal)] ?? SIGNALS.uneven;
  const x = tensor(signal.values.slice(0, n), [1, 1, n]);
  const outputs: Record<Key, Tensor> = {
    fcn: bilinearUpsample(x, f),
    half_pixel: resizeBy(x, f, { coordinates: 'half_pixel' }),
    align_corners: resizeBy(x, f, { coordinates: 'align_corners' }),
    asymmetric: resizeBy(x, f, { coordinates: 'asymmetric' }),
  };
  const c = compareUpsampling(x, f);
  const [begin, end] = c.interior[0];
  const m = n * f;
  const points = METHODS.flatMap((method) => Array.from(outputs[method.key].data, (v, i) => ({ i, v, method: methodName(method.key, lang) })));
  // Input sample o sits at output coordinate f·o + (f − 1)/2: the half-pixel centres.
  const inputs = Array.from(x.data, (v, o) => ({ i: f * o + (f - 1) / 2, v }));
  const top = Math.max(...points.map((d) => d.v), ...inputs.map((d) => d.v));
  const chart = Plot.plot({
    document,
    title: t('upsampling-conventions.title.chart', lang, { values: signal.values.slice(0, n).join(', '), n, f, m }),
    width: 640,
    height: 260,
    marginLeft: 36,
    x: { label: t('upsampling-conventions.axis.x', lang), domain: [-0.7, m - 0.3], ticks: m <= 24 ? Array.from({ length: m }, (_, i) => i) : undefined },
    y: { label: null, domain: [0, top * 1.08], grid: true },
    color: { legend: true, domain: METHODS.map((d) => methodName(d.key, lang)), range: METHODS.map((d) => d.color) },
    marks: [
      Plot.rect([{ x1: begin - 0.5, x2: end - 0.5 }], { x1: 'x1', x2: 'x2', fill: '#fff3bf', fillOpacity: 0.6 }),
      Plot.dot(inputs, { x: 'i', y: 'v', r: 7, fill: '#dee2e6', stroke: '#495057' }),
      ...METHODS.map((method) => Plot.line(points.filter((d) => d.method === methodName(method.key, lang)), {
        x: 'i', y: 'v', stroke: 'method', strokeWidth: 1.8, strokeDasharray: method.dash ?? undefined,
      })),
      Plot.dot(points, { x: 'i', y: 'v', fill: 'method', r: 2.5 }),
      Plot.text([{ i: (begin + end - 1) / 2, v: 0 }], { x: 'i', y: 'v', text: () => t('upsampling-conventions.mark.interior', lang), dy: -7, fill: '#946800', fontSize: 10 }),
    ],
  });
  const table = document.createElement('table');
  table.setAttribute('class', 'up-table');
  const head = document.createElement('tr');
  for (const h of [t('upsampling-conventions.table.method', lang), 'y[0]', 'y[1]', `y[${m - 1}]`, t('upsampling-conventions.table.interior', lang), t('upsampling-conventions.table.all', lang)]) {
    const th = document.createElement('th');
    th.textContent = h;
    head.appendChild(th);
  }
  table.appendChild(head);
  const differences: Record<Key, [number, number]> = {
    fcn: [0, 0],
    half_pixel: [c.interiorMaxError, Math.max(c.interiorMaxError, c.borderMaxError)],
    align_corners: [c.alignCornersInteriorMaxDiff, c.alignCornersMaxDiff],
    asymmetric: [c.asymmetricInteriorMaxDiff, c.asymmetricMaxDiff],
  };
  const show = (v: number) => (v !== 0 && Math.abs(v) < 1e-6 ? v.toExponential(1) : label(v, 4));
  for (const method of METHODS) {
    const row = document.createElement('tr');
    const y = outputs[method.key].data;
    const cells = [methodName(method.key, lang), show(y[0]), m > 1 ? show(y[1]) : '–', show(y[m - 1]),
      method.key === 'fcn' ? '–' : show(differences[method.key][0]), method.key === 'fcn' ? '–' : show(differences[method.key][1])];
    cells.forEach((text, e) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (e === 0) td.setAttribute('style', `color: ${method.color}; font-weight: 600`);
      row.appendChild(td);
    });
    table.appendChild(row);
  }
  const x0 = x.data[0];
  const y0 = outputs.fcn.data[0];
  const border = f === 1
    ? t('upsampling-conventions.note.identity', lang)
    : t('upsampling-conventions.note.border', lang, { y0: label(y0, 4), ratio: label(y0 / x0, 4), x0: label(x0), gap: show(c.borderMaxError) });
  return describe(panels(document, [
    scroller(document, chart, 560),
    scroller(document, table, 560),
    note(document, t('upsampling-conventions.note.interior', lang, {
      begin, last: end - 1, gap: show(c.interiorMaxError), border,
      rest: Math.max(c.alignCornersInteriorMaxDiff, c.asymmetricInteriorMaxDiff) > 1e-9
        ? t('upsampling-conventions.note.differ', lang, { a: show(c.alignCornersInteriorMaxDiff), b: show(c.asymmetricInteriorMaxDiff) })
        : t('upsampling-conventions.note.agree', lang),
    })),
  ]), description(x, f, outputs, c.interiorMaxError, begin, end, lang));
}
