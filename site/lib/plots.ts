/**
 * The figures' side of the drawing library (draw/): the same heatmap the notebooks and the cells
 * draw, typed with the page's DOM (a Document in, an Element out), plus the figures' own layout
 * helpers (panels, notes) and the PNG raster. Drawing only; every number comes from the core.
 */
import { heatmap, lines, stems, type DrawDocument, type HeatmapOptions, type LinesOptions, type MatrixLike, type Series, type StemsOptions } from '../../draw/index';

export { label, rowsOf } from '../../draw/index';

export interface GridOptions extends Omit<HeatmapOptions, 'document' | 'title'> {
  title: string;
  document: Document;
}

/** A heatmap of a matrix with its values, row 0 at the top (draw/heatmap.ts). */
export function grid(m: MatrixLike, options: GridOptions): Element {
  return heatmap(m, options) as unknown as Element;
}

/** The page's document as the library's (the DOM's Document has all it needs, and more). */
const drawDocument = (document: Document) => document as unknown as DrawDocument;

/** Stems of 1-D signals (draw/stems.ts). */
export function stemPlot(series: Series, options: Omit<StemsOptions, 'document'> & { document: Document }): Element {
  return stems(series, { ...options, document: drawDocument(options.document) }) as unknown as Element;
}

/** Curves over a common x (draw/lines.ts). */
export function linePlot(series: Series, options: Omit<LinesOptions, 'document'> & { document: Document }): Element {
  return lines(series, { ...options, document: drawDocument(options.document) }) as unknown as Element;
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
