/**
 * Display helpers shared by the notebooks: tables, Plot figures and printed checks.
 * No mathematics lives here: every number shown comes from the core (./src/index).
 *
 * Figures are @observablehq/plot rendered in Node against a linkedom document and shown as
 * inline SVG through tslab.display.html. Plot's continuous colour legends draw on a canvas,
 * which linkedom lacks, so figures here never ask for one: values are written in the cells
 * or given in the caption instead.
 *
 * Checks print one line `✓ key = <JSON>  [rule]`; when the rule fails they print a sentence to
 * stderr instead (what was compared), which fails `npm run notebooks` but lets a learner go on; test/notebooks.test.ts reads these lines back.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import * as tslab from 'tslab';
import { maxAbsDiff, toArray, type Nested, type Tensor } from './src/index';

export { Plot };

// linkedom types its window against the DOM library, which tslab (ES2022 only) does not load.
const document = (parseHTML('<!doctype html><html><body></body></html>') as unknown as { document: unknown }).document as Plot.PlotOptions['document'];

/** Renders a Plot figure to markup and shows it. */
export function figure(options: Plot.PlotOptions): void {
  // The title is drawn here, small: Plot's <h2> looks like a section heading in Jupyter.
  const { title, ...rest } = options;
  const fig = Plot.plot({ document, ...rest });
  if (fig.tagName.toLowerCase() === 'svg') fig.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const heading = title ? `<div style="font: 600 13px sans-serif; margin: 4px 0">${escapeHtml(String(title))}</div>` : '';
  const html = `<div class="deconv-figure">${heading}${fig.outerHTML}</div>`;
  tslab.display.html(html);
}

/** A number as people read it: integers as they are, others to `digits` significant digits. */
export function fmt(v: number, digits = 4): string {
  if (Number.isInteger(v)) return String(v);
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(digits)));
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cell(v: unknown): string {
  if (typeof v === 'number') return fmt(v);
  if (Array.isArray(v)) return `[${v.map(cell).join(', ')}]`;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** An HTML table of records (one row each; columns from the first record's keys, or `columns`). */
export function table(rows: readonly object[], columns?: readonly string[]): void {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const head = cols.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows.map((r) => {
    const rec = r as Record<string, unknown>;
    return `<tr>${cols.map((c) => `<td>${escapeHtml(cell(rec[c]))}</td>`).join('')}</tr>`;
  }).join('\n');
  tslab.display.html(`<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`);
}

/** The last two axes of a tensor (first image, first channel, ...) as rows of numbers; a 1-D tensor is one row. */
export function rowsOf(t: Tensor | Nested): number[][] {
  let v: Nested = isTensor(t) ? toArray(t) : t;
  if (typeof v === 'number') return [[v]];
  while (Array.isArray(v[0]) && Array.isArray((v[0] as Nested[])[0])) v = v[0];
  if (!Array.isArray(v[0])) return [(v as Nested[]).map(Number)];
  return (v as Nested[][]).map((row) => row.map(Number));
}

function isTensor(t: unknown): t is Tensor {
  return typeof t === 'object' && t !== null && 'shape' in t && 'data' in t;
}

/** A matrix as an HTML table with optional row and column labels. */
export function matrix(t: Tensor | Nested, options: { rowLabels?: readonly string[]; colLabels?: readonly string[]; caption?: string } = {}): void {
  const rows = rowsOf(t);
  const head = options.colLabels ? `<thead><tr>${options.rowLabels ? '<th></th>' : ''}${options.colLabels.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>` : '';
  const body = rows.map((r, i) => `<tr>${options.rowLabels ? `<th>${escapeHtml(options.rowLabels[i])}</th>` : ''}${r.map((v) => `<td>${fmt(v)}</td>`).join('')}</tr>`).join('\n');
  const caption = options.caption ? `<div style="font: 600 13px sans-serif; margin: 4px 0">${escapeHtml(options.caption)}</div>` : '';
  tslab.display.html(`${caption}<table>${head}\n<tbody>\n${body}\n</tbody>\n</table>`);
}

export interface HeatmapOptions {
  title?: string;
  caption?: string;
  /** Write each value in its cell (default: when the matrix has at most 16 columns and 16 rows). */
  labels?: boolean;
  /** Size of one cell in pixels (default: fit 480 px wide, between 4 and 36 px). */
  cellSize?: number;
  /** Draw exact zeros as empty cells (default true): sparsity is the point of most figures. */
  blankZeros?: boolean;
  xLabel?: string;
  yLabel?: string;
  /** Colour scheme (default: diverging RdBu, symmetric around 0; "Blues" for non-negative data). */
  scheme?: Plot.ColorScheme;
}

/**
 * A matrix (or the last two axes of a tensor) as a grid of coloured cells, row 0 at the top.
 * Diverging colours centred on zero; the value range goes in the caption, not in a legend.
 */
export function heatmap(t: Tensor | Nested, options: HeatmapOptions = {}): void {
  const rows = rowsOf(t);
  const h = rows.length;
  const w = rows[0].length;
  const cells: { i: number; j: number; v: number }[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  rows.forEach((r, i) => r.forEach((v, j) => {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
    if (v !== 0 || options.blankZeros === false) cells.push({ i, j, v });
  }));
  const size = options.cellSize ?? Math.max(4, Math.min(36, Math.floor(480 / Math.max(w, h))));
  const labels = options.labels ?? (w <= 16 && h <= 16);
  const extent = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const scheme = options.scheme ?? (lo >= 0 ? 'Blues' : 'RdBu');
  const color = scheme === 'RdBu' ? { type: 'linear' as const, scheme, domain: [-extent, extent], reverse: true } : { type: 'linear' as const, scheme, domain: [0, hi || 1] };
  const band = (n: number) => Array.from({ length: n }, (_, k) => k);
  const tick = (n: number) => band(n).filter((k) => n <= 16 || k % Math.ceil(n / 8) === 0);
  const caption = options.caption ?? `${h}×${w}; values from ${fmt(lo)} to ${fmt(hi)}${options.blankZeros === false ? '' : '; zeros left blank'}`;
  figure({
    title: options.title,
    caption,
    width: w * size + 50,
    height: h * size + 50,
    marginLeft: 40,
    marginTop: 30,
    marginBottom: 20,
    padding: 0,
    x: { domain: band(w), axis: 'top', label: options.xLabel ?? null, ticks: tick(w), tickSize: 0 },
    y: { domain: band(h), label: options.yLabel ?? null, ticks: tick(h), tickSize: 0 },
    color,
    marks: [
      Plot.frame({ stroke: '#ccc' }),
      Plot.cell(cells, { x: 'j', y: 'i', fill: 'v', inset: 0.5 }),
      ...(labels ? [Plot.text(cells, { x: 'j', y: 'i', text: (d: { v: number }) => fmt(d.v, 2), fill: (d: { v: number }) => (Math.abs(d.v) > 0.6 * extent ? 'white' : 'black'), fontSize: Math.min(11, size / 2.6) })] : []),
    ],
  });
}

/** One or more 1-D signals as stems (a lollipop per sample), one colour per series, with a swatch legend. */
export function stems(series: Record<string, ArrayLike<number>>, options: { title?: string; caption?: string; width?: number; height?: number } = {}): void {
  const names = Object.keys(series);
  const data = names.flatMap((name, s) => Array.from(series[name], (v, i) => ({ name, i: i + (s - (names.length - 1) / 2) * 0.12, v })));
  figure({
    title: options.title,
    caption: options.caption,
    width: options.width ?? 560,
    height: options.height ?? 220,
    x: { label: 'index', tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : '') },
    y: { label: null, grid: true },
    color: { legend: names.length > 1, domain: names },
    marks: [
      Plot.ruleY([0]),
      Plot.ruleX(data, { x: 'i', y1: 0, y2: 'v', stroke: 'name' }),
      Plot.dot(data, { x: 'i', y: 'v', fill: 'name', r: 3 }),
    ],
  });
}

/** Shows `key = value` (compact JSON) without a rule: a value the test or the reader compares. */
export function show(key: string, value: unknown): void {
  console.log(`• ${checkKey(key)} = ${encode(value)}`);
}

/** Keys are `chapter.name` (letters, digits, _ and .), so that the test can read the lines back. */
function checkKey(key: string): string {
  if (!/^[a-z]+\.[A-Za-z0-9_.]+$/.test(key)) throw new Error(`key ${JSON.stringify(key)} must look like chapter.name`);
  return key;
}

function encode(value: unknown): string {
  if (isTensor(value)) return JSON.stringify(toArray(value));
  if (ArrayBuffer.isView(value)) return JSON.stringify(Array.from(value as unknown as ArrayLike<number>));
  return JSON.stringify(value);
}

/**
 * A check that does not hold: say in words what was compared, on stderr, and carry on. The
 * headless runner fails on any stderr output (so a wrong claim still fails `npm run notebooks`),
 * while a learner who changed a parameter keeps a running notebook and a sentence instead of
 * a stack trace.
 */
function fail(key: string, message: string): void {
  console.error(`✗ ${key} does not hold: ${message}. The expected value was worked out for this notebook's original `
    + 'parameters; if you changed one above, a difference is expected and the rest of the notebook still runs.');
}

/** Prints `✓ key = value  [< bound]`; throws unless 0 <= value < bound (a largest difference, an error). */
export function checkBelow(key: string, value: number, bound = 1e-12): void {
  if (!(value >= 0 && value < bound)) return fail(key, `the largest difference ${value} is not below ${bound}`);
  console.log(`✓ ${checkKey(key)} = ${encode(value)}  [< ${bound}]`);
}

/** Prints the largest |a - b| of two tensors as a check (must be < bound, default 1e-12). */
export function checkClose(key: string, a: Tensor, b: Tensor, bound = 1e-12): void {
  const d = maxAbsDiff(a, b);
  if (d === Infinity) return fail(key, `the two tensors have different shapes, [${a.shape}] and [${b.shape}], so their values cannot be compared`);
  checkBelow(key, d, bound);
}

/** Prints `✓ key = value  [exact]`; throws unless value equals expected exactly (numbers, arrays, records, tensors as nested arrays). */
export function checkEqual(key: string, value: unknown, expected: unknown): void {
  const got = encode(value);
  const want = encode(expected);
  if (got !== want) return fail(key, `the notebook computed ${got} where ${want} was expected`);
  console.log(`✓ ${checkKey(key)} = ${got}  [exact]`);
}
