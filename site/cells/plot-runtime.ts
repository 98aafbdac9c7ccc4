/**
 * Plot for cells, in the worker: there is no DOM there, so Plot draws into a linkedom
 * document and the cell's output carries the SVG markup (shown by the page as an image).
 * Loaded on the first cell that imports '@observablehq/plot'.
 */
import * as P from '@observablehq/plot';
import { parseHTML } from 'linkedom';

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
