/**
 * The drawing library: heatmap, matrix (numbers in a table), stem and line plots, defined once
 * for the figures (site/lib/plots.ts), the notebooks (notebooks/display.ts, through the link
 * notebooks/draw -> ../draw) and the cells (the worker's Plot bundle, `import ... from
 * 'deconv/draw'`). Observable Plot is imported, never the core: every number is the caller's.
 *
 * Typed without the DOM library (tslab loads ES2022 only): the caller passes a document
 * (`DrawDocument`), the page's, linkedom's or the worker's, and gets a `DrawnElement` back.
 * Imports are relative, extensionless and name a file, as tslab needs (test/drawLibrary.test.ts).
 */
export type { Cells, ChartOptions, DrawDocument, DrawnElement, MatrixLike, Nested, Series, TensorLike } from './types';
export { fmt, isTensorLike, label, rowsOf, slicesOf, type Slice } from './numbers';
export { heatmap, type HeatmapOptions } from './heatmap';
export { stems, type StemsOptions } from './stems';
export { lines, type LinesOptions } from './lines';
export { escapeHtml, headingHtml, matrixHtml, type MatrixOptions } from './matrix';
