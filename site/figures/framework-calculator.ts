/**
 * The framework calculator: one framework's own arguments in, and out: the output size, the
 * canonical (ONNX) pads and output padding, the equivalent arguments in every framework with
 * exact / not exact and the adapter's note, a drawing of where each framework's output sits
 * on the stamped canvas, and copyable code for each. All of it comes from the adapters
 * (from<F>, to<F>) and the code generators in src/frameworks/; this file only arranges it.
 * The form shows only the chosen framework's arguments (site/styles/custom.css hides the rest).
 * Exact / not exact is said in text (✓ / ✗), not only in colour. The code cards are <details>:
 * the entered framework's is open, the others closed until asked for, and what the reader
 * opened stays open across redraws. Layout that must hold whatever the page's CSS (grid columns
 * that may shrink, code that scrolls inside its card) is set inline here.
 */
import * as Plot from '@observablehq/plot';
import {
  caffeCode, convOutputSize, convTransposeOutputSize, fromCaffe, fromKeras, fromOnnx, fromTensorFlow, fromTfjs, fromTorch, kerasCode,
  onnxCode, tensorflowCode, tfjsCode, toCaffe, toKeras, toOnnx, toTensorFlow, toTfjs, toTorch, torchCode,
  type CodeOptions, type ConvTransposeOptions, type Resolved, type Translation,
} from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { note } from '../lib/plots';

type Args = Record<string, unknown>;

interface Framework {
  value: string;
  label: string;
  /** The arguments entered in the form, in this framework's vocabulary. */
  args(p: Params, out: number): Args;
  from(args: Args, input: number[], kernel: number[]): Resolved;
  to(options: ConvTransposeOptions, input: number[], kernel: number[]): Translation<object>;
  code(t: Translation<object>, options: CodeOptions): string;
  /** The form control holding the output size, for frameworks that take one. */
  size?(p: Params): string | null;
  /** How the code is labelled. */
  lang: string;
}

const num = (p: Params, name: string) => Number(p[name]);
const pair = (b: number, e: number) => [[0, 0], [b, e], [b, e], [0, 0]];

const FRAMEWORKS: Framework[] = [
  {
    value: 'torch', label: 'PyTorch', lang: 'Python',
    args: (p, out) => {
      const a: Args = { kernel_size: num(p, 'k'), stride: num(p, 's'), padding: num(p, 'torch_padding'), dilation: num(p, 'd') };
      if (p.torch_size === 'output_size') a.output_size = [out, out];
      else a.output_padding = num(p, 'torch_op');
      return a;
    },
    from: (a, i) => fromTorch(a as never, i),
    to: toTorch,
    code: (t, o) => torchCode(t as never, o),
    size: (p) => (p.torch_size === 'output_size' ? 'torch_out' : null),
  },
  {
    value: 'tensorflow', label: 'TensorFlow', lang: 'Python',
    args: (p, out) => ({
      kernel_size: num(p, 'k'), output_shape: [out, out], strides: num(p, 's'), dilations: num(p, 'd'),
      padding: p.tf_padding === 'explicit' ? pair(num(p, 'tf_begin'), num(p, 'tf_end')) : p.tf_padding,
    }),
    from: (a, i) => fromTensorFlow(a as never, i),
    to: toTensorFlow,
    code: (t, o) => tensorflowCode(t as never, o),
    size: () => 'tf_out',
  },
  {
    value: 'keras', label: 'Keras', lang: 'Python',
    args: (p) => ({
      kernel_size: num(p, 'k'), strides: num(p, 's'), padding: p.keras_padding, dilation_rate: num(p, 'd'),
      output_padding: p.keras_op === 'None' ? null : Number(p.keras_op),
    }),
    from: (a, i) => fromKeras(a as never, i),
    to: toKeras,
    code: (t, o) => kerasCode(t as never, o),
  },
  {
    value: 'onnx', label: 'ONNX', lang: 'Python',
    args: (p, out) => {
      const k = num(p, 'k');
      const s = num(p, 's');
      const d = num(p, 'd');
      const a: Args = { kernel_shape: [k, k], strides: [s, s], dilations: [d, d] };
      if (p.onnx_auto_pad !== 'NOTSET') a.auto_pad = p.onnx_auto_pad;
      if (p.onnx_shape === true) a.output_shape = [out, out];
      else if (p.onnx_auto_pad === 'NOTSET') a.pads = [num(p, 'onnx_begin'), num(p, 'onnx_begin'), num(p, 'onnx_end'), num(p, 'onnx_end')];
      a.output_padding = [num(p, 'onnx_op'), num(p, 'onnx_op')];
      return a;
    },
    from: (a, i, k) => fromOnnx(a as never, i, k),
    to: toOnnx,
    code: (t, o) => onnxCode(t as never, o),
    size: (p) => (p.onnx_shape === true ? 'onnx_out' : null),
  },
  {
    value: 'tfjs', label: 'TF.js', lang: 'JavaScript',
    args: (p, out) => ({
      filterSize: num(p, 'k'), outputShape: [out, out], strides: num(p, 's'),
      pad: p.tfjs_pad === 'number' ? num(p, 'tfjs_p') : p.tfjs_pad === 'explicit' ? pair(num(p, 'tfjs_begin'), num(p, 'tfjs_end')) : p.tfjs_pad,
    }),
    from: (a, i) => fromTfjs(a as never, i),
    to: toTfjs,
    code: (t, o) => tfjsCode(t as never, o),
    size: () => 'tfjs_out',
  },
  {
    value: 'caffe', label: 'Caffe', lang: 'prototxt',
    args: (p) => ({ kernel_size: num(p, 'k'), stride: num(p, 's'), pad: num(p, 'caffe_pad'), dilation: num(p, 'd') }),
    from: (a, i) => fromCaffe(a as never, i),
    to: toCaffe,
    code: (t, o) => caffeCode(t as never, o),
  },
];

const range = (name: string, label: string, min: number, max: number, value: number): Control => ({ name, label, kind: 'range', min, max, value });
const select = (name: string, label: string, value: string, options: [string, string][]): Control => ({
  name, label, kind: 'select', value, options: options.map(([v, l]) => ({ value: v, label: l })),
});
export const controls: Control[] = [
  select('fw', 'framework', 'tensorflow', FRAMEWORKS.map((f) => [f.value, f.label])),
  range('n', 'input size (H = W)', 1, 8, 2),
  range('k', 'kernel size', 1, 5, 3),
  range('s', 'stride', 1, 4, 2),
  range('d', 'dilation', 1, 3, 1),
  // PyTorch
  range('torch_padding', 'padding', 0, 4, 1),
  select('torch_size', 'size set by', 'output_padding', [['output_padding', 'output_padding'], ['output_size', 'forward(x, output_size)']]),
  range('torch_op', 'output_padding', 0, 3, 1),
  range('torch_out', 'output_size', 1, 40, 4),
  // TensorFlow
  select('tf_padding', 'padding', 'SAME', [['SAME', "'SAME'"], ['VALID', "'VALID'"], ['explicit', 'explicit pairs']]),
  range('tf_begin', 'padding begin b', 0, 4, 0),
  range('tf_end', 'padding end e', 0, 4, 1),
  range('tf_out', 'output_shape', 1, 40, 4),
  // Keras
  select('keras_padding', 'padding', 'same', [['same', '"same"'], ['valid', '"valid"']]),
  select('keras_op', 'output_padding', 'None', [['None', 'None'], ['0', '0'], ['1', '1'], ['2', '2'], ['3', '3']]),
  // ONNX
  select('onnx_auto_pad', 'auto_pad', 'NOTSET', [['NOTSET', 'NOTSET'], ['SAME_UPPER', 'SAME_UPPER'], ['SAME_LOWER', 'SAME_LOWER'], ['VALID', 'VALID']]),
  { name: 'onnx_shape', label: 'give output_shape', kind: 'checkbox', value: false },
  range('onnx_begin', 'pads begin', 0, 4, 0),
  range('onnx_end', 'pads end', 0, 4, 1),
  range('onnx_op', 'output_padding', 0, 3, 0),
  range('onnx_out', 'output_shape', 1, 40, 4),
  // TF.js
  select('tfjs_pad', 'pad', 'same', [['same', "'same'"], ['valid', "'valid'"], ['number', 'a number'], ['explicit', 'explicit pairs']]),
  range('tfjs_p', 'pad (number)', 0, 4, 1),
  range('tfjs_begin', 'pad top = left', 0, 4, 0),
  range('tfjs_end', 'pad bottom = right', 0, 4, 1),
  range('tfjs_out', 'outputShape', 1, 40, 4),
  // Caffe
  range('caffe_pad', 'pad', 0, 4, 0),
];

function framework(p: Params): Framework {
  const f = FRAMEWORKS.find((x) => x.value === p.fw);
  if (!f) throw new Error(`unknown framework ${String(p.fw)}`);
  return f;
}

/** The output sizes the framework accepts for these settings: asked of its adapter, one size at a time. */
function accepted(f: Framework, p: Params): number[] {
  const n = num(p, 'n');
  const k = num(p, 'k');
  const cap = num(p, 's') * (n + 1) + num(p, 'd') * (k - 1) + 4;
  const ok: number[] = [];
  for (let out = 1; out <= cap; out++) {
    try {
      f.from(f.args(p, out), [n, n], [k, k]);
      ok.push(out);
    } catch {
      // not a size this framework accepts here
    }
  }
  return ok;
}

/** The output-size slider of the chosen framework moves only over the sizes its adapter accepts. */
export function limits(p: Params) {
  const f = framework(p);
  const name = f.size?.(p);
  if (!name) return {};
  const ok = accepted(f, p);
  return { [name]: ok.length ? { min: ok[0], max: ok[ok.length - 1] } : { min: 1, max: 1 } };
}

/** An argument value, as written in the framework's own language (null is Python's None). */
function show(v: unknown): string {
  if (v === null) return 'None';
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  return String(v);
}

function argsText(args: object): string {
  return Object.entries(args).filter(([, v]) => v !== undefined).map(([key, v]) => `${key}=${show(v)}`).join(', ');
}

function element(document: Document, tag: string, className?: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (className) e.setAttribute('class', className);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Where each framework's output window sits on the stamped canvas (axis 0; the other axis is the same). */
function windows(document: Document, canvas: number, outputPadding: number, begin: number,
  rows: { label: string; t: Translation<object> }[]): Element {
  const data: { row: string; at: number; kind: string; text: string }[] = [];
  for (let at = 0; at < canvas + outputPadding; at++) {
    data.push({ row: 'stamped canvas', at, kind: at < canvas ? 'canvas' : 'padding', text: at < canvas ? '' : '+' });
  }
  const name = (r: { label: string; t: Translation<object> }) => `${r.label} ${r.t.exact ? '✓' : '✗'}`;
  for (const r of rows) {
    const start = begin + r.t.shift[0];
    for (let j = 0; j < r.t.outputShape[0]; j++) data.push({ row: name(r), at: start + j, kind: r.t.exact ? 'exact' : 'not exact', text: String(j) });
  }
  const lo = Math.min(0, ...data.map((d) => d.at));
  const hi = Math.max(...data.map((d) => d.at));
  const positions = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  const cell = 24;
  return Plot.plot({
    document,
    title: 'Where each output lies on the stamped canvas (one axis; the other is the same)',
    width: Math.max(280, positions.length * cell + 110),
    height: (rows.length + 1) * cell + 40,
    marginLeft: 100,
    marginTop: 26,
    marginBottom: 6,
    x: { axis: 'top', domain: positions, label: null, tickSize: 0 },
    y: { domain: ['stamped canvas', ...rows.map(name)], label: null, tickSize: 0 },
    color: {
      domain: ['canvas', 'padding', 'exact', 'not exact'],
      range: ['#ced4da', '#f1f3f5', '#69db7c', '#ffa94d'],
    },
    marks: [
      Plot.cell(data, { x: 'at', y: 'row', fill: 'kind', inset: 1 }),
      Plot.text(data, { x: 'at', y: 'row', text: 'text', fontSize: 10 }),
    ],
  });
}

/** A line of text with subscripts: strings as they are, [text] as a subscript. */
function formula(document: Document, parts: readonly (string | [string])[]): Element {
  const p = element(document, 'p', 'calc-formula');
  for (const part of parts) p.appendChild(typeof part === 'string' ? document.createTextNode(part) : element(document, 'sub', undefined, part[0]));
  return p;
}

/** Exact, or in a few words how not (the adapter's note has the details). */
function verdict(t: Translation<object>, outputShape: number[]): string {
  if (t.exact) return '✓ yes';
  if (t.shift.some((v) => v !== 0)) return `✗ no: shifted by [${t.shift.join(', ')}]`;
  if (t.outputShape.some((o, i) => o !== outputShape[i])) return `✗ no: gives ${t.outputShape.join('×')}`;
  return '✗ no: see the notes below';
}

/** Which code cards the reader opened or closed (by card key), kept across redraws. */
const opened = new Map<string, boolean>();

function codeCard(document: Document, key: string, title: string, verdict: string, exact: boolean, code: string, lang: string, open: boolean): Element {
  const card = element(document, 'details', `calc-card ${exact ? 'calc-exact' : 'calc-inexact'}`);
  card.setAttribute('style', 'min-width: 0;');
  if (opened.get(key) ?? open) card.setAttribute('open', '');
  card.addEventListener('toggle', () => opened.set(key, (card as HTMLDetailsElement).open));
  const head = element(document, 'summary', 'calc-card-head');
  // A list item, so the browser draws its open/closed triangle; the head's flex layout would hide it.
  head.setAttribute('style', 'display: list-item; cursor: pointer;');
  const name = element(document, 'span', 'calc-card-title', `${title} (${lang})`);
  name.setAttribute('style', 'font-weight: 600; font-size: var(--sl-text-sm); margin-right: 0.75rem;');
  head.appendChild(name);
  head.appendChild(element(document, 'span', 'calc-verdict', verdict));
  card.appendChild(head);
  const bar = element(document, 'div');
  bar.setAttribute('style', 'display: flex; justify-content: flex-end; padding: 0.3rem 0.6rem 0;');
  const button = element(document, 'button', 'calc-copy', 'Copy') as HTMLButtonElement;
  button.setAttribute('type', 'button');
  button.setAttribute('aria-label', `Copy the ${title} code`);
  button.addEventListener('click', () => {
    void globalThis.navigator?.clipboard?.writeText(code).then(() => {
      button.textContent = 'Copied';
      setTimeout(() => (button.textContent = 'Copy'), 1200);
    });
  });
  bar.appendChild(button);
  card.appendChild(bar);
  const pre = element(document, 'pre', 'calc-code');
  pre.setAttribute('style', 'overflow-x: auto; max-width: 100%;');
  pre.setAttribute('tabindex', '0');
  pre.setAttribute('aria-label', `${title} code`);
  pre.appendChild(element(document, 'code', undefined, code));
  card.appendChild(pre);
  return card;
}

/** A caution in words, with a text mark so it does not rely on colour. */
function caution(document: Document, text: string): Element {
  const p = element(document, 'p', 'calc-warning', `⚠ ${text}`);
  p.setAttribute('style', 'margin: 0.4rem 0 0; padding: 0.3rem 0.6rem; border-left: 4px solid var(--sl-color-orange); background: var(--sl-color-orange-low); color: var(--sl-color-orange-high); overflow-wrap: anywhere;');
  return p;
}

export function render(p: Params, document: Document): Element {
  const f = framework(p);
  const n = num(p, 'n');
  const k = num(p, 'k');
  const s = num(p, 's');
  const d = num(p, 'd');
  if (f.value === 'tfjs' && d !== 1) {
    throw new Error('TF.js: tf.conv2dTranspose has no dilation argument; set dilation to 1 (or pick another framework)');
  }
  const input = [n, n];
  const kernel = [k, k];
  const sizeControl = f.size?.(p);
  const entered = f.args(p, sizeControl ? num(p, sizeControl) : 0);
  const r = f.from(entered, input, kernel);
  const { pads, outputPadding } = r.options;
  const [begin, end] = [pads[0], pads[2]];
  const a = outputPadding[0];
  const out = r.outputShape[0];
  const canvas = convTransposeOutputSize(n, k, s, d, 0, 0, 0);
  const codeOptions: CodeOptions = { inputShape: input };
  const others = FRAMEWORKS.map((g) => ({ g, t: g.to(r.options, input, kernel) }));

  const root = element(document, 'div', 'calc');
  const summary = element(document, 'div', 'calc-summary');
  summary.appendChild(element(document, 'p', 'calc-big', `${f.label}: ${argsText(entered)}  →  output ${out}×${out}`));
  summary.appendChild(element(document, 'p', undefined,
    `Canonical (ONNX) form: pads = [${pads.join(', ')}] (begin H, W, end H, W), output_padding = [${outputPadding.join(', ')}], strides = ${s}, dilations = ${d}.`));
  summary.appendChild(formula(document, ['n', ['out'], ' = s(n', ['in'], ' − 1) + d(k − 1) + 1 − p', ['b'], ' − p', ['e'],
    ` + a = ${s}·${n - 1} + ${d}·${k - 1} + 1 − ${begin} − ${end} + ${a} = ${out}`]));
  if (sizeControl) {
    const ok = accepted(f, p);
    summary.appendChild(element(document, 'p', 'calc-hint',
      `For an input of ${n}, ${f.label} accepts ${ok.length === 1 ? `only the output size ${ok[0]}` : `output sizes ${ok[0]} to ${ok[ok.length - 1]}`} with these settings; the slider stays in that range, and its adapter refuses any other size.`));
  }
  // An output padding a >= s (PyTorch and ONNX accept a < max(s, d)) gives a size that does not convolve back to the input.
  const back = convOutputSize(out, k, s, d, begin, end);
  if (back !== n) {
    summary.appendChild(caution(document,
      `output padding ${a} ≥ stride ${s} (accepted because dilation ${d} > stride): the convolution of size ${out} gives ${back}, not the input size ${n}. Only a < s picks among the sizes that convolve back to ${n}.`));
  }
  for (const w of r.warnings ?? []) summary.appendChild(caution(document, `${f.label}: ${w}.`));
  root.appendChild(summary);

  root.appendChild(windows(document, canvas, a, begin, others.map(({ g, t }) => ({ label: g.label, t }))));
  root.appendChild(note(document,
    `Grey: the stamped canvas s(nᵢₙ − 1) + d(k − 1) + 1 = ${canvas}${a > 0 ? `, plus ${a} output-padding cell${a > 1 ? 's' : ''} (+)` : ''}. Each row is a framework's output with the equivalent arguments (numbers: its output index): ✓ (green) gives exactly the same numbers, ✗ (orange) does not.`));

  const scroll = element(document, 'div');
  scroll.setAttribute('style', 'overflow-x: auto; max-width: 100%;');
  const table = element(document, 'table', 'calc-table');
  const head = element(document, 'tr');
  // The verdict comes before the long arguments, so a narrow screen shows it without scrolling.
  for (const h of ['framework', 'same numbers?', 'output', 'equivalent arguments']) head.appendChild(element(document, 'th', undefined, h));
  table.appendChild(head);
  for (const { g, t } of others) {
    const row = element(document, 'tr');
    row.appendChild(element(document, 'td', undefined, g.label));
    const said = element(document, 'td', 'calc-said', verdict(t, r.outputShape));
    said.setAttribute('style', `color: var(--sl-color-${t.exact ? 'green' : 'orange'}-high);`);
    row.appendChild(said);
    row.appendChild(element(document, 'td', undefined, t.outputShape.join('×')));
    const args = element(document, 'td', 'calc-args', argsText(t.args));
    // Wraps at the spaces between arguments, never inside one; on a narrow screen the table scrolls instead.
    args.setAttribute('style', 'min-width: 12rem;');
    row.appendChild(args);
    table.appendChild(row);
  }
  scroll.appendChild(table);
  root.appendChild(scroll);

  const notes = others.filter(({ t }) => !t.exact && t.note);
  if (notes.length) {
    const list = element(document, 'ul', 'calc-notes');
    list.setAttribute('style', 'margin: 0 0 0.75rem; padding-left: 1.2rem; font-size: var(--sl-text-xs); overflow-wrap: anywhere;');
    for (const { g, t } of notes) {
      const item = element(document, 'li');
      item.appendChild(element(document, 'strong', undefined, `✗ ${g.label}: `));
      item.appendChild(document.createTextNode(t.note!));
      list.appendChild(item);
    }
    root.appendChild(list);
  }

  const cards = element(document, 'div', 'calc-cards');
  cards.setAttribute('style', 'display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.5rem;');
  const mine: Translation<object> = { args: entered, exact: true, shift: [0, 0], outputShape: r.outputShape };
  cards.appendChild(codeCard(document, 'entered', `${f.label}, as entered`, 'your arguments', true, f.code(mine, codeOptions), f.lang, true));
  for (const { g, t } of others) {
    if (g === f) continue;
    cards.appendChild(codeCard(document, g.value, g.label, t.exact ? '✓ exact: same numbers' : '✗ not exact', t.exact, g.code(t, codeOptions), g.lang, false));
  }
  root.appendChild(cards);
  return root;
}
