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

export const controls: Control[] = [
  { name: 'i', label: 'transposed input size nᵢₙ', kind: 'range', min: 1, max: 6, value: 3 },
  { name: 'k', label: 'kernel size k', kind: 'range', min: 1, max: 5, value: 3 },
  { name: 's', label: 'stride s', kind: 'range', min: 1, max: 4, value: 2 },
  { name: 'p', label: 'padding p', kind: 'range', min: 0, max: 3, value: 1 },
  { name: 'd', label: 'dilation d', kind: 'range', min: 1, max: 3, value: 1 },
];

/** The figure in words: which output sizes convolve back to nᵢₙ, and what each output padding gives. */
function description(i: number, k: number, s: number, p: number, d: number, choices: { a: number; o: number; back: number }[], collapsed: number[]): string {
  const each = choices.map((c) => `output padding ${c.a} gives size ${c.o}, which convolves back to ${Number.isNaN(c.back) ? 'nothing' : c.back}`).join('; ');
  return `Transposed input size ${i}, kernel ${k}, stride ${s}, padding ${p}, dilation ${d}. `
    + `Convolution input sizes that give ${i}: ${collapsed.join(', ') || 'none'}. ${each}.`;
}

export function render(params: Params, document: Document): Element {
  const [i, k, s, p, d] = ['i', 'k', 's', 'p', 'd'].map((n) => Number(params[n]));
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
    title: 'convolution: input size nₒᵤₜ → output size (numbers: the output padding a that gives nₒᵤₜ back)',
    width: Math.max(320, sizes.length * cell + 70),
    height: rows * cell + 70,
    marginLeft: 40,
    marginBottom: 36,
    marginTop: 24,
    x: { domain: sizes, label: 'nₒᵤₜ (conv input = transposed output)', tickSize: 0 },
    y: { domain: Array.from({ length: rows }, (_, j) => rows - j), label: 'conv output = nᵢₙ', tickSize: 0 },
    marks: [
      Plot.cell(lands, { x: 'o', y: 'c', fill: (l) => (l.c === i ? '#ff922b' : '#dee2e6'), inset: 1 }),
      Plot.text(lands, { x: 'o', y: 'c', text: (l) => label.get(l.o) ?? '', fontSize: 11, fontWeight: 600 }),
    ],
  });
  const table = document.createElement('table');
  table.setAttribute('class', 'calc-table');
  const head = document.createElement('tr');
  for (const h of ['output padding a', 'transposed output size nₒᵤₜ', 'the convolution of nₒᵤₜ gives']) {
    const th = document.createElement('th');
    th.textContent = h;
    head.appendChild(th);
  }
  table.appendChild(head);
  for (const c of choices) {
    const tr = document.createElement('tr');
    tr.setAttribute('class', c.back === i ? 'calc-exact' : 'calc-inexact');
    for (const v of [String(c.a), String(c.o), c.back === i ? `✓ ${c.back} = nᵢₙ` : `✗ ${Number.isNaN(c.back) ? 'nothing' : `${c.back} ≠ nᵢₙ`} (a ≥ s: PyTorch allows it because d > s)`]) {
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
      ? `Sizes ${collapsed.slice(0, -1).join(', ')} and ${collapsed[collapsed.length - 1]} ${collapsed.length > 2 ? 'all' : 'both'} convolve down to ${i}: a transposed convolution of a size-${i} input must be told which one to produce. PyTorch and ONNX take output_padding a (${s === 2 ? 'a = 0 or 1' : `a = 0 … ${s - 1}`} picks among them); TensorFlow, TF.js and ONNX take the size itself (output_shape).`
      : `With stride ${s} only size ${collapsed[0] ?? '—'} convolves down to ${i}: nothing collapses, so no output padding is needed.`),
  ]), description(i, k, s, p, d, choices, collapsed));
}
