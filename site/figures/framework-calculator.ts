/**
 * The framework calculator: one framework's own arguments in, and out: the output size, the
 * canonical (ONNX) pads and output padding, the equivalent arguments in every framework with
 * exact / not exact and the adapter's note, a drawing of where each framework's output sits
 * on the stamped canvas, and copyable code for each. All of it comes from the adapters
 * (from<F>, to<F>) and the code generators in src/frameworks/; this file only arranges it.
 * The form shows only the chosen framework's arguments (site/styles/custom.css hides the rest).
 */
import * as Plot from '@observablehq/plot';
import {
  caffeCode, convTransposeOutputSize, fromCaffe, fromKeras, fromOnnx, fromTensorFlow, fromTfjs, fromTorch, kerasCode,
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
  for (const { label, t } of rows) {
    const start = begin + t.shift[0];
    for (let j = 0; j < t.outputShape[0]; j++) data.push({ row: label, at: start + j, kind: t.exact ? 'exact' : 'not exact', text: String(j) });
  }
  const lo = Math.min(0, ...data.map((d) => d.at));
  const hi = Math.max(...data.map((d) => d.at));
  const positions = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  const cell = 24;
  return Plot.plot({
    document,
    title: 'Where each output lies on the stamped canvas (one axis; the other is the same)',
    width: Math.max(360, positions.length * cell + 140),
    height: (rows.length + 1) * cell + 40,
    marginLeft: 130,
    marginTop: 26,
    marginBottom: 6,
    x: { axis: 'top', domain: positions, label: null, tickSize: 0 },
    y: { domain: ['stamped canvas', ...rows.map((r) => r.label)], label: null, tickSize: 0 },
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
  if (t.exact) return 'yes';
  if (t.shift.some((v) => v !== 0)) return `no: shifted by [${t.shift.join(', ')}]`;
  if (t.outputShape.some((o, i) => o !== outputShape[i])) return `no: gives ${t.outputShape.join('×')}`;
  return 'no: see its note below';
}

function codeCard(document: Document, title: string, verdict: string, exact: boolean, code: string, lang: string, why?: string): Element {
  const card = element(document, 'section', `calc-card ${exact ? 'calc-exact' : 'calc-inexact'}`);
  const head = element(document, 'div', 'calc-card-head');
  head.appendChild(element(document, 'h3', undefined, `${title} (${lang})`));
  head.appendChild(element(document, 'span', 'calc-verdict', verdict));
  const button = element(document, 'button', 'calc-copy', 'Copy') as HTMLButtonElement;
  button.setAttribute('type', 'button');
  button.setAttribute('aria-label', `Copy the ${title} code`);
  button.addEventListener('click', () => {
    void globalThis.navigator?.clipboard?.writeText(code).then(() => {
      button.textContent = 'Copied';
      setTimeout(() => (button.textContent = 'Copy'), 1200);
    });
  });
  head.appendChild(button);
  card.appendChild(head);
  if (why) card.appendChild(element(document, 'p', 'calc-why', why));
  const pre = element(document, 'pre', 'calc-code');
  pre.appendChild(element(document, 'code', undefined, code));
  card.appendChild(pre);
  return card;
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
  summary.appendChild(formula(document, ['o = s(i − 1) + d(k − 1) + 1 − p', ['b'], ' − p', ['e'],
    ` + a = ${s}·${n - 1} + ${d}·${k - 1} + 1 − ${begin} − ${end} + ${a} = ${out}`]));
  if (sizeControl) {
    const ok = accepted(f, p);
    summary.appendChild(element(document, 'p', 'calc-hint',
      `For an input of ${n}, ${f.label} accepts ${ok.length === 1 ? `only the output size ${ok[0]}` : `output sizes ${ok[0]} to ${ok[ok.length - 1]}`} with these settings; the slider stays in that range, and its adapter refuses any other size.`));
  }
  root.appendChild(summary);

  root.appendChild(windows(document, canvas, a, begin, others.map(({ g, t }) => ({ label: g.label, t }))));
  root.appendChild(note(document,
    `Grey: the stamped canvas s(i − 1) + d(k − 1) + 1 = ${canvas}${a > 0 ? `, plus ${a} output-padding cell${a > 1 ? 's' : ''} (+)` : ''}. Each row is a framework's output with the equivalent arguments (numbers: its output index); green rows give exactly the same numbers, orange rows do not.`));

  const table = element(document, 'table', 'calc-table');
  const head = element(document, 'tr');
  for (const h of ['framework', 'equivalent arguments', 'output', 'same numbers?']) head.appendChild(element(document, 'th', undefined, h));
  table.appendChild(head);
  for (const { g, t } of others) {
    const row = element(document, 'tr', t.exact ? 'calc-exact' : 'calc-inexact');
    row.appendChild(element(document, 'td', undefined, g.label));
    row.appendChild(element(document, 'td', 'calc-args', argsText(t.args)));
    row.appendChild(element(document, 'td', undefined, t.outputShape.join('×')));
    row.appendChild(element(document, 'td', undefined, verdict(t, r.outputShape)));
    table.appendChild(row);
  }
  root.appendChild(table);

  const cards = element(document, 'div', 'calc-cards');
  const mine: Translation<object> = { args: entered, exact: true, shift: [0, 0], outputShape: r.outputShape };
  cards.appendChild(codeCard(document, `${f.label}, as entered`, 'your arguments', true, f.code(mine, codeOptions), f.lang));
  for (const { g, t } of others) {
    if (g === f) continue;
    cards.appendChild(codeCard(document, g.label, t.exact ? 'exact: same numbers' : 'not exact', t.exact, g.code(t, codeOptions), g.lang, t.exact ? undefined : t.note));
  }
  root.appendChild(cards);
  return root;
}
