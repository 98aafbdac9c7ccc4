/**
 * The cell worker: the notebook's kernel, off the main thread. It holds the shared scope and
 * runs each transformed cell in it; everything it shows goes to the page as data messages.
 * The page terminates it when a cell runs past the time limit or the reader presses Stop.
 *
 * On the built site it runs from a blob: URL inside a sandboxed iframe (site/cells/sandbox.ts),
 * so it has an opaque origin (no storage of the site's) and the iframe's Content-Security-Policy
 * (connect-src 'none', no script from anywhere): see docs in site/csp.mjs.
 *
 * It talks to the page over the MessagePort the page hands it first, kept in this module's
 * closure: a cell can call self.postMessage or patch MessagePort.prototype.postMessage, and
 * neither reaches the page. What a run may post is budgeted here (BUDGET) before posting; the
 * page enforces the same budget and terminates the worker past it.
 */
import * as core from '../../src/index';
import { BUDGET, sizeOf, type FromWorker, type Output, type ToWorker } from './protocol';
import { createRuntime, toCellError } from './runtime';

// Taken before any cell runs: later patches of the prototype do not change these.
const portPostMessage = MessagePort.prototype.postMessage;
const addListener = EventTarget.prototype.addEventListener;
const removeListener = EventTarget.prototype.removeEventListener;
const evaluate = eval;

// Cells have no network: the site works offline and a shared link's code cannot phone out. The
// Content-Security-Policy is what enforces it; removing the names also makes it plain to a reader.
// (Own properties of the global and of its prototypes; the worker's own imports do not fetch.)
for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport', 'importScripts', 'Worker', 'SharedWorker']) {
  for (let o: object | null = self; o; o = Object.getPrototypeOf(o)) {
    if (Object.prototype.hasOwnProperty.call(o, name)) Reflect.deleteProperty(o, name);
  }
}

type PlotModules = { Plot: unknown; linkedom: unknown; Draw: unknown };
let plotModules: Promise<PlotModules> | undefined;
let plotArrived: ((message: Extract<ToWorker, { type: 'module' }>) => void) | undefined;

/**
 * Plot, linkedom and the drawing library, loaded on first use. On the built site no script can be loaded here, so the
 * page sends the bundle's text (plot-bundle.ts) and it is evaluated; the dev server imports them.
 */
function loadPlot(): Promise<PlotModules> {
  if (import.meta.env.DEV) return (plotModules ??= Promise.all([import('./plot-runtime'), import('linkedom')]).then(([p, linkedom]) => ({ Plot: p.Plot, linkedom, Draw: p.Draw })));
  plotModules ??= new Promise<PlotModules>((ok, no) => {
    plotArrived = (message) => {
      plotArrived = undefined;
      if (typeof message.source !== 'string') return no(new Error(`Plot could not be loaded: ${message.error ?? 'no code'}`));
      evaluate(message.source);
      ok((self as unknown as { __deconvPlot: PlotModules }).__deconvPlot);
    };
    post({ type: 'load', run: 0, module: 'plot' });
  });
  plotModules.catch(() => (plotModules = undefined));
  return plotModules;
}

const runtime = createRuntime({
  deconv: async () => core,
  '@observablehq/plot': () => loadPlot().then((m) => m.Plot),
  linkedom: () => loadPlot().then((m) => m.linkedom),
  'deconv/draw': () => loadPlot().then((m) => m.Draw),
});

let post: (message: FromWorker) => void = () => {};
let last = 0; // the run that output from late callbacks belongs to
let blocks = 0;
let bytes = 0;
let dropped = 0;

/**
 * Posts each call's output at once, not batched for later: a cell that never yields again (a
 * loop the reader stops, or the time limit ends) cannot flush a batch, and the page then
 * terminates the worker, so only output already posted survives. BUDGET bounds what one run
 * posts, in blocks and in characters; past it, blocks are counted, not sent.
 */
function sink(items: Output[]) {
  const shown: Output[] = [];
  for (const item of items) {
    const size = sizeOf(item);
    if (blocks + 1 > BUDGET.blocks || bytes + size > BUDGET.bytes) dropped++;
    else {
      blocks++;
      bytes += size;
      shown.push(item);
    }
  }
  if (shown.length) post({ type: 'output', run: last, items: shown });
}

function finish() {
  if (dropped) post({ type: 'output', run: last, items: [{ kind: 'text', text: `(${dropped} more output block${dropped > 1 ? 's' : ''} not shown: a run shows at most ${BUDGET.blocks} blocks and ${BUDGET.bytes / 1e6} million characters)`, level: 'warn' }] });
  dropped = 0;
}

async function receive(event: MessageEvent<ToWorker>) {
  const message = event.data;
  if (message?.type === 'module') return plotArrived?.(message);
  if (message?.type !== 'run') return;
  last = message.run;
  blocks = bytes = dropped = 0;
  const start = performance.now();
  try {
    await runtime.run(message, sink);
    finish();
    post({ type: 'done', run: message.run, ms: performance.now() - start });
  } catch (error) {
    finish();
    post({ type: 'error', run: message.run, error: error as never, ms: performance.now() - start });
  }
}

/** The first message brings the port to the page; the worker listens to nothing else on its global. */
function connect(event: MessageEvent) {
  const port = event.ports[0];
  if (!port) return;
  removeListener.call(self, 'message', connect as EventListener);
  const send = portPostMessage.bind(port) as (message: FromWorker) => void;
  post = (message) => send(message);
  addListener.call(port, 'message', receive as unknown as EventListener);
  port.start();
  post({ type: 'ready', run: 0 });
}
addListener.call(self, 'message', connect as EventListener);

// Errors thrown later by a cell's callbacks belong to the cell that ran last.
addListener.call(self, 'error', ((event: ErrorEvent) => {
  event.preventDefault();
  post({ type: 'error', run: last, error: { name: 'Error', message: String(event.message) }, ms: 0 });
}) as EventListener);
addListener.call(self, 'unhandledrejection', ((event: PromiseRejectionEvent) => {
  event.preventDefault();
  let error;
  try {
    error = toCellError(event.reason, '');
  } catch {
    error = { name: 'Uncaught', message: 'a promise was rejected with a value that could not be read' };
  }
  post({ type: 'error', run: last, error, ms: 0 });
}) as EventListener);
