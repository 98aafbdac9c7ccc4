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
 *
 * The worker runs code a link may carry, so the session trusts none of its messages: it takes
 * only well-formed ones, from the current worker's private port, for the run it last sent; it
 * counts what a run shows against BUDGET and stops the run past it; the time limit is checked
 * on every message too, so a stream of output cannot hold it off. Code from a link runs only
 * from its own Run button (Run all and "Run the cells above" skip it), and after it ran, the
 * runtime restarts, so nothing it defined or patched (console, prototypes) reaches the next
 * cell; Reset restarts it too when the cell's own edits ran.
 */
import type { CellView } from './page';
import { plotSource, startKernel, type Kernel } from './kernel';
import { BUDGET, parseFromWorker, sizeOf, type FromWorker, type ToWorker } from './protocol';
import { appendError, appendOutputs, appendStopped } from './render';
import { t } from '../i18n';
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

type StopReason = 'reader' | 'timeout' | 'budget' | 'failure';

const seconds = (ms: number) => (ms < 1000 ? t('cell.ms', undefined, { n: Math.max(1, Math.round(ms)) }) : t('cell.s', undefined, { n: (ms / 1000).toFixed(1) }));
const budgetText = () => t('cell.budget', undefined, { blocks: BUDGET.blocks, millions: BUDGET.bytes / 1e6 });
const list = (names: string[]) => names.map((n) => `\`${n}\``).join(', ');

export class Session {
  private worker?: Kernel;
  /** Blocks and characters the last run sent has shown (late callbacks count too). */
  private spent = { blocks: 0, bytes: 0 };
  /** Cells whose edited or linked code ran in the current worker (it may have patched globals). */
  private tainted = new Set<CellView>();
  private pendingRestart?: { cell: CellView; note: string };
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
    this.enqueue([cell], cell);
  }

  runAll(): void {
    this.enqueue(this.cells);
  }

  /** The cells above `cell`, then `cell`. */
  runThrough(cell: CellView): void {
    this.enqueue(this.cells.slice(0, cell.index + 1), cell);
  }

  /** After Reset: if the cell's own code ran in this worker (or runs now), a fresh worker. */
  reset(cell: CellView): void {
    if (this.current?.cell === cell) return this.stop(cell);
    if (this.queue.some((j) => j.cell === cell)) this.stop(cell);
    if (this.tainted.has(cell)) this.restart(cell, t('cell.notice.resetRestart'));
  }

  /** Stops `cell` if it is running (terminating the worker), or takes it off the queue. */
  stop(cell?: CellView, reason: StopReason = 'reader', why = ''): void {
    if (cell && this.current?.cell !== cell) {
      this.queue = this.queue.filter((j) => j.cell !== cell);
      cell.setState('idle', t('cell.status.notRun'));
      return;
    }
    const current = this.current;
    if (!current) return;
    this.halt();
    for (const job of this.queue) job.cell.setState('idle', t('cell.status.notRunStopped'));
    this.queue = [];
    const { cell: stopped } = current;
    const limit = seconds(stopped.timeout);
    const after = seconds(performance.now() - current.started);
    const budget = budgetText();
    const mark = t(({ reader: 'cell.output.stoppedAfter', timeout: 'cell.output.timeout', budget: 'cell.output.budget', failure: 'cell.output.failure' } as const)[reason], undefined, { after, limit, budget, why });
    const state = t(({ reader: 'cell.status.stoppedAfter', timeout: 'cell.status.timeout', budget: 'cell.status.budget', failure: 'cell.status.failure' } as const)[reason], undefined, { after, limit, budget });
    appendStopped(stopped.output, mark);
    stopped.setState('stopped', state);
    const lost = t('cell.notice.lost');
    stopped.notify('restart', {
      reader: lost,
      timeout: `${t('cell.notice.timeout', undefined, { limit })} ${lost}`,
      budget: `${t('cell.notice.budget', undefined, { budget })} ${lost}`,
      failure: `${t('cell.notice.failure', undefined, { why })} ${lost}`,
    }[reason], stopped.index > 0 ? [{ label: t('cell.action.runAbove'), run: () => this.enqueue(this.cells.slice(0, stopped.index)) }] : []);
    this.staleExcept(stopped);
    this.spawn();
  }

  /** Marks the cells that ran (except `keep`) as needing a new run after a restart. */
  private staleExcept(keep: CellView): void {
    for (const c of this.cells) {
      if (c !== keep && (c.root.dataset.state === 'done' || c.root.dataset.state === 'error')) {
        c.setState('stale', t('cell.status.stale'));
      }
    }
  }

  /** A fresh worker between runs (nothing is running): after code from a link, or on Reset. */
  private restart(cell: CellView, note: string): void {
    if (this.current) {
      this.pendingRestart = { cell, note }; // after the run in progress
      return;
    }
    this.pendingRestart = undefined;
    this.halt();
    this.staleExcept(cell);
    cell.notify('restart', note);
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
    this.tainted.clear();
    this.pendingRestart = undefined;
  }

  private spawn(): Kernel {
    if (this.worker) return this.worker;
    const kernel: Kernel = startKernel((message) => {
      if (this.worker !== kernel || !this.current) return;
      this.stop(this.current.cell, 'failure', message);
    });
    kernel.port.addEventListener('message', (e: MessageEvent<unknown>) => {
      if (this.worker !== kernel) return;
      const message = parseFromWorker(e.data);
      if (message?.type === 'load') {
        plotSource().then(
          (source) => this.worker === kernel && kernel.port.postMessage({ type: 'module', module: 'plot', source } satisfies ToWorker),
          (error: unknown) => this.worker === kernel && kernel.port.postMessage({ type: 'module', module: 'plot', error: error instanceof Error ? error.message : String(error) } satisfies ToWorker),
        );
      } else if (message) this.receive(message);
    });
    kernel.port.start();
    this.worker = kernel;
    return kernel;
  }

  /**
   * Queues `cells`; `own` is the cell whose button was pressed. Any other cell holding code
   * from a link is skipped: such code runs only from its own Run button.
   */
  private enqueue(cells: CellView[], own?: CellView): void {
    const batch = ++this.batches;
    for (const cell of cells) {
      if (this.current?.cell === cell || this.queue.some((j) => j.cell === cell)) continue;
      if (cell.fromLink && cell !== own) {
        cell.setState('idle', t('cell.status.skipped'));
        continue;
      }
      this.queue.push({ cell, batch });
      cell.setState('queued', t('cell.status.waiting'));
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
      const when = t(this.ranIn.has(c) ? 'cell.depends.notSince' : 'cell.depends.notYet');
      return t('cell.depends.part', undefined, { names: list(names), title: c.title, n: c.index + 1, when });
    });
    cell.notify('depends', t('cell.notice.depends', undefined, { parts: parts.join(t('cell.notice.dependsJoin')) }), [
      { label: t('cell.action.runThrough'), run: () => this.runThrough(cell) },
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
      cell.setState('error', t('cell.status.syntax', undefined, { line: error.line }));
      this.cancel(batch, t('cell.status.notRunFailed'));
      return this.pump();
    }
    this.explain(cell, this.providers(cell, transformed.free));
    const run = ++this.runs;
    this.owners.set(run, cell);
    const started = performance.now();
    const message: ToWorker = { type: 'run', run, js: transformed.js, declared: transformed.declared, url: sourceUrl(cell.id) };
    if (code !== cell.original) this.tainted.add(cell);
    this.spent = { blocks: 0, bytes: 0 };
    this.spawn().port.postMessage(message);
    cell.setState('running', t('cell.status.running'));
    this.current = {
      cell, batch, run, transformed, started, outputs: 0,
      timer: setTimeout(() => this.stop(cell, 'timeout'), cell.timeout),
      ticker: setInterval(() => cell.say(t('cell.status.ticker', undefined, { elapsed: Math.floor((performance.now() - started) / 1000), limit: seconds(cell.timeout) })), 1000),
    };
  }

  /** A well-formed message from the current worker: only the run last sent may speak. */
  private receive(message: FromWorker): void {
    if (message.type === 'ready' || message.type === 'load' || message.run !== this.runs) return;
    const cell = this.owners.get(message.run);
    if (!cell) return;
    const current = this.current?.run === message.run ? this.current : undefined;
    // The time limit holds even while messages keep the page busy.
    if (current && performance.now() - current.started > cell.timeout) return this.stop(cell, 'timeout');
    switch (message.type) {
      case 'output': {
        const spent = this.spent;
        spent.blocks += message.items.length;
        for (const item of message.items) spent.bytes += sizeOf(item);
        // The worker keeps to BUDGET (plus its one "not shown" note); more means it did not.
        if (spent.blocks > BUDGET.blocks + 1 || spent.bytes > BUDGET.bytes + 1000) {
          if (current) return this.stop(cell, 'budget');
          this.halt();
          cell.notify('restart', t('cell.notice.callbackBudget', undefined, { budget: budgetText() }));
          this.staleExcept(cell);
          cell.setState('error', t('cell.status.callbackBudget'));
          this.spawn();
          return;
        }
        if (current && !current.outputs++ && cell.pressedAt) cell.root.dataset.latency = String(Math.round(performance.now() - cell.pressedAt));
        appendOutputs(cell.output, message.items);
        break;
      }
      case 'done':
        if (current) this.finish(true);
        break;
      case 'error': {
        appendError(cell.output, message.error, cell.code());
        if (message.error.line) cell.markError(message.error.line);
        const missing = /^(\S+) is not defined$/.exec(message.error.message ?? '');
        if (message.error.name === 'ReferenceError' && missing && cell.notice.dataset.kind !== 'depends') this.explain(cell, this.providers(cell, [missing[1]]));
        if (current) this.finish(false);
        else cell.setState('error', t('cell.status.callbackThrew'));
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
      cell.setState('done', t('cell.status.ran', undefined, { time: seconds(ms) }));
    } else {
      cell.setState('error', t('cell.status.failed', undefined, { time: seconds(ms) }));
      this.cancel(batch, t('cell.status.notRunFailed'));
    }
    // Code from a link may have patched what later cells rely on (console, prototypes, timers):
    // none of it outlives its run.
    if (cell.fromLink) this.restart(cell, t('cell.notice.linkRestart'));
    else if (this.pendingRestart) this.restart(this.pendingRestart.cell, this.pendingRestart.note);
    this.pump();
  }
}

export function createSession(cells: CellView[]): Session {
  return new Session(cells);
}
