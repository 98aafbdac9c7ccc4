/**
 * Runs transformed cells against one shared scope: the notebook's kernel. The worker owns one
 * runtime; the Node tests drive the same code. The scope is a plain object the cells see
 * through `with`, holding what every cell defined plus `console` and `display`, which turn
 * values into output blocks (see values.ts) and hand them to the cell that is running, or
 * that ran last (for output from callbacks that fire later).
 */
import { HEADER_LINES, type CellError, type Output } from './protocol';
import { displayOutputs, inspect, logOutputs, tableOutputs } from './values';

export type Modules = Record<string, () => Promise<unknown>>;
export type Sink = (items: Output[]) => void;

export interface Cell {
  js: string;
  declared: readonly string[];
  url: string;
}

export interface Runtime {
  readonly scope: Record<string, unknown>;
  /** Runs a cell; its output goes to `sink`. Rejects with a CellError. */
  run(cell: Cell, sink: Sink): Promise<void>;
}

/** The line and column in the cell from an error's stack (the cell's frame, not the core's). */
export function locate(error: unknown, url: string): { line: number; column: number } | undefined {
  const stack = error instanceof Error ? String(error.stack ?? '') : '';
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  return m ? { line: Number(m[1]) - HEADER_LINES, column: Number(m[2]) } : undefined;
}

/** Any thrown value as a CellError: the message exactly as thrown (the core's words intact). */
export function toCellError(error: unknown, url: string): CellError {
  const at = locate(error, url);
  if (error instanceof Error) return { name: String(error.name || 'Error'), message: String(error.message), ...at };
  return { name: 'Uncaught', message: inspect(error), ...at };
}

export function createRuntime(modules: Modules): Runtime {
  const scope: Record<string, unknown> = Object.create(null);
  let sink: Sink = () => {};
  const emit = (items: Output[]) => sink(items);
  const counts = new Map<string, number>();
  const times = new Map<string, number>();
  scope.console = {
    log: (...a: unknown[]) => emit(logOutputs(a, 'log')),
    info: (...a: unknown[]) => emit(logOutputs(a, 'info')),
    debug: (...a: unknown[]) => emit(logOutputs(a, 'log')),
    warn: (...a: unknown[]) => emit(logOutputs(a, 'warn')),
    error: (...a: unknown[]) => emit(logOutputs(a, 'error')),
    dir: (v: unknown) => emit(logOutputs([v])),
    table: (v: unknown) => emit(tableOutputs(v)),
    assert: (ok: unknown, ...a: unknown[]) => void (ok || emit(logOutputs(['Assertion failed:', ...a], 'error'))),
    count: (label = 'default') => {
      counts.set(label, (counts.get(label) ?? 0) + 1);
      emit(logOutputs([`${label}: ${counts.get(label)}`]));
    },
    time: (label = 'default') => void times.set(label, performance.now()),
    timeEnd: (label = 'default') => emit(logOutputs([`${label}: ${(performance.now() - (times.get(label) ?? performance.now())).toFixed(3)} ms`])),
  };
  /** Shows a value in the richest form: tensors and 2-D arrays as matrices, records as tables, Plot figures as images. */
  scope.display = (value: unknown) => void emit(displayOutputs(value));
  const loaded = new Map<string, Promise<unknown>>();
  const importModule = (name: string) => {
    const load = modules[name];
    if (!load) return Promise.reject(new Error(`cells cannot import '${name}'`));
    if (!loaded.has(name)) loaded.set(name, load());
    return loaded.get(name)!;
  };
  const api = { scope, import: importModule };
  return {
    scope,
    async run(cell, to) {
      sink = to;
      for (const name of cell.declared) if (!(name in scope)) scope[name] = undefined;
      try {
        const factory = (0, eval)(cell.js) as (a: typeof api) => () => Promise<void>;
        await factory(api)();
      } catch (e) {
        throw toCellError(e, cell.url);
      }
    },
  };
}
