/**
 * One or more 1-D signals as stems (a lollipop per sample), one colour per series: the one
 * stem plot of the notebooks, the figures and the cells. Drawing only.
 */
import * as Plot from '@observablehq/plot';
import { frameOf } from './chart';
import { label } from './numbers';
import type { ChartOptions, DrawnElement, Series } from './types';

/** Default size 560 x 220; the x axis is named "index" unless `xLabel` says otherwise. */
export interface StemsOptions extends ChartOptions {
  /** One colour for every series (default: one per series from the colour scale). */
  color?: string;
  /** Stem width in pixels (default 1.5); the dots grow with it. */
  strokeWidth?: number;
  /** A fixed y extent (default: the samples' extent). */
  yDomain?: [number, number];
  /** Number every index and leave half a sample of room at each end (a short kernel's taps). */
  everyIndex?: boolean;
  /** An x marked by a dashed orange rule (e.g. a kernel's centre). */
  marker?: number;
  /** Write each sample's value above its dot, to this many decimals. */
  valueDigits?: number;
}

type Datum = { name: string; i: number; v: number };

/** Series by name, each sample at its index; several series sit side by side around each index, with a swatch legend. */
export function stems(series: Series, options: StemsOptions): DrawnElement {
  const names = Object.keys(series);
  const data: Datum[] = names.flatMap((name, s) => Array.from(series[name], (v, i) => ({ name, i: i + (s - (names.length - 1) / 2) * 0.12, v })));
  const count = Math.max(0, ...names.map((name) => series[name].length));
  const colour = options.color ?? 'name';
  const { valueDigits, marker } = options;
  const strokeWidth = options.strokeWidth ?? 1.5;
  return Plot.plot({
    ...frameOf(options, 560, 220),
    x: {
      label: options.xLabel ?? 'index', tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : ''),
      ...(options.everyIndex ? { domain: [-0.5, count - 0.5], ticks: Array.from({ length: count }, (_, i) => i) } : {}),
    },
    y: { label: null, grid: true, domain: options.yDomain },
    color: { legend: names.length > 1 && !options.color, domain: names },
    marks: [
      Plot.ruleY([0]),
      ...(marker === undefined ? [] : [Plot.ruleX([marker], { stroke: '#e8590c', strokeDasharray: '4 3' })]),
      Plot.ruleX(data, { x: 'i', y1: 0, y2: 'v', stroke: colour, strokeWidth }),
      Plot.dot(data, { x: 'i', y: 'v', fill: colour, r: strokeWidth + 1.5 }),
      ...(valueDigits === undefined ? [] : [Plot.text(data, { x: 'i', y: 'v', text: (d: Datum) => label(d.v, valueDigits), dy: -10, fontSize: 9 })]),
    ],
  }) as unknown as DrawnElement;
}
