/**
 * The inspector page's main-thread code, kept small: it wires the file input, the drop zone
 * and the sample buttons, and loads the worker (the parser and the core) and the renderer
 * (Plot) only when a model is chosen, so the page stays within the JavaScript budget until then.
 */
import { t, type MessageKey } from '../i18n';
import type { FromWorker, Stage, ToWorker } from './protocol';

const LEADS = ['format', 'truncated', 'external', 'opset', 'size', 'unsupported', 'internal'] as const;
const lead = (kind: string): MessageKey => `inspect.lead.${LEADS.find((k) => k === kind) ?? 'internal'}`;

const STAGES: Record<Stage['step'], MessageKey> = {
  read: 'inspect.status.reading',
  sample: 'inspect.status.sample',
  weights: 'inspect.status.weights',
  analyse: 'inspect.status.analysing',
  work: 'inspect.status.working',
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
    status.textContent = t('inspect.status.failed');
    const first = document.createElement('p');
    first.textContent = t('inspect.lead.still', undefined, { lead: t(lead(kind)) });
    // The inspector's own message, in English like the core's (its words name the file and the fix).
    const detail = document.createElement('p');
    detail.lang = 'en';
    const code = document.createElement('code');
    code.textContent = message;
    detail.append(code);
    error.replaceChildren(first, detail);
    error.hidden = false;
  }

  async function receive(message: FromWorker): Promise<void> {
    if (message.type === 'progress') {
      progress.value = message.fraction;
      status.textContent = t(STAGES[message.stage.step], undefined, { name: message.stage.name ?? '', percent: Math.round(100 * message.fraction) });
      return;
    }
    if (message.type === 'error') return showError(message.kind, message.message);
    try {
      const { renderReport } = await import('./render');
      results.replaceChildren(renderReport(message.report, document));
      progress.hidden = true;
      status.textContent = t('inspect.status.done', undefined, { name: message.report.model.name, seconds: (message.ms / 1000).toFixed(1), count: message.report.layers.length });
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
    status.textContent = t('inspect.status.starting');
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
