/**
 * The inspector page's main-thread code, kept small: it wires the file input, the drop zone
 * and the sample buttons, and loads the worker (the parser and the core) and the renderer
 * (Plot) only when a model is chosen, so the page stays within the JavaScript budget until then.
 */
import type { FromWorker, ToWorker } from './protocol';

const LEADS: Record<string, string> = {
  format: 'This file is not a model the inspector reads.',
  truncated: 'This file is incomplete (truncated or damaged).',
  external: 'This model keeps its weights in a separate file.',
  opset: 'This ONNX model uses an operator-set version the inspector does not know.',
  size: 'This file is too large to inspect in a browser tab.',
  unsupported: 'This model uses a feature the inspector does not read.',
  internal: 'The inspector failed on this file.',
};

export function mountInspector(root: HTMLElement): void {
  const input = root.querySelector<HTMLInputElement>('input[type=file]')!;
  const drop = root.querySelector<HTMLElement>('.inspect-drop')!;
  const progress = root.querySelector<HTMLProgressElement>('progress')!;
  const status = root.querySelector<HTMLElement>('.inspect-status')!;
  const error = root.querySelector<HTMLElement>('.inspect-error')!;
  const results = root.querySelector<HTMLElement>('.inspect-results')!;
  let worker: Worker | undefined;

  const setState = (state: 'idle' | 'running' | 'done' | 'error') => root.setAttribute('data-state', state);

  function showError(kind: string, message: string): void {
    setState('error');
    progress.hidden = true;
    status.textContent = 'Could not read the model.';
    const lead = document.createElement('p');
    lead.textContent = `${LEADS[kind] ?? LEADS.internal} The page still works: choose another file or a sample.`;
    const detail = document.createElement('p');
    const code = document.createElement('code');
    code.textContent = message;
    detail.append(code);
    error.replaceChildren(lead, detail);
    error.hidden = false;
  }

  async function receive(message: FromWorker): Promise<void> {
    if (message.type === 'progress') {
      progress.value = message.fraction;
      status.textContent = `${message.stage[0].toUpperCase()}${message.stage.slice(1)}… ${Math.round(100 * message.fraction)}%`;
      return;
    }
    if (message.type === 'error') return showError(message.kind, message.message);
    try {
      const { renderReport } = await import('./render');
      results.replaceChildren(renderReport(message.report, document));
      progress.hidden = true;
      status.textContent = `Inspected ${message.report.model.name} in ${(message.ms / 1000).toFixed(1)} s: ${message.report.layers.length} up-sampling layer(s).`;
      setState('done');
      results.querySelector<HTMLElement>('h2')?.focus();
    } catch (e) {
      showError('internal', (e as Error).message);
    }
  }

  function start(message: ToWorker): void {
    // A new choice replaces any run in progress.
    worker?.terminate();
    worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'deconv inspector' });
    worker.addEventListener('message', (e: MessageEvent<FromWorker>) => void receive(e.data));
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      showError('internal', e.message || 'the worker stopped');
    });
    error.hidden = true;
    results.replaceChildren();
    progress.hidden = false;
    progress.value = 0;
    status.textContent = 'Starting…';
    setState('running');
    worker.postMessage(message);
  }

  const choose = (files: FileList | null) => {
    if (files && files.length) start({ type: 'files', files: Array.from(files) });
  };
  input.addEventListener('change', () => choose(input.files));
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    choose(e.dataTransfer?.files ?? null);
  });
  for (const button of Array.from(root.querySelectorAll<HTMLButtonElement>('button[data-sample]'))) {
    button.addEventListener('click', () => start({ type: 'sample', url: new URL(button.dataset.sample!, location.href).href, name: button.dataset.name! }));
  }
  setState('idle');
}

export function mountAllInspectors(): void {
  for (const root of Array.from(document.querySelectorAll<HTMLElement>('[data-inspector]'))) mountInspector(root);
}
