/**
 * Display helpers shared by the notebooks: tables, Plot figures and printed checks.
 * No mathematics lives here: every number shown comes from the core (./src/index).
 * Heatmaps, matrices, stems and lines are the drawing library's (./draw, a link to ../draw,
 * the same one the site's figures and cells use); this file only shows what it draws.
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
import * as draw from './draw/index';
import { escapeHtml, fmt, headingHtml, rowsOf, type DrawDocument, type DrawnElement } from './draw/index';
import { maxAbsDiff, toArray, type Tensor } from './src/index';

export { Plot, fmt, rowsOf };

// linkedom types its window against the DOM library, which tslab (ES2022 only) does not load.
const document = (parseHTML('<!doctype html><html><body></body></html>') as unknown as { document: DrawDocument }).document;

/** Shows a drawn element (an <svg> or Plot's <figure>) as markup, under a small title. */
function showElement(element: DrawnElement, title?: string): void {
  if (element.tagName.toLowerCase() === 'svg') element.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  // The title is drawn here, small: Plot's <h2> looks like a section heading in Jupyter.
  const heading = title ? headingHtml(title) : '';
  tslab.display.html(`<div class="deconv-figure">${heading}${element.outerHTML}</div>`);
}

/** Renders a Plot figure to markup and shows it. */
export function figure(options: Plot.PlotOptions): void {
  const { title, ...rest } = options;
  const fig = Plot.plot({ document: document as unknown as Plot.PlotOptions['document'], ...rest });
  showElement(fig as unknown as DrawnElement, title ? String(title) : undefined);
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

function isTensor(t: unknown): t is Tensor {
  return typeof t === 'object' && t !== null && 'shape' in t && 'data' in t;
}

/** A matrix as an HTML table of its numbers, with optional row and column labels (draw/matrix.ts). */
export function matrix(t: draw.MatrixLike, options: draw.MatrixOptions = {}): void {
  tslab.display.html(draw.matrixHtml(t, options));
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
  /** Colours (default: 'diverging', white at 0, when some value is negative, else 'sequential'). */
  scheme?: 'diverging' | 'sequential';
}

/**
 * A matrix (or the last two axes of a tensor) as a grid of coloured cells, row 0 at the top
 * (draw/heatmap.ts, the figures' heatmap). The value range goes in the caption, not in a
 * legend (Plot's colour legends draw on a canvas, which linkedom lacks).
 */
export function heatmap(t: draw.MatrixLike, options: HeatmapOptions = {}): void {
  const rows = rowsOf(t);
  const h = rows.length;
  const w = rows[0].length;
  const values = rows.flat();
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const hideZeros = options.blankZeros !== false;
  const caption = options.caption ?? `${h}×${w}; values from ${fmt(lo)} to ${fmt(hi)}${hideZeros ? '; zeros left blank' : ''}`;
  showElement(draw.heatmap(rows, {
    document,
    caption,
    hideZeros,
    cell: options.cellSize ?? Math.max(4, Math.min(36, Math.floor(480 / Math.max(w, h)))),
    values: options.labels ?? (w <= 16 && h <= 16),
    scheme: options.scheme ?? (lo >= 0 ? 'sequential' : 'diverging'),
    xLabel: options.xLabel,
    yLabel: options.yLabel,
  }), options.title);
}

/** One panel of `heatmaps`: a matrix under its own title, optionally with grey (cropped, padding) cells. */
export interface HeatmapPanel {
  title: string;
  m: draw.MatrixLike;
  shade?: draw.Cells;
}

/**
 * Several heatmaps side by side on one colour scale (give `domain` so that equal values get
 * equal colours across panels): the library's heatmap once per panel, titled small.
 */
export function heatmaps(panels: readonly HeatmapPanel[], options: { title?: string; caption?: string; labels?: boolean; cellSize?: number; scheme?: 'diverging' | 'sequential' | 'grey'; domain?: [number, number] } = {}): void {
  const parts = panels.map((panel) => {
    const rows = rowsOf(panel.m);
    const side = Math.max(rows.length, rows[0].length);
    const element = draw.heatmap(rows, {
      document,
      cell: options.cellSize ?? Math.max(4, Math.min(36, Math.floor(220 / side))),
      values: options.labels ?? side <= 16,
      scheme: options.scheme,
      domain: options.domain,
      shade: panel.shade,
    });
    if (element.tagName.toLowerCase() === 'svg') element.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    return `<div style="display: inline-block; vertical-align: top; margin: 0 12px 8px 0">${headingHtml(panel.title)}${element.outerHTML}</div>`;
  });
  const caption = options.caption ? `<p style="font: 12px sans-serif; margin: 2px 0">${escapeHtml(options.caption)}</p>` : '';
  tslab.display.html(`<div class="deconv-figure">${options.title ? headingHtml(options.title) : ''}<div>${parts.join('')}</div>${caption}</div>`);
}

/** One or more 1-D signals as stems (a lollipop per sample), one colour per series, with a swatch legend (draw/stems.ts). */
export function stems(series: Record<string, ArrayLike<number>>, options: Omit<draw.StemsOptions, 'document'> = {}): void {
  const { title, ...rest } = options;
  showElement(draw.stems(series, { document, ...rest }), title);
}

/** Curves by name, sample i at x = i (draw/lines.ts): a loss over steps, on a log axis with `logY`. */
export function lines(series: Record<string, ArrayLike<number>>, options: Omit<draw.LinesOptions, 'document'> = {}): void {
  const { title, ...rest } = options;
  showElement(draw.lines(series, { document, ...rest }), title);
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
