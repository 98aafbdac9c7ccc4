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
  convOutputSize, convTransposeOutputSize, FRAMEWORKS,
  type CodeOptions, type Example, type Field, type FieldValues, type Framework, type Translation,
} from '../../src/index';
import type { Control, Params } from '../lib/figure';
import { describe } from '../lib/description';
import { note } from '../lib/plots';
import { markCode } from '../lib/inlineCode';
import { pageLang, t, type Lang, type MessageKey } from '../i18n';
import { en } from '../i18n/en';

const num = (p: Params, name: string) => Number(p[name]);

/** A framework's form field as a control of this figure: its name is `${key}_${field}` (the URL keys). */
function controlOf(f: Framework, field: Field): Control {
  const name = `${f.key}_${field.name}`;
  if (field.kind === 'int') return { name, label: field.label, kind: 'range', min: field.min, max: field.max, value: field.value };
  if (field.kind === 'choice') return { name, label: field.label, kind: 'select', value: field.value, options: field.options };
  return { name, label: field.label, kind: 'checkbox', value: field.value };
}

export const controls: Control[] = [
  { name: 'fw', label: 'framework', kind: 'select', value: 'tensorflow', options: FRAMEWORKS.map((f) => ({ value: f.id, label: f.label })) },
  { name: 'n', label: 'input size (H = W)', kind: 'range', min: 1, max: 8, value: 2 },
  { name: 'k', label: 'kernel size', kind: 'range', min: 1, max: 5, value: 3 },
  { name: 's', label: 'stride', kind: 'range', min: 1, max: 4, value: 2 },
  { name: 'd', label: 'dilation', kind: 'range', min: 1, max: 3, value: 1 },
  ...FRAMEWORKS.flatMap((f) => f.fields.map((field) => controlOf(f, field))),
];

function framework(p: Params): Framework {
  const f = FRAMEWORKS.find((x) => x.id === p.fw);
  if (!f) throw new Error(`unknown framework ${String(p.fw)}`);
  return f;
}

/** The chosen framework's form values, by field name. */
function valuesOf(f: Framework, p: Params): FieldValues {
  return Object.fromEntries(f.fields.map((field) => [field.name, p[`${f.key}_${field.name}`] ?? field.value]));
}

/** The square example the form describes. */
function exampleOf(p: Params): Example {
  const two = (v: number) => [v, v];
  return { input: two(num(p, 'n')), kernel: two(num(p, 'k')), strides: two(num(p, 's')), dilations: two(num(p, 'd')) };
}

/** The control holding the chosen framework's output size, if its settings take one. */
function sizeControl(f: Framework, p: Params): string | null {
  const field = f.sizeField(valuesOf(f, p));
  return field ? `${f.key}_${field}` : null;
}

/** The output sizes the framework accepts for these settings: asked of its adapter, one size at a time. */
function accepted(f: Framework, p: Params): number[] {
  const n = num(p, 'n');
  const k = num(p, 'k');
  const cap = num(p, 's') * (n + 1) + num(p, 'd') * (k - 1) + 4;
  const values = valuesOf(f, p);
  const example = exampleOf(p);
  const ok: number[] = [];
  for (let out = 1; out <= cap; out++) {
    try {
      f.enter(values, example, [out, out]);
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
  const name = sizeControl(f, p);
  if (!name) return {};
  const ok = accepted(f, p);
  return { [name]: ok.length ? { min: ok[0], max: ok[ok.length - 1] } : { min: 1, max: 1 } };
}

/** The controls that do not apply: other frameworks' fields, and the chosen one's that its other values switch off. */
export function hidden(p: Params): string[] {
  const f = FRAMEWORKS.find((x) => x.id === p.fw);
  return FRAMEWORKS.flatMap((g) => {
    const values = valuesOf(g, p);
    return g.fields.filter((field) => g !== f || (field.shown ? !field.shown(values) : false)).map((field) => `${g.key}_${field.name}`);
  });
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
  rows: { label: string; t: Translation<object> }[], lang: Lang): Element {
  const data: { row: string; at: number; kind: string; text: string }[] = [];
  const stamped = t('framework-calculator.canvas.row', lang);
  for (let at = 0; at < canvas + outputPadding; at++) {
    data.push({ row: stamped, at, kind: at < canvas ? 'canvas' : 'padding', text: at < canvas ? '' : '+' });
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
    title: t('framework-calculator.canvas.title', lang),
    width: Math.max(280, positions.length * cell + 110),
    height: (rows.length + 1) * cell + 40,
    marginLeft: 100,
    marginTop: 26,
    marginBottom: 6,
    x: { axis: 'top', domain: positions, label: null, tickSize: 0 },
    y: { domain: [stamped, ...rows.map(name)], label: null, tickSize: 0 },
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
function formula(document: Document, parts: readonly (string | [string])[], lang: Lang): Element {
  const p = element(document, 'p', 'calc-formula');
  for (const part of parts) p.appendChild(typeof part === 'string' ? document.createTextNode(part) : english(element(document, 'sub', undefined, part[0]), lang));
  return p;
}

/** Marks an element holding English (a subscript like "out", an adapter's own words) as such on a page in another language. */
function english<T extends Element>(e: T, lang: Lang): T {
  if (lang !== 'en') e.setAttribute('lang', 'en');
  return e;
}

/** English text from the core (an adapter's note or warning): a text node on an English page, a span lang="en" on another. */
function coreText(document: Document, text: string, lang: Lang): Node {
  return lang === 'en' ? document.createTextNode(text) : english(element(document, 'span', undefined, text), lang);
}

/** Exact, or in a few words how not (the adapter's note has the details). */
function verdict(tr: Translation<object>, outputShape: number[], lang: Lang): string {
  if (tr.exact) return t('framework-calculator.verdict.yes', lang);
  if (tr.shift.some((v) => v !== 0)) return t('framework-calculator.verdict.shifted', lang, { shift: tr.shift.join(', ') });
  if (tr.outputShape.some((o, i) => o !== outputShape[i])) return t('framework-calculator.verdict.gives', lang, { shape: tr.outputShape.join('×') });
  return t('framework-calculator.verdict.notes', lang);
}

/** Which code cards the reader opened or closed (by card key), kept across redraws. */
const opened = new Map<string, boolean>();

/**
 * How the tests check a framework's code, in the page's language. The English table repeats the
 * adapter's checkedNote (test/figures.test.ts holds them equal); a framework without a key keeps its adapter's words.
 */
function checkedNote(f: Framework, lang: Lang): string {
  const key = `framework-calculator.card.checked.${f.id}`;
  return key in en ? t(key as MessageKey, lang) : f.checkedNote;
}

function codeCard(document: Document, key: string, f: Framework, title: string, verdict: string, exact: boolean, code: string, open: boolean, lang: Lang): Element {
  const card = element(document, 'details', `calc-card ${exact ? 'calc-exact' : 'calc-inexact'}`);
  card.setAttribute('style', 'min-width: 0;');
  if (opened.get(key) ?? open) card.setAttribute('open', '');
  card.addEventListener('toggle', () => opened.set(key, (card as HTMLDetailsElement).open));
  const head = element(document, 'summary', 'calc-card-head');
  // A list item, so the browser draws its open/closed triangle; the head's flex layout would hide it.
  head.setAttribute('style', 'display: list-item; cursor: pointer;');
  const name = element(document, 'span', 'calc-card-title', t('framework-calculator.card.title', lang, { title, language: f.language }));
  name.setAttribute('style', 'font-weight: 600; font-size: var(--sl-text-sm); margin-right: 0.75rem;');
  head.appendChild(name);
  head.appendChild(element(document, 'span', 'calc-verdict', verdict));
  card.appendChild(head);
  const bar = element(document, 'div');
  bar.setAttribute('style', 'display: flex; justify-content: space-between; align-items: center; gap: 0.5rem; padding: 0.3rem 0.6rem 0;');
  // Whether the tests run this framework's code, in words (see the end of the frameworks page).
  bar.appendChild(element(document, 'span', `calc-badge calc-${f.checked}`, `${f.checked === 'executed' ? '▶' : '≡'} ${checkedNote(f, lang)}`));
  const copy = t('framework-calculator.card.copy', lang);
  const button = element(document, 'button', 'calc-copy', copy) as HTMLButtonElement;
  button.setAttribute('type', 'button');
  button.setAttribute('aria-label', t('framework-calculator.card.copyLabel', lang, { title }));
  button.addEventListener('click', () => {
    void globalThis.navigator?.clipboard?.writeText(code).then(() => {
      button.textContent = t('framework-calculator.card.copied', lang);
      setTimeout(() => (button.textContent = copy), 1200);
    });
  });
  bar.appendChild(button);
  card.appendChild(bar);
  const pre = element(document, 'pre', 'calc-code');
  pre.setAttribute('style', 'overflow-x: auto; max-width: 100%;');
  pre.setAttribute('tabindex', '0');
  pre.setAttribute('aria-label', t('framework-calculator.card.codeLabel', lang, { title }));
  pre.appendChild(element(document, 'code', undefined, code));
  card.appendChild(pre);
  return card;
}

/** A caution in words, with a text mark so it does not rely on colour. */
function caution(document: Document, text: string, more?: Node): Element {
  const p = element(document, 'p', 'calc-warning', `⚠ ${text}`);
  if (more) p.appendChild(more);
  p.setAttribute('style', 'margin: 0.4rem 0 0; padding: 0.3rem 0.6rem; border-left: 4px solid var(--sl-color-orange); background: var(--sl-color-orange-low); color: var(--sl-color-orange-high); overflow-wrap: anywhere;');
  return p;
}

export function render(p: Params, document: Document): Element {
  const f = framework(p);
  const lang = pageLang(document);
  const n = num(p, 'n');
  const k = num(p, 'k');
  const s = num(p, 's');
  const d = num(p, 'd');
  const example = exampleOf(p);
  const { input, kernel } = example;
  const size = sizeControl(f, p);
  // A framework without a size argument ignores it (0 would be refused by any that takes one).
  const entered = f.enter(valuesOf(f, p), example, size ? [num(p, size), num(p, size)] : [0, 0]);
  const r = entered.resolved;
  const { pads, outputPadding } = r.options;
  const [begin, end] = [pads[0], pads[2]];
  const a = outputPadding[0];
  const out = r.outputShape[0];
  const canvas = convTransposeOutputSize(n, k, s, d, 0, 0, 0);
  const codeOptions: CodeOptions = { inputShape: input };
  const others = FRAMEWORKS.map((g) => {
    const rendered = g.translate(r.options, input, kernel);
    return { g, t: rendered.translation, code: rendered.code };
  });

  const root = element(document, 'div', 'calc');
  const summary = element(document, 'div', 'calc-summary');
  summary.appendChild(element(document, 'p', 'calc-big', t('framework-calculator.summary.entered', lang, { label: f.label, args: argsText(entered.translation.args), out })));
  summary.appendChild(element(document, 'p', undefined,
    t('framework-calculator.summary.canonical', lang, { pads: pads.join(', '), op: outputPadding.join(', '), s, d })));
  summary.appendChild(formula(document, ['n', ['out'], ' = s(n', ['in'], ' − 1) + d(k − 1) + 1 − p', ['b'], ' − p', ['e'],
    ` + a = ${s}·${n - 1} + ${d}·${k - 1} + 1 − ${begin} − ${end} + ${a} = ${out}`], lang));
  if (size) {
    const ok = accepted(f, p);
    summary.appendChild(element(document, 'p', 'calc-hint',
      t('framework-calculator.summary.hint', lang, {
        n, label: f.label,
        sizes: ok.length === 1 ? t('framework-calculator.summary.onlySize', lang, { size: ok[0] }) : t('framework-calculator.summary.sizes', lang, { from: ok[0], to: ok[ok.length - 1] }),
      })));
  }
  // An output padding a >= s (PyTorch and ONNX accept a < max(s, d)) gives a size that does not convolve back to the input.
  const back = convOutputSize(out, k, s, d, begin, end);
  if (back !== n) {
    summary.appendChild(caution(document, t('framework-calculator.summary.caution', lang, { a, s, d, out, back, n })));
  }
  for (const w of r.warnings ?? []) summary.appendChild(caution(document, t('framework-calculator.summary.warning', lang, { label: f.label }), coreText(document, `${w}.`, lang)));
  root.appendChild(summary);

  root.appendChild(windows(document, canvas, a, begin, others.map(({ g, t: tr }) => ({ label: g.label, t: tr })), lang));
  const plus = a > 0 ? t(a > 1 ? 'framework-calculator.canvas.plusMany' : 'framework-calculator.canvas.plusOne', lang, { a }) : '';
  root.appendChild(note(document, t('framework-calculator.canvas.note', lang, { canvas, plus })));

  const scroll = element(document, 'div');
  scroll.setAttribute('style', 'overflow-x: auto; max-width: 100%;');
  const table = element(document, 'table', 'calc-table');
  const head = element(document, 'tr');
  // The verdict comes before the long arguments, so a narrow screen shows it without scrolling.
  const headings: MessageKey[] = ['framework-calculator.table.framework', 'framework-calculator.table.same', 'framework-calculator.table.output', 'framework-calculator.table.args'];
  for (const h of headings) head.appendChild(element(document, 'th', undefined, t(h, lang)));
  table.appendChild(head);
  for (const { g, t: tr } of others) {
    const row = element(document, 'tr');
    row.appendChild(element(document, 'td', undefined, g.label));
    const said = element(document, 'td', 'calc-said', verdict(tr, r.outputShape, lang));
    said.setAttribute('style', `color: var(--sl-color-${tr.exact ? 'green' : 'orange'}-high);`);
    row.appendChild(said);
    row.appendChild(element(document, 'td', undefined, tr.outputShape.join('×')));
    const args = element(document, 'td', 'calc-args', t('framework-calculator.table.argsCell', lang, { args: argsText(tr.args) }));
    // Wraps at the spaces between arguments, never inside one; on a narrow screen the table scrolls instead.
    args.setAttribute('style', 'min-width: 12rem;');
    row.appendChild(args);
    table.appendChild(row);
  }
  scroll.appendChild(table);
  root.appendChild(scroll);

  const notes = others.filter(({ t: tr }) => !tr.exact && tr.note);
  if (notes.length) {
    const list = element(document, 'ul', 'calc-notes');
    list.setAttribute('style', 'margin: 0 0 0.75rem; padding-left: 1.2rem; font-size: var(--sl-text-xs); overflow-wrap: anywhere;');
    for (const { g, t: tr } of notes) {
      const item = element(document, 'li');
      item.appendChild(element(document, 'strong', undefined, t('framework-calculator.notes.item', lang, { label: g.label })));
      item.appendChild(coreText(document, tr.note!, lang));
      list.appendChild(item);
    }
    root.appendChild(list);
  }

  const cards = element(document, 'div', 'calc-cards');
  cards.setAttribute('style', 'display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.5rem;');
  cards.appendChild(codeCard(document, 'entered', f, t('framework-calculator.card.entered', lang, { label: f.label }), t('framework-calculator.card.yours', lang), true, entered.code(codeOptions), true, lang));
  for (const { g, t: tr, code } of others) {
    if (g === f) continue;
    cards.appendChild(codeCard(document, g.id, g, g.label, t(tr.exact ? 'framework-calculator.card.exact' : 'framework-calculator.card.inexact', lang), tr.exact, code(codeOptions), false, lang));
  }
  root.appendChild(cards);
  return markCode(describe(root, description(f.label, argsText(entered.translation.args), out, pads, outputPadding,
    others.map(({ g, t: tr }) => t('framework-calculator.desc.verdict', lang, { label: g.label, verdict: verdict(tr, r.outputShape, lang), shape: tr.outputShape.join('×') })), lang)));
}

/** The text alternative: the entered layer, its canonical form and each framework's verdict, in words. */
function description(label: string, args: string, out: number, pads: readonly number[], outputPadding: readonly number[],
  verdicts: readonly string[], lang: Lang): string {
  return t('framework-calculator.desc.lead', lang, { label, args, out, pads: pads.join(', '), op: outputPadding.join(', '), verdicts: verdicts.join('; ') });
}
