/**
 * The page's notebook session: one worker (the kernel) shared by the page's cells, a queue
 * that runs cells one at a time in the order asked, a time limit per run, Stop, and the notes
 * that explain what a cell is missing. Loaded on the first Run; it brings Sucrase (the
 * transform) and starts the worker.
 *
 * When a run is stopped (by the reader or the time limit) the worker is terminated, which is
 * the only way to stop synchronous code, and a fresh one starts: what the cells defined is
 * gone, and the cells say so. What the run printed before it stopped stays (the worker posts
 * output as it is printed), followed by a "stopped" mark.
 */
import type { CellView } from './page';
import type { FromWorker, ToWorker } from './protocol';
import { appendError, appendOutputs, appendStopped } from './render';
import { CellSyntaxError, sourceUrl, transformCell, type Transformed } from './transform';

interface Job {
  cell: CellView;
  batch: number;
}

interface Current extends Job {
  run: number;
  transformed: Transformed;
  started: number;
  timer: ReturnType<typeof setTimeout>;
  ticker: ReturnType<typeof setInterval>;
  outputs: number;
}

const seconds = (ms: number) => (ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`);
const list = (names: string[]) => names.map((n) => `\`${n}\``).join(', ');

export class Session {
  private worker?: Worker;
  /** Bumped when the worker is replaced: runs of an older epoch defined nothing that still exists. */
  private epoch = 0;
  private runs = 0;
  private batches = 0;
  private queue: Job[] = [];
  private current?: Current;
  private owners = new Map<number, CellView>();
  /** Names some cell defined in the current worker. */
  private defined = new Set<string>();
  private ranIn = new Map<CellView, number>();
  private analyses = new Map<string, Transformed | undefined>();

  constructor(private readonly cells: CellView[]) {
    this.spawn();
  }

  run(cell: CellView): void {
    this.enqueue([cell]);
  }

  runAll(): void {
    this.enqueue(this.cells);
  }

  /** The cells above `cell`, then `cell`. */
  runThrough(cell: CellView): void {
    this.enqueue(this.cells.slice(0, cell.index + 1));
  }

  /** Stops `cell` if it is running (terminating the worker), or takes it off the queue. */
  stop(cell?: CellView, reason: 'reader' | 'timeout' = 'reader'): void {
    if (cell && this.current?.cell !== cell) {
      this.queue = this.queue.filter((j) => j.cell !== cell);
      cell.setState('idle', 'Not run.');
      return;
    }
    const current = this.current;
    if (!current) return;
    this.halt();
    for (const job of this.queue) job.cell.setState('idle', 'Not run: an earlier cell was stopped.');
    this.queue = [];
    const { cell: stopped } = current;
    const limit = seconds(stopped.timeout);
    const after = seconds(performance.now() - current.started);
    appendStopped(stopped.output, reason === 'timeout' ? `stopped at the time limit (${limit})` : `stopped after ${after}`);
    stopped.setState('stopped', reason === 'timeout' ? `Stopped: still running after ${limit}, the time limit.` : `Stopped after ${after}.`);
    const lost = 'The runtime restarted, so what earlier runs defined is gone.';
    stopped.notify('restart', reason === 'timeout'
      ? `This cell ran past its time limit of ${limit}, so it was stopped. ${lost}`
      : `${lost}`, stopped.index > 0 ? [{ label: 'Run the cells above', run: () => this.enqueue(this.cells.slice(0, stopped.index)) }] : []);
    for (const c of this.cells) {
      if (c !== stopped && (c.root.dataset.state === 'done' || c.root.dataset.state === 'error')) {
        c.setState('stale', 'Ran before the runtime restarted: run it again to bring back what it defined.');
      }
    }
    this.spawn();
  }

  private halt(): void {
    const current = this.current;
    if (current) {
      clearTimeout(current.timer);
      clearInterval(current.ticker);
    }
    this.current = undefined;
    this.worker?.terminate();
    this.worker = undefined;
    this.epoch++;
    this.defined.clear();
  }

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'deconv cells' });
    worker.addEventListener('message', (e: MessageEvent<FromWorker>) => this.receive(e.data));
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      if (!this.current) return;
      appendError(this.current.cell.output, { name: 'Error', message: `the cell runtime failed: ${e.message || 'it could not start'}` }, '');
      this.finish(false);
    });
    this.worker = worker;
    return worker;
  }

  private enqueue(cells: CellView[]): void {
    const batch = ++this.batches;
    for (const cell of cells) {
      if (this.current?.cell === cell || this.queue.some((j) => j.cell === cell)) continue;
      this.queue.push({ cell, batch });
      cell.setState('queued', 'Waiting for the cells before it…');
    }
    this.pump();
  }

  /** Drops the rest of a batch (Run all stops at the first error, as in a notebook). */
  private cancel(batch: number, why: string): void {
    for (const job of this.queue.filter((j) => j.batch === batch)) job.cell.setState('idle', why);
    this.queue = this.queue.filter((j) => j.batch !== batch);
  }

  private analyse(code: string): Transformed | undefined {
    if (!this.analyses.has(code)) {
      let t: Transformed | undefined;
      try {
        t = transformCell(code);
      } catch {
        t = undefined;
      }
      this.analyses.set(code, t);
    }
    return this.analyses.get(code);
  }

  /** For names the cell reads and no run has defined: the nearest cell above that defines each. */
  private providers(cell: CellView, names: string[]): Map<CellView, string[]> {
    const found = new Map<CellView, string[]>();
    for (const name of names) {
      if (this.defined.has(name)) continue;
      for (let i = cell.index - 1; i >= 0; i--) {
        const above = this.cells[i];
        if (this.analyse(above.code())?.declared.includes(name)) {
          found.set(above, [...(found.get(above) ?? []), name]);
          break;
        }
      }
    }
    return found;
  }

  private explain(cell: CellView, providers: Map<CellView, string[]>): void {
    if (!providers.size) return;
    const parts = [...providers].map(([c, names]) => {
      const when = this.ranIn.has(c) ? 'has not run since the runtime restarted' : 'has not run yet';
      return `${list(names)} from ${c.title} (cell ${c.index + 1}), which ${when}`;
    });
    cell.notify('depends', `This cell uses ${parts.join('; and ')}.`, [
      { label: 'Run the cells above, then this one', run: () => this.runThrough(cell) },
    ]);
  }

  private pump(): void {
    if (this.current) return;
    const job = this.queue.shift();
    if (!job) return;
    const { cell, batch } = job;
    const code = cell.code();
    cell.clearOutput();
    cell.clearNotice();
    cell.markError(undefined);
    delete cell.root.dataset.fromLink;
    let transformed: Transformed;
    try {
      transformed = transformCell(code, cell.id);
      this.analyses.set(code, transformed);
    } catch (e) {
      const error = e instanceof CellSyntaxError ? e : new CellSyntaxError(String(e), 1, 1);
      appendError(cell.output, { name: 'SyntaxError', message: error.message, line: error.line, column: error.column }, code);
      cell.markError(error.line);
      cell.setState('error', `Syntax error on line ${error.line}.`);
      this.cancel(batch, 'Not run: an earlier cell failed.');
      return this.pump();
    }
    this.explain(cell, this.providers(cell, transformed.free));
    const run = ++this.runs;
    this.owners.set(run, cell);
    const started = performance.now();
    const message: ToWorker = { type: 'run', run, js: transformed.js, declared: transformed.declared, url: sourceUrl(cell.id) };
    this.spawn().postMessage(message);
    cell.setState('running', 'Running…');
    this.current = {
      cell, batch, run, transformed, started, outputs: 0,
      timer: setTimeout(() => this.stop(cell, 'timeout'), cell.timeout),
      ticker: setInterval(() => cell.say(`Running… ${Math.floor((performance.now() - started) / 1000)} s (stops at ${seconds(cell.timeout)})`), 1000),
    };
  }

  private receive(message: FromWorker): void {
    const cell = this.owners.get(message.run);
    if (!cell) return;
    const current = this.current?.run === message.run ? this.current : undefined;
    switch (message.type) {
      case 'output':
        if (current && !current.outputs++ && cell.pressedAt) cell.root.dataset.latency = String(Math.round(performance.now() - cell.pressedAt));
        appendOutputs(cell.output, message.items);
        break;
      case 'done':
        if (current) this.finish(true);
        break;
      case 'error': {
        appendError(cell.output, message.error, cell.code());
        if (message.error.line) cell.markError(message.error.line);
        const missing = /^(\S+) is not defined$/.exec(message.error.message ?? '');
        if (message.error.name === 'ReferenceError' && missing && cell.notice.dataset.kind !== 'depends') this.explain(cell, this.providers(cell, [missing[1]]));
        if (current) this.finish(false);
        else cell.setState('error', 'A callback of this cell threw after it finished.');
        break;
      }
    }
  }

  private finish(ok: boolean): void {
    const current = this.current!;
    clearTimeout(current.timer);
    clearInterval(current.ticker);
    this.current = undefined;
    const { cell, transformed, started, batch } = current;
    const ms = performance.now() - started;
    cell.root.dataset.runMs = ms.toFixed(1);
    if (cell.pressedAt && !cell.root.dataset.latency) cell.root.dataset.latency = String(Math.round(performance.now() - cell.pressedAt));
    cell.pressedAt = 0;
    if (ok) {
      for (const name of transformed.declared) this.defined.add(name);
      this.ranIn.set(cell, this.epoch);
      cell.setState('done', `Ran in ${seconds(ms)}.`);
    } else {
      cell.setState('error', `Failed after ${seconds(ms)}: see the message below.`);
      this.cancel(batch, 'Not run: an earlier cell failed.');
    }
    this.pump();
  }
}

export function createSession(cells: CellView[]): Session {
  return new Session(cells);
}
