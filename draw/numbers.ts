/**
 * Numbers as the drawings write them, and matrices as rows: the data side of the library, with
 * no Plot in it (the cell worker shows tensors with these before Plot is ever loaded).
 */
import type { MatrixLike, Nested, TensorLike } from './types';

/** A number for a cell label: at most `digits` decimals, no trailing zeros, no -0. */
export function label(v: number, digits = 2): string {
  const r = Number(v.toFixed(digits));
  return Object.is(r, -0) ? '0' : String(r);
}

/** A number as people read it: integers as they are, others to `digits` significant digits. */
export function fmt(v: number, digits = 4): string {
  if (Number.isInteger(v)) return String(v);
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(digits)));
}

/** A core tensor or anything shaped like one: {shape, data} with data.length = product(shape). */
export function isTensorLike(v: unknown): v is TensorLike {
  if (v === null || typeof v !== 'object') return false;
  const { shape, data } = v as { shape?: unknown; data?: unknown };
  return Array.isArray(shape) && typeof data === 'object' && data !== null && typeof (data as ArrayLike<number>).length === 'number';
}

/**
 * The first matrix of the last two axes (first image, first channel, ...), as rows: a 1-D
 * tensor or array is one row, a scalar one cell.
 */
export function rowsOf(m: MatrixLike): number[][] {
  if (isTensorLike(m)) {
    const { shape, data } = m;
    if (shape.length === 0) return [[Number(data[0])]];
    const cols = shape[shape.length - 1];
    const rows = shape.length === 1 ? 1 : shape[shape.length - 2];
    return sliceRows(data, 0, rows, cols, rows, cols);
  }
  let v: Nested = m;
  if (typeof v === 'number') return [[v]];
  while (Array.isArray(v[0]) && Array.isArray((v[0] as readonly Nested[])[0])) v = v[0] as readonly Nested[];
  if (!Array.isArray(v[0])) return [(v as readonly Nested[]).map(Number)];
  return (v as readonly (readonly Nested[])[]).map((row) => row.map(Number));
}

/** Rows `keepRows` x `keepCols` of the rows x cols matrix that starts at `base` in `data`. */
function sliceRows(data: ArrayLike<number>, base: number, rows: number, cols: number, keepRows: number, keepCols: number): number[][] {
  return Array.from({ length: Math.min(rows, keepRows) }, (_, i) =>
    Array.from({ length: Math.min(cols, keepCols) }, (_, j) => Number(data[base + i * cols + j])));
}

/** One matrix of a tensor: its index in the leading axes (`[0, 1, :, :]`, empty for rank <= 2) and its rows. */
export interface Slice {
  label: string;
  rows: number[][];
}

/**
 * Every matrix of the last two axes, one slice per index of the leading axes, each cut to
 * `side` x `side` and at most `count` slices (how many were left out is `omitted`).
 */
export function slicesOf(t: TensorLike, limits: { side: number; count: number }): { slices: Slice[]; omitted: number; clipped: boolean } {
  const { shape, data } = t;
  if (shape.length === 0) return { slices: [{ label: '', rows: [[Number(data[0])]] }], omitted: 0, clipped: false };
  const rows = shape.length === 1 ? 1 : shape[shape.length - 2];
  const cols = shape[shape.length - 1];
  const lead = shape.slice(0, -2);
  const count = lead.reduce((a, b) => a * b, 1);
  const slices: Slice[] = [];
  for (let s = 0; s < Math.min(count, limits.count); s++) {
    const index: number[] = [];
    let rest = s;
    for (let d = lead.length - 1; d >= 0; d--) {
      index.unshift(rest % lead[d]);
      rest = Math.floor(rest / lead[d]);
    }
    const label = shape.length > 2 ? `[${[...index, ':', ':'].join(', ')}]` : '';
    slices.push({ label, rows: sliceRows(data, s * rows * cols, rows, cols, limits.side, limits.side) });
  }
  return { slices, omitted: count - slices.length, clipped: rows > limits.side || cols > limits.side };
}
