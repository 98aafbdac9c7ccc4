/**
 * The cell worker: the notebook's kernel, off the main thread. It holds the shared scope and
 * runs each transformed cell in it; everything it shows goes to the page as data messages.
 * The page terminates it when a cell runs past the time limit or the reader presses Stop.
 */
import * as core from '../../src/index';
import type { FromWorker, Output, ToWorker } from './protocol';
import { createRuntime } from './runtime';

/** Output blocks one run may send; past this, they are counted, not sent. */
const MAX_ITEMS = 2000;

// (The DOM typings describe a window; in a worker, postMessage takes just the message.)
// Cells have no network: the site works offline and a shared link's code cannot phone out.
// (Own properties of the global and of its prototypes; the worker's own imports do not fetch.)
for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'WebTransport', 'importScripts', 'Worker', 'SharedWorker']) {
  for (let o: object | null = self; o; o = Object.getPrototypeOf(o)) {
    if (Object.prototype.hasOwnProperty.call(o, name)) Reflect.deleteProperty(o, name);
  }
}

const post = (message: FromWorker) => (self as unknown as { postMessage(m: FromWorker): void }).postMessage(message);

const runtime = createRuntime({
  deconv: async () => core,
  '@observablehq/plot': () => import('./plot-runtime').then((m) => m.Plot),
  linkedom: () => import('linkedom'),
});

let last = 0; // the run that output from late callbacks belongs to
let sent = 0;
let dropped = 0;

/**
 * Posts each call's output at once, not batched for later: a cell that never yields again (a
 * loop the reader stops, or the time limit ends) cannot flush a batch, and the page then
 * terminates the worker, so only output already posted survives. MAX_ITEMS bounds the messages.
 */
function sink(items: Output[]) {
  const shown = items.slice(0, Math.max(0, MAX_ITEMS - sent));
  sent += shown.length;
  dropped += items.length - shown.length;
  if (shown.length) post({ type: 'output', run: last, items: shown });
}

function finish() {
  if (dropped) post({ type: 'output', run: last, items: [{ kind: 'text', text: `(${dropped} more output block${dropped > 1 ? 's' : ''} not shown)`, level: 'warn' }] });
}

addEventListener('message', async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message?.type !== 'run') return;
  last = message.run;
  sent = dropped = 0;
  const start = performance.now();
  try {
    await runtime.run(message, sink);
    finish();
    post({ type: 'done', run: message.run, ms: performance.now() - start });
  } catch (error) {
    finish();
    post({ type: 'error', run: message.run, error: error as never, ms: performance.now() - start });
  }
});

// Errors thrown later by a cell's callbacks belong to the cell that ran last.
addEventListener('error', (event) => {
  event.preventDefault();
  post({ type: 'error', run: last, error: { name: 'Error', message: String(event.message) }, ms: 0 });
});
addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  const r = event.reason;
  post({ type: 'error', run: last, error: { name: r instanceof Error ? r.name : 'Uncaught', message: r instanceof Error ? r.message : String(r) }, ms: 0 });
});
