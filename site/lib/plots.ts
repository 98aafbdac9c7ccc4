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

export interface RasterOptions {
  title: string;
  document: Document;
  /** Screen pixels per image pixel (default 2). */
  scale?: number;
  /** Grey levels: domain[0] is black, domain[1] white; values outside are clipped (default [0, 1]). */
  domain?: [number, number];
}

/**
 * A greyscale image (row-major values, rows x cols) as an SVG holding a PNG, drawn pixelated:
 * thousands of pixels in one element, so a 64×64 image redraws in well under a millisecond
 * (as Plot cells it would be 4096 rects). Works in Node (linkedom) and the browser alike.
 */
export function raster(values: ArrayLike<number>, rows: number, cols: number, options: RasterOptions): Element {
  const { document, title } = options;
  const scale = options.scale ?? 2;
  const [lo, hi] = options.domain ?? [0, 1];
  const grey = new Uint8Array(rows * cols);
  for (let e = 0; e < grey.length; e++) grey[e] = Math.round(255 * Math.min(1, Math.max(0, (values[e] - lo) / (hi - lo || 1))));
  const ns = 'http://www.w3.org/2000/svg';
  const figure = document.createElement('figure');
  const heading = document.createElement('h2');
  heading.textContent = title;
  const svg = document.createElementNS(ns, 'svg');
  const width = cols * scale;
  const height = rows * scale;
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', title);
  const image = document.createElementNS(ns, 'image');
  image.setAttribute('href', `data:image/png;base64,${base64(png(grey, rows, cols))}`);
  image.setAttribute('width', String(width));
  image.setAttribute('height', String(height));
  image.setAttribute('preserveAspectRatio', 'none');
  image.setAttribute('style', 'image-rendering: pixelated');
  svg.appendChild(image);
  figure.appendChild(heading);
  figure.appendChild(svg);
  return figure;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** An 8-bit greyscale PNG (PNG spec, ISO/IEC 15948), its zlib stream made of stored (uncompressed) deflate blocks. */
function png(grey: Uint8Array, rows: number, cols: number): Uint8Array {
  const raw = new Uint8Array(rows * (cols + 1));
  for (let i = 0; i < rows; i++) raw.set(grey.subarray(i * cols, (i + 1) * cols), i * (cols + 1) + 1); // filter byte 0 per row
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const zlib = new Uint8Array(2 + raw.length + 5 * blocks + 4);
  zlib[0] = 0x78;
  zlib[1] = 0x01;
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const part = raw.subarray(b * 65535, Math.min(raw.length, (b + 1) * 65535));
    zlib[at] = b === blocks - 1 ? 1 : 0;
    zlib[at + 1] = part.length & 0xff;
    zlib[at + 2] = part.length >>> 8;
    zlib[at + 3] = ~part.length & 0xff;
    zlib[at + 4] = (~part.length >>> 8) & 0xff;
    zlib.set(part, at + 5);
    at += 5 + part.length;
  }
  let a = 1;
  let s = 0;
  for (const v of raw) {
    a = (a + v) % 65521;
    s = (s + a) % 65521;
  }
  writeU32(zlib, at, ((s << 16) | a) >>> 0);
  const header = new Uint8Array(13);
  writeU32(header, 0, cols);
  writeU32(header, 4, rows);
  header[8] = 8; // bit depth; colour type 0 (grey), compression, filter, interlace all 0
  const chunks = [chunk('IHDR', header), chunk('IDAT', zlib), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(8 + chunks.reduce((n, c) => n + c.length, 0));
  out.set([137, 80, 78, 71, 13, 10, 26, 10]);
  let offset = 8;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function writeU32(bytes: Uint8Array, at: number, v: number): void {
  bytes[at] = v >>> 24;
  bytes[at + 1] = (v >>> 16) & 0xff;
  bytes[at + 2] = (v >>> 8) & 0xff;
  bytes[at + 3] = v & 0xff;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  writeU32(out, 0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  let crc = 0xffffffff;
  for (let i = 4; i < 8 + data.length; i++) crc = CRC_TABLE[(crc ^ out[i]) & 0xff] ^ (crc >>> 8);
  writeU32(out, 8 + data.length, (crc ^ 0xffffffff) >>> 0);
  return out;
}

function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
