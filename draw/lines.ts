/**
 * Curves (a loss over training steps, a profile): one line per series, with optional dashed
 * reference levels. The one line plot of the notebooks, the figures and the cells. Drawing only.
 */
import * as Plot from '@observablehq/plot';
import { frameOf } from './chart';
import type { ChartOptions, DrawnElement, Series } from './types';

/** A point drawn over the curves (e.g. the latest step), with words beside it. */
export interface LinesPoint {
  x: number;
  y: number;
  color: string;
  /** Radius in pixels (default 3). */
  r?: number;
  /** Words written under the point, in its colour and bold. */
  note?: string;
  /** Which end of the words sits at the point (default 'start'). */
  noteAnchor?: 'start' | 'end';
  /** Hide the point when it falls outside the frame (default: drawn wherever it falls). */
  clip?: boolean;
}

/** Default size 560 x 240. */
export interface LinesOptions extends ChartOptions {
  yLabel?: string;
  /** A logarithmic y axis (non-positive values are left out: they have no place on it). */
  logY?: boolean;
  /** Horizontal reference levels, drawn dashed. */
  levels?: readonly number[];
  /** The levels' colour (default the text's). */
  levelColor?: string;
  /** Words written above each level, at the right end of the x axis. */
  levelNote?: (level: number) => string;
  /** The x of sample 0 (default 0); sample i sits at first + i. */
  first?: number;
  /** One colour for every series (default: one per series from the colour scale). */
  color?: string;
  /** Line width in pixels (default 1.5). */
  strokeWidth?: number;
  /** Fixed extents. */
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** The y axis's ticks (how many, or where) and how they are written (a d3-format specifier or a function). */
  yTicks?: number | number[];
  yTickFormat?: string | ((v: number) => string);
  /** Room in pixels left and right of the plot (default Plot's). */
  marginLeft?: number;
  marginRight?: number;
  /** Cut the curves at the frame (for values outside a fixed extent). */
  clip?: boolean;
  point?: LinesPoint;
}

/** Dashed levels, each with its words if asked. */
function levelMarks(options: LinesOptions, right: number | undefined): Plot.Markish[] {
  const { levels, levelColor: color, levelNote } = options;
  if (!levels?.length) return [];
  return [
    Plot.ruleY(levels, { strokeDasharray: '4 4', ...(color ? { stroke: color } : {}) }),
    ...(levelNote && right !== undefined ? [Plot.text(levels, {
      x: () => right, y: (v: number) => v, text: levelNote, textAnchor: 'end', dy: -7, fontSize: 10, ...(color ? { fill: color } : {}),
    })] : []),
  ];
}

/** The point and its words. */
function pointMarks(point: LinesPoint | undefined): Plot.Markish[] {
  if (!point) return [];
  const at = [point];
  return [
    Plot.dot(at, { x: 'x', y: 'y', fill: point.color, r: point.r ?? 3, ...(point.clip ? { clip: true } : {}) }),
    ...(point.note ? [Plot.text(at, {
      x: 'x', y: 'y', text: () => point.note, dy: 12, textAnchor: point.noteAnchor ?? 'start', fill: point.color, fontSize: 10, fontWeight: 600,
    })] : []),
  ];
}

/** Series by name, sample i at x = first + i; a swatch legend when there are several. */
export function lines(series: Series, options: LinesOptions): DrawnElement {
  const names = Object.keys(series);
  const first = options.first ?? 0;
  const data = names.flatMap((name) => Array.from(series[name], (v, i) => ({ name, x: first + i, v })))
    .filter((d) => Number.isFinite(d.v) && (!options.logY || d.v > 0));
  return Plot.plot({
    ...frameOf(options, 560, 240),
    marginLeft: options.marginLeft,
    marginRight: options.marginRight,
    x: { label: options.xLabel ?? null, domain: options.xDomain },
    y: {
      type: options.logY ? 'log' : 'linear', label: options.yLabel ?? null, grid: true,
      domain: options.yDomain, ticks: options.yTicks, tickFormat: options.yTickFormat,
    },
    color: { legend: names.length > 1 && !options.color, domain: names },
    marks: [
      ...levelMarks(options, options.xDomain?.[1]),
      Plot.line(data, {
        x: 'x', y: 'v', z: 'name', stroke: options.color ?? (names.length > 1 ? 'name' : 'currentColor'),
        ...(options.strokeWidth ? { strokeWidth: options.strokeWidth } : {}), ...(options.clip ? { clip: true } : {}),
      }),
      ...pointMarks(options.point),
    ],
  }) as unknown as DrawnElement;
}
