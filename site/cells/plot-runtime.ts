/**
 * Plot for cells, in the worker: there is no DOM there, so Plot draws into a linkedom
 * document and the cell's output carries the SVG markup (shown by the page as an image).
 * Loaded on the first cell that imports '@observablehq/plot' or 'deconv/draw'.
 */
import * as P from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import * as draw from '../../draw/index';

const { document } = parseHTML('<!doctype html><html><body></body></html>');

type Options = Record<string, unknown>;
const plot = (options: Options = {}) => P.plot({ document, ...options } as P.PlotOptions);
const legend = (options: Options = {}) => P.legend({ document, ...options } as P.LegendOptions);

// `mark.plot()` is Plot's shorthand for plot({marks: [mark]}): give it the document too.
P.Mark.prototype.plot = function (this: P.Mark, { marks = [], ...options }: Options & { marks?: P.Markish[] } = {}) {
  return plot({ ...options, marks: [...marks, this] });
} as P.Mark['plot'];

/** The module a cell gets for `import * as Plot from '@observablehq/plot'`. */
export const Plot = Object.freeze({ ...P, plot, legend, default: undefined });

type Free<O> = Omit<O, 'document'>;
const into = document as unknown as draw.DrawDocument;

/**
 * The module a cell gets for `import { heatmap } from 'deconv/draw'`: the drawing library of
 * the figures and the notebooks (draw/), drawing into the worker's document, so that
 * `display(heatmap(y))` shows the same heatmap as the pages.
 */
export const Draw = Object.freeze({
  heatmap: (m: draw.MatrixLike, options: Free<draw.HeatmapOptions> = {}) => draw.heatmap(m, { ...options, document: into }),
  stems: (series: draw.Series, options: Free<draw.StemsOptions> = {}) => draw.stems(series, { ...options, document: into }),
  lines: (series: draw.Series, options: Free<draw.LinesOptions> = {}) => draw.lines(series, { ...options, document: into }),
  matrixHtml: draw.matrixHtml,
  rowsOf: draw.rowsOf,
  label: draw.label,
  fmt: draw.fmt,
});
