/**
 * Curves (a loss over training steps, a profile): one line per series, with optional dashed
 * reference levels. The one line plot of the notebooks, the figures and the cells. Drawing only.
 */
import * as Plot from '@observablehq/plot';
import { frameOf } from './chart';
import type { ChartOptions, DrawnElement, Series } from './types';

/** Default size 560 x 240. */
export interface LinesOptions extends ChartOptions {
  yLabel?: string;
  /** A logarithmic y axis (non-positive values are left out: they have no place on it). */
  logY?: boolean;
  /** Horizontal reference levels, drawn dashed. */
  levels?: readonly number[];
  /** The x of sample 0 (default 0); sample i sits at first + i. */
  first?: number;
}

/** Series by name, sample i at x = first + i; a swatch legend when there are several. */
export function lines(series: Series, options: LinesOptions): DrawnElement {
  const names = Object.keys(series);
  const first = options.first ?? 0;
  const data = names.flatMap((name) => Array.from(series[name], (v, i) => ({ name, x: first + i, v })))
    .filter((d) => Number.isFinite(d.v) && (!options.logY || d.v > 0));
  return Plot.plot({
    ...frameOf(options, 560, 240),
    x: { label: options.xLabel ?? null },
    y: { type: options.logY ? 'log' : 'linear', label: options.yLabel ?? null, grid: true },
    color: { legend: names.length > 1, domain: names },
    marks: [
      ...(options.levels?.length ? [Plot.ruleY(options.levels, { strokeDasharray: '4 4' })] : []),
      Plot.line(data, { x: 'x', y: 'v', z: 'name', stroke: names.length > 1 ? 'name' : 'currentColor' }),
    ],
  }) as unknown as DrawnElement;
}
