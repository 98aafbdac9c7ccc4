/**
 * Why output_padding / output_shape exist: a strided convolution maps several input sizes to
 * one output size (the floor in its size formula), so its transpose cannot know which size to
 * give back. The staircase: every size o and the size the convolution maps it to; the row of
 * the chosen n_in holds the s sizes that collapse onto it, each reached by one output padding a.
 * Sizes come from the shape module (convOutputSize, convTransposeOutputSize).
 */
import * as Plot from '@observablehq/plot';
import { convOutputSize, convTransposeOutputSize, effectiveKernel } from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe, matrixText } from '../lib/description';
import { note, panels } from '../lib/plots';
import { pageLang, t, type Lang } from '../i18n';

export const controls: Control[] = [
  { name: 'i', label: 'transposed input size nᵢₙ', kind: 'range', min: 1, max: 6, value: 3 },
  { name: 'k', label: 'kernel size k', kind: 'range', min: 1, max: 5, value: 3 },
  { name: 's', label: 'stride s', kind: 'range', min: 1, max: 4, value: 2 },
  { name: 'p', label: 'padding p', kind: 'range', min: 0, max: 3, value: 1 },
  { name: 'd', label: 'dilation d', kind: 'range', min: 1, max: 3, value: 1 },
];

/** The figure in words: which output sizes convolve back to nᵢₙ, and what each output padding gives. */
function description(
  i: number, k: number, s: number, p: number, d: number, choices: { a: number; o: number; back: number }[], collapsed: number[], lang: Lang,
): string {
  const each = choices.map((c) => (Number.isNaN(c.back)
    ? t('size-collapse.desc.choiceNothing', lang, { a: c.a, o: c.o })
    : t('size-collapse.desc.choice', lang, { a: c.a, o: c.o, back: c.back }))).join(t('size-collapse.desc.join', lang));
  return t('size-collapse.desc.settings', lang, { i, k, s, p, d })
    + t('size-collapse.desc.sizes', lang, { i, sizes: collapsed.join(', ') || t('size-collapse.desc.none', lang) })
    + t('figure.desc.sentence', lang, { text: each });
}

export function render(params: Params, document: Document): Element {
  const [i, k, s, p, d] = ['i', 'k', 's', 'p', 'd'].map((n) => Number(params[n]));
  const lang = pageLang(document);
  const extent = effectiveKernel(k, d);
  // Every convolution input size up to a little past the chosen row, and where it lands.
  const last = s * (i + 2) + extent;
  const sizes = Array.from({ length: last }, (_, j) => j + 1).filter((o) => o + 2 * p >= extent);
  const lands = sizes.map((o) => ({ o, c: convOutputSize(o, k, s, d, p, p) }));
  // The output paddings PyTorch allows (a < max(s, d)) and the size each one gives back.
  const choices = Array.from({ length: Math.max(s, d) }, (_, a) => {
    const o = convTransposeOutputSize(i, k, s, d, p, p, a);
    return { a, o, back: o >= 1 && o + 2 * p >= extent ? convOutputSize(o, k, s, d, p, p) : NaN };
  });
  if (choices[0].o < 1) throw new Error(`padding p=${p} crops everything: s(nᵢₙ − 1) + d(k − 1) + 1 − 2p = ${choices[0].o} must be >= 1`);
  const label = new Map(choices.filter((c) => c.back === i).map((c) => [c.o, String(c.a)]));
  const rows = Math.max(...lands.map((l) => l.c));
  const cell = 22;
  const plot = Plot.plot({
    document,
    title: t('size-collapse.title.plot', lang),
    width: Math.max(320, sizes.length * cell + 70),
    height: rows * cell + 70,
    marginLeft: 40,
    marginBottom: 36,
    marginTop: 24,
    x: { domain: sizes, label: t('size-collapse.axis.x', lang), tickSize: 0 },
    y: { domain: Array.from({ length: rows }, (_, j) => rows - j), label: t('size-collapse.axis.y', lang), tickSize: 0 },
    marks: [
      Plot.cell(lands, { x: 'o', y: 'c', fill: (l) => (l.c === i ? '#ff922b' : '#dee2e6'), inset: 1 }),
      Plot.text(lands, { x: 'o', y: 'c', text: (l) => label.get(l.o) ?? '', fontSize: 11, fontWeight: 600 }),
    ],
  });
  const table = document.createElement('table');
  table.setAttribute('class', 'calc-table');
  const head = document.createElement('tr');
  for (const h of [t('size-collapse.table.a', lang), t('size-collapse.table.size', lang), t('size-collapse.table.back', lang)]) {
    const th = document.createElement('th');
    th.textContent = h;
    head.appendChild(th);
  }
  table.appendChild(head);
  for (const c of choices) {
    const tr = document.createElement('tr');
    tr.setAttribute('class', c.back === i ? 'calc-exact' : 'calc-inexact');
    const verdict = c.back === i ? `✓ ${c.back} = nᵢₙ`
      : Number.isNaN(c.back) ? t('size-collapse.table.missNothing', lang) : t('size-collapse.table.miss', lang, { back: c.back });
    for (const v of [String(c.a), String(c.o), verdict]) {
      const td = document.createElement('td');
      td.textContent = v;
      tr.appendChild(td);
    }
    table.appendChild(tr);
  }
  const collapsed = lands.filter((l) => l.c === i).map((l) => l.o);
  return describe(panels(document, [
    plot,
    table,
    note(document, collapsed.length > 1
      ? t(collapsed.length > 2 ? 'size-collapse.note.all' : 'size-collapse.note.both', lang, {
        list: collapsed.slice(0, -1).join(', '), last: collapsed[collapsed.length - 1], i,
        range: s === 2 ? t('size-collapse.note.range2', lang) : t('size-collapse.note.rangeN', lang, { last: s - 1 }),
      })
      : t('size-collapse.note.single', lang, { s, size: collapsed[0] ?? '—', i })),
  ]), description(i, k, s, p, d, choices, collapsed, lang));
}
