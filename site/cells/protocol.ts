/**
 * What the cell worker and the page say to each other. Everything the worker sends is data
 * (strings and numbers), never markup the page would insert as HTML: the page treats every
 * message as untrusted, because the code that runs in the worker is whatever a reader typed
 * or a link carried.
 */

/** One block of a cell's output. */
export type Output =
  | { kind: 'text'; text: string; level: 'log' | 'info' | 'warn' | 'error' }
  /** Numbers as matrices: a tensor's last two axes (one slice per leading index), a typed array, a 2-D array. */
  | { kind: 'matrix'; title: string; slices: { label: string; rows: number[][] }[]; omitted: number }
  | { kind: 'table'; title: string; columns: string[]; rows: string[][]; omitted: number }
  /** An SVG drawn in the worker (Plot + linkedom); the page shows it as an image, never as live markup. */
  | { kind: 'image'; svg: string; alt: string };

/** Lines the transform puts before the cell's first line (stack traces count them). */
export const HEADER_LINES = 1;

export interface CellError {
  name: string;
  message: string;
  /** Line and column in the cell as the reader sees it. */
  line?: number;
  column?: number;
}

export type ToWorker = { type: 'run'; run: number; js: string; declared: string[]; url: string };

export type FromWorker =
  | { type: 'output'; run: number; items: Output[] }
  | { type: 'done'; run: number; ms: number }
  | { type: 'error'; run: number; error: CellError; ms: number };
