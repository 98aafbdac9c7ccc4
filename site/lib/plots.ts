/**
 * Drawing helpers shared by the figures: a matrix as a grid of coloured, labelled cells.
 * Drawing only; every number comes from the core.
 */
import * as Plot from '@observablehq/plot';
import type { Tensor } from '../../src/index';

export interface GridOptions {
  title: string;
  document: Document;
  /** Cells [row, col] to outline. */
  highlight?: readonly (readonly [number, number])[];
  /** Cells [row, col] to draw faded (e.g. cropped padding). */
  faded?: readonly (readonly [number, number])[];
  /** Pixel size of a cell (default 26). */
  cell?: number;
  /** Show the value in each cell (default true when the grid is small). */
  values?: boolean;
  /** Colour scheme: 'diverging' centres white on 0 (default), 'sequential' for counts. */
  scheme?: 'diverging' | 'sequential';
  /** Fixed colour domain, to keep colours stable across frames. */
  domain?: [number, number];
  /** Digits shown in cells (default 2, trailing zeros dropped). */
  digits?: number;
  /** Cells [row, col] drawn empty, without colour or value (e.g. not computed yet). */
  blank?: readonly (readonly [number, number])[];
  /** Cells [row, col] drawn grey with a grey value (e.g. padding). */
  shade?: readonly (readonly [number, number])[];
  /** Colour of the highlight outline (default orange). */
  highlightColor?: string;
  /** Smallest width in pixels (default 120); lower it for a narrow column vector. */
  minWidth?: number;
}

/** A number for a cell label: at most `digits` decimals, no trailing zeros, no -0. */
export function label(v: number, digits = 2): string {
  const r = Number(v.toFixed(digits));
  return Object.is(r, -0) ? '0' : String(r);
}

/** Rows of a 2-D matrix given as nested arrays or as a [rows, cols] tensor. */
export function rowsOf(m: Tensor | readonly (readonly number[])[]): number[][] {
  if (Array.isArray(m)) return m.map((r) => [...r]);
  const t = m as Tensor;
  const [rows, cols] = t.shape.slice(-2);
  return Array.from({ length: rows }, (_, i) => Array.from(t.data.subarray(i * cols, (i + 1) * cols)));
}

/** A heatmap of a matrix with its values, row 0 at the top. */
export function grid(m: Tensor | readonly (readonly number[])[], options: GridOptions): Element {
  const rows = rowsOf(m);
  const nRows = rows.length;
  const nCols = rows[0]?.length ?? 0;
  const cell = options.cell ?? 26;
  const showValues = options.values ?? nRows * nCols <= 400;
  const key = (p: readonly [number, number]) => `${p[0]},${p[1]}`;
  const blank = new Set((options.blank ?? []).map(key));
  const shade = new Set((options.shade ?? []).map(key));
  const all = rows.flatMap((r, i) => r.map((v, j) => ({ i, j, v })));
  const data = blank.size || shade.size ? all.filter((d) => !blank.has(`${d.i},${d.j}`) && !shade.has(`${d.i},${d.j}`)) : all;
  const shaded = shade.size ? all.filter((d) => shade.has(`${d.i},${d.j}`)) : [];
  const extent = Math.max(1e-12, ...data.map((d) => Math.abs(d.v)));
  const color: Plot.ScaleOptions = options.scheme === 'sequential'
    ? { type: 'linear', scheme: 'blues', domain: options.domain ?? [0, extent] }
    : { type: 'linear', scheme: 'rdbu', domain: options.domain ?? [extent, -extent] };
  const faded = new Set((options.faded ?? []).map(key));
  const highlight = (options.highlight ?? []).map(([i, j]) => ({ i, j }));
  const marks: Plot.Markish[] = [
    Plot.cell(data, { x: 'j', y: 'i', fill: 'v', inset: 0.5, fillOpacity: (d) => (faded.has(key([d.i, d.j])) ? 0.25 : 1) }),
  ];
  if (shaded.length) marks.push(Plot.cell(shaded, { x: 'j', y: 'i', fill: '#e9ecef', inset: 0.5 }));
  if (blank.size) marks.push(Plot.cell((options.blank ?? []).map(([i, j]) => ({ i, j })), { x: 'j', y: 'i', fill: 'none', stroke: '#ced4da', inset: 1 }));
  if (showValues) {
    // Dark cells get white text; "dark" is judged on the colour scale's own domain.
    const top = options.domain ? Math.max(...options.domain.map(Math.abs)) : extent;
    marks.push(Plot.text(data, {
      x: 'j', y: 'i', text: (d) => label(d.v, options.digits), fontSize: cell > 22 ? 10 : 8,
      fill: (d) => (Math.abs(d.v) > 0.6 * top ? 'white' : 'black'),
    }));
    if (shaded.length) marks.push(Plot.text(shaded, { x: 'j', y: 'i', text: (d) => label(d.v, options.digits), fontSize: cell > 22 ? 10 : 8, fill: '#868e96' }));
  }
  if (highlight.length) {
    marks.push(Plot.cell(highlight, { x: 'j', y: 'i', fill: 'none', stroke: options.highlightColor ?? '#e8590c', strokeWidth: 2.5, inset: 1 }));
  }
  return Plot.plot({
    document: options.document,
    title: options.title,
    width: Math.max(options.minWidth ?? 120, nCols * cell + 40),
    height: nRows * cell + 40,
    marginLeft: 30,
    marginTop: 24,
    marginBottom: 6,
    x: { axis: 'top', domain: Array.from({ length: nCols }, (_, j) => j), label: null, tickSize: 0, ticks: nCols > 16 ? [] : undefined },
    y: { domain: Array.from({ length: nRows }, (_, i) => i), label: null, tickSize: 0, ticks: nRows > 16 ? [] : undefined },
    color,
    marks,
  });
}

/** Several figures side by side, wrapping on narrow screens. */
export function panels(document: Document, items: readonly Element[], className = 'figure-panels'): Element {
  const div = document.createElement('div');
  div.setAttribute('class', className);
  for (const item of items) div.appendChild(item);
  return div;
}

/** A paragraph of text (a formula with numbers, a verdict). */
export function note(document: Document, text: string, className = 'figure-note'): Element {
  const p = document.createElement('p');
  p.setAttribute('class', className);
  p.textContent = text;
  return p;
}
