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

export type ToWorker =
  | { type: 'run'; run: number; js: string; declared: string[]; url: string }
  /** The text of a bundle the worker asked for (or why it could not be loaded). */
  | { type: 'module'; module: 'plot'; source?: string; error?: string };

export type FromWorker =
  | { type: 'ready'; run: 0 }
  /** The worker asks for a bundle's text (Plot and linkedom, site/cells/plot-bundle.ts). */
  | { type: 'load'; run: 0; module: 'plot' }
  | { type: 'output'; run: number; items: Output[] }
  | { type: 'done'; run: number; ms: number }
  | { type: 'error'; run: number; error: CellError; ms: number };

/**
 * What one run may show: blocks (one per console.log or display call) and characters in all.
 * The worker stops posting past it; the page terminates a worker that posts more. (2,000 lines
 * of 200,000 characters once froze the page for 20 s: the limit then counted blocks only.)
 */
export const BUDGET = { blocks: 2000, bytes: 4_000_000 } as const;

/** The characters a block carries (numbers count 8 each), for BUDGET; anything malformed counts as too big. */
export function sizeOf(item: unknown): number {
  if (item === null || typeof item !== 'object') return Infinity;
  const o = item as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v.length : v === undefined ? 0 : Infinity);
  const list = (v: unknown, each: (x: unknown) => number) => {
    if (!Array.isArray(v) || v.length > 100_000) return Infinity;
    let n = 0;
    for (const x of v) n += each(x);
    return n;
  };
  switch (o.kind) {
    case 'text': return text(o.text);
    case 'image': return text(o.svg) + text(o.alt);
    case 'table': return text(o.title) + list(o.columns, text) + list(o.rows, (r) => list(r, text));
    case 'matrix': return text(o.title) + list(o.slices, (s) => (s && typeof s === 'object' ? text((s as { label?: unknown }).label) + list((s as { rows?: unknown }).rows, (r) => list(r, () => 8)) : Infinity));
    default: return Infinity;
  }
}

const isRun = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isText = (v: unknown, optional = false) => typeof v === 'string' || (optional && v === undefined);

/**
 * A message from the worker as the page accepts it: one of the FromWorker shapes exactly, or
 * undefined (null, a string, unknown types, missing or mistyped fields are all dropped).
 */
export function parseFromWorker(data: unknown): FromWorker | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const m = data as Record<string, unknown>;
  if (!isRun(m.run)) return undefined;
  switch (m.type) {
    case 'ready':
      return m.run === 0 ? { type: 'ready', run: 0 } : undefined;
    case 'load':
      return m.run === 0 && m.module === 'plot' ? { type: 'load', run: 0, module: 'plot' } : undefined;
    case 'output':
      return Array.isArray(m.items) && m.items.length <= BUDGET.blocks + 1 ? { type: 'output', run: m.run, items: m.items as Output[] } : undefined;
    case 'done':
      return typeof m.ms === 'number' ? { type: 'done', run: m.run, ms: m.ms } : undefined;
    case 'error': {
      const e = m.error as Record<string, unknown> | null;
      if (!e || typeof e !== 'object' || !isText(e.name) || !isText(e.message)) return undefined;
      const line = Number.isSafeInteger(e.line) ? (e.line as number) : undefined;
      const column = Number.isSafeInteger(e.column) ? (e.column as number) : undefined;
      return { type: 'error', run: m.run, error: { name: e.name as string, message: e.message as string, line, column }, ms: typeof m.ms === 'number' ? m.ms : 0 };
    }
    default:
      return undefined;
  }
}
