/**
 * A matrix as a grid of coloured cells, row 0 at the top, its values written in the cells: the
 * one heatmap of the figures, the notebooks and the cells. Drawing only: every number comes
 * from the caller (the core computed it).
 */
import * as Plot from '@observablehq/plot';
import { label, rowsOf } from './numbers';
import type { Cells, DrawDocument, DrawnElement, MatrixLike } from './types';

export interface HeatmapOptions {
  /** Where the elements are made: the page's document, linkedom in Node and in the cell worker. */
  document: DrawDocument;
  /** A heading above the grid (Plot's <h2>). */
  title?: string;
  /** A sentence under the grid (Plot's <figcaption>). */
  caption?: string;
  /** Cells [row, col] to outline. */
  highlight?: Cells;
  /** Colour of the highlight outline (default orange). */
  highlightColor?: string;
  /** Cells [row, col] to draw faded (e.g. cropped padding). */
  faded?: Cells;
  /** Cells [row, col] drawn empty, without colour or value (e.g. not computed yet). */
  blank?: Cells;
  /** Cells [row, col] drawn grey with a grey value (e.g. padding). */
  shade?: Cells;
  /** Cells [row, col] drawn white with a dashed outline and a grey value (e.g. inserted zeros, so that they never look like small values). */
  dashed?: Cells;
  /** Leave exact zeros out (a frame shows the matrix's extent): sparsity is the point of many matrices. */
  hideZeros?: boolean;
  /** Pixel size of a cell (default 26). */
  cell?: number;
  /** Show the value in each cell (default true when the grid has at most 400 cells). */
  values?: boolean;
  /** Font size of the values in pixels (default 10 for cells over 22 pixels, else 8). */
  fontSize?: number;
  /** A tooltip per cell (an SVG <title>), e.g. `C[i][j] = v`, for cells too small to print their value. */
  tip?: (row: number, col: number, value: number) => string;
  /** Number every n-th row and column (default: every one up to 16, none past). */
  tickEvery?: number;
  /** Digits shown in cells (default 2, trailing zeros dropped). */
  digits?: number;
  /** Colour scheme: 'diverging' centres white on 0 (default), 'sequential' for counts, 'grey' for images (black to white, clamped to the domain). */
  scheme?: 'diverging' | 'sequential' | 'grey';
  /** Fixed colour domain, to keep colours stable across frames. */
  domain?: [number, number];
  /** Smallest width in pixels (default 120); lower it for a narrow column vector. */
  minWidth?: number;
  /** Axis names (none by default: rows and columns are numbered). */
  xLabel?: string;
  yLabel?: string;
}

type Datum = { i: number; j: number; v: number };

const key = (p: readonly [number, number]) => `${p[0]},${p[1]}`;
const keyOf = (d: Datum) => `${d.i},${d.j}`;

/** The colour scale of a scheme; without a fixed domain, it spans the drawn values (`extent`, their largest magnitude). */
function colorScale(scheme: 'diverging' | 'sequential' | 'grey', domain: [number, number] | undefined, extent: number): Plot.ScaleOptions {
  if (scheme === 'sequential') return { type: 'linear', scheme: 'blues', domain: domain ?? [0, extent] };
  if (scheme === 'grey') return { type: 'linear', scheme: 'greys', domain: domain ?? [0, extent], reverse: true, clamp: true };
  return { type: 'linear', scheme: 'rdbu', domain: domain ?? [extent, -extent] };
}

/** The grid as Plot marks and scales (its cells, values, outlines) for `heatmap`. */
function marks(rows: number[][], options: HeatmapOptions) {
  const cell = options.cell ?? 26;
  const showValues = options.values ?? rows.length * (rows[0]?.length ?? 0) <= 400;
  const blank = new Set((options.blank ?? []).map(key));
  const shade = new Set((options.shade ?? []).map(key));
  const dashed = new Set((options.dashed ?? []).map(key));
  const all = rows.flatMap((r, i) => r.map((v, j) => ({ i, j, v })));
  const special = blank.size || shade.size || dashed.size || options.hideZeros;
  const data = special ? all.filter((d) => !blank.has(keyOf(d)) && !shade.has(keyOf(d)) && !dashed.has(keyOf(d)) && !(options.hideZeros && d.v === 0)) : all;
  const shaded = shade.size ? all.filter((d) => shade.has(keyOf(d))) : [];
  const inserted = dashed.size ? all.filter((d) => dashed.has(keyOf(d))) : [];
  const extent = Math.max(1e-12, ...data.map((d) => Math.abs(d.v)));
  const color = colorScale(options.scheme ?? 'diverging', options.domain, extent);
  const faded = new Set((options.faded ?? []).map(key));
  const highlight = (options.highlight ?? []).map(([i, j]) => ({ i, j }));
  const fontSize = options.fontSize ?? (cell > 22 ? 10 : 8);
  const tip = options.tip;
  const list: Plot.Markish[] = [];
  if (options.hideZeros) list.push(Plot.frame({ stroke: '#ced4da' }));
  list.push(Plot.cell(data, { x: 'j', y: 'i', fill: 'v', inset: options.scheme === 'grey' ? 0 : 0.5, fillOpacity: (d: Datum) => (faded.has(keyOf(d)) ? 0.25 : 1), ...(tip ? { title: (d: Datum) => tip(d.i, d.j, d.v) } : {}) }));
  if (shaded.length) list.push(Plot.cell(shaded, { x: 'j', y: 'i', fill: '#e9ecef', inset: 0.5 }));
  if (inserted.length) list.push(Plot.cell(inserted, { x: 'j', y: 'i', fill: 'white', stroke: '#868e96', strokeDasharray: '2.5 2', inset: 2 }));
  if (blank.size) list.push(Plot.cell((options.blank ?? []).map(([i, j]) => ({ i, j })), { x: 'j', y: 'i', fill: 'none', stroke: '#ced4da', inset: 1 }));
  if (showValues) {
    // Dark cells get white text; "dark" is judged on the colour scale's own domain.
    const top = options.domain ? Math.max(...options.domain.map(Math.abs)) : extent;
    list.push(Plot.text(data, {
      x: 'j', y: 'i', text: (d: Datum) => label(d.v, options.digits), fontSize,
      fill: (d: Datum) => ((options.scheme === 'grey' ? Math.abs(d.v) < 0.4 * top : Math.abs(d.v) > 0.6 * top) ? 'white' : 'black'),
    }));
    const grey = [...shaded, ...inserted];
    if (grey.length) list.push(Plot.text(grey, { x: 'j', y: 'i', text: (d: Datum) => label(d.v, options.digits), fontSize, fill: '#868e96' }));
  }
  if (highlight.length) {
    list.push(Plot.cell(highlight, { x: 'j', y: 'i', fill: 'none', stroke: options.highlightColor ?? '#e8590c', strokeWidth: 2.5, inset: 1 }));
  }
  return { color, marks: list };
}

/** A heatmap of a matrix (a tensor's last two axes, or nested arrays) with its values, row 0 at the top. */
export function heatmap(m: MatrixLike, options: HeatmapOptions): DrawnElement {
  const rows = rowsOf(m);
  const nRows = rows.length;
  const nCols = rows[0]?.length ?? 0;
  const cell = options.cell ?? 26;
  const band = (n: number) => Array.from({ length: n }, (_, k) => k);
  const ticks = (n: number) => (options.tickEvery ? band(n).filter((k) => k % (options.tickEvery ?? 1) === 0) : n > 16 ? [] : undefined);
  const { color, marks: list } = marks(rows, options);
  // An image's pixels touch (no band padding, no inset: no white seams); a matrix's cells stand apart.
  const image = options.scheme === 'grey' ? { padding: 0 } : {};
  return Plot.plot({
    // The library's document type is the DOM's minus what the drawings never touch.
    document: options.document as unknown as Plot.PlotOptions['document'],
    title: options.title,
    caption: options.caption,
    width: Math.max(options.minWidth ?? 120, nCols * cell + 40 + (options.yLabel ? 14 : 0)),
    height: nRows * cell + 40 + (options.xLabel ? 12 : 0),
    marginLeft: options.yLabel ? 44 : 30,
    marginTop: options.xLabel ? 36 : 24,
    marginBottom: 6,
    x: { axis: 'top', domain: band(nCols), label: options.xLabel ?? null, tickSize: 0, ticks: ticks(nCols), ...image },
    y: { domain: band(nRows), label: options.yLabel ?? null, tickSize: 0, ticks: ticks(nRows), ...image },
    color,
    marks: list,
  }) as unknown as DrawnElement;
}
