/**
 * The inspector's worker: reads the chosen files (or a built-in sample) in chunks, reporting
 * progress, refuses oversized files before reading them, and runs the inspector (inspect/) on
 * the core. The page stays responsive whatever the file; nothing leaves the browser.
 */
import { inspectFiles, type InputFile } from '../../inspect/load';
import { checkSize, ModelError } from '../../inspect/model';
import type { FromWorker, Stage, ToWorker } from './protocol';

const post = (message: FromWorker) => postMessage(message);

/** The inspector's own progress words (inspect/analyse.ts, inspect/tfjs.ts) as a stage the page words itself. */
function stageOf(words: string): Stage {
  if (words.startsWith('analysing ')) return { step: 'analyse', name: words.slice('analysing '.length) };
  if (words === 'reading the weights') return { step: 'weights' };
  return { step: 'work' };
}

async function readFile(file: File, done: number, total: number): Promise<InputFile> {
  const bytes = new Uint8Array(file.size);
  const reader = file.stream().getReader();
  let at = 0;
  for (;;) {
    const { value, done: end } = await reader.read();
    if (end) break;
    if (at + value.length > bytes.length) throw new ModelError('format', `${file.name} changed while it was read`);
    bytes.set(value, at);
    at += value.length;
    post({ type: 'progress', fraction: (0.6 * (done + at)) / Math.max(1, total), stage: { step: 'read', name: file.name } });
  }
  return { name: file.name, bytes: bytes.subarray(0, at) };
}

async function run(message: ToWorker): Promise<void> {
  const t0 = performance.now();
  let files: InputFile[];
  if (message.type === 'sample') {
    post({ type: 'progress', fraction: 0, stage: { step: 'sample', name: message.name } });
    const response = await fetch(message.url);
    if (!response.ok) throw new ModelError('format', `the sample ${message.name} could not be loaded (HTTP ${response.status})`);
    files = [{ name: message.name, bytes: new Uint8Array(await response.arrayBuffer()) }];
  } else {
    const total = message.files.reduce((n, f) => n + f.size, 0);
    // Before a single byte is read: a file too large for a browser tab is refused here.
    checkSize(message.files.map((f) => f.name).join(', '), total);
    files = [];
    let done = 0;
    for (const file of message.files) {
      files.push(await readFile(file, done, total));
      done += file.size;
    }
  }
  const report = inspectFiles(files, (fraction, stage) => post({ type: 'progress', fraction: 0.6 + 0.4 * fraction, stage: stageOf(stage) }));
  post({ type: 'report', report, ms: performance.now() - t0 });
}

addEventListener('message', (e: MessageEvent<ToWorker>) => {
  run(e.data).catch((error: unknown) => {
    const kind = error instanceof ModelError ? error.kind : 'internal';
    post({ type: 'error', kind, message: error instanceof Error ? error.message : String(error) });
  });
});
