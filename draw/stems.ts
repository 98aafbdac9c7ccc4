/**
 * One or more 1-D signals as stems (a lollipop per sample), one colour per series: the one
 * stem plot of the notebooks, the figures and the cells. Drawing only.
 */
import * as Plot from '@observablehq/plot';
import { frameOf } from './chart';
import type { ChartOptions, DrawnElement, Series } from './types';

/** Default size 560 x 220; the x axis is named "index" unless `xLabel` says otherwise. */
export type StemsOptions = ChartOptions;

/** Series by name, each sample at its index; several series sit side by side around each index, with a swatch legend. */
export function stems(series: Series, options: StemsOptions): DrawnElement {
  const names = Object.keys(series);
  const data = names.flatMap((name, s) => Array.from(series[name], (v, i) => ({ name, i: i + (s - (names.length - 1) / 2) * 0.12, v })));
  return Plot.plot({
    ...frameOf(options, 560, 220),
    x: { label: options.xLabel ?? 'index', tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : '') },
    y: { label: null, grid: true },
    color: { legend: names.length > 1, domain: names },
    marks: [
      Plot.ruleY([0]),
      Plot.ruleX(data, { x: 'i', y1: 0, y2: 'v', stroke: 'name' }),
      Plot.dot(data, { x: 'i', y: 'v', fill: 'name', r: 3 }),
    ],
  }) as unknown as DrawnElement;
}
