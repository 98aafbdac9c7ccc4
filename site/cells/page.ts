/**
 * The cells of a page, on the main thread. This is the only cell code a page loads up front,
 * so it stays small: it wires the buttons and reads shared links. The editor (CodeMirror)
 * loads on the first focus of or click into a cell, or on Run; the session (Sucrase, the
 * worker and the core inside it) loads on the first Run.
 */
import type { Editor } from './editor';
import type { Session } from './session';
import { describeInvisible, invisibleIn, showInvisible } from './invisible';
import { decodeCode, encodeCode, paramOf } from './share';
import { t } from '../i18n';

export type CellState = 'idle' | 'queued' | 'running' | 'done' | 'error' | 'stopped' | 'stale';

export interface Action {
  label: string;
  run(): void;
}

let editorModule: Promise<typeof import('./editor')> | undefined;
const loadEditor = () => (editorModule ??= import('./editor'));
let sessionPromise: Promise<Session> | undefined;

/** Where in the text of Expressive Code's <pre> a click landed (a character offset), if it can tell. */
function offsetAt(pre: HTMLElement, x: number, y: number): number | undefined {
  const range = document.caretRangeFromPoint?.(x, y);
  const node = range?.startContainer;
  if (!range || !node || !pre.contains(node)) return undefined;
  const lines = [...pre.querySelectorAll<HTMLElement>('.ec-line')];
  const line = (node.nodeType === 1 ? (node as Element) : node.parentElement)?.closest<HTMLElement>('.ec-line');
  const index = line ? lines.indexOf(line) : -1;
  if (!line || index < 0) return undefined;
  let within = 0;
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (t === node) return lines.slice(0, index).reduce((n, l) => n + (l.textContent ?? '').length + 1, 0) + within + range.startOffset;
    within += (t.textContent ?? '').length;
  }
  return undefined;
}

export class CellView {
  readonly id: string;
  readonly title: string;
  readonly original: string;
  /** Time limit of one run, in ms. */
  readonly timeout: number;
  readonly output: HTMLElement;
  readonly notice: HTMLElement;
  readonly status: HTMLElement;
  readonly buttons: Record<'run' | 'stop' | 'reset' | 'share' | 'run-all', HTMLButtonElement>;
  /** When Run was last pressed (performance.now()), for the latency shown in data-latency. */
  pressedAt = 0;
  /** The code came with a link (until Reset): it runs only from this cell's own Run button. */
  fromLink = false;
  editor?: Editor;
  private text: string;
  private loading?: Promise<Editor>;
  private pre: HTMLElement | null;
  private pointer?: number;

  constructor(readonly root: HTMLElement, readonly index: number, readonly cells: CellView[]) {
    this.id = root.dataset.cell!;
    this.title = root.dataset.title ?? this.id;
    this.original = root.dataset.source ?? '';
    this.text = this.original;
    this.timeout = 1000 * Number(root.dataset.timeout ?? 10);
    this.output = root.querySelector('.cell-output')!;
    this.notice = root.querySelector('.cell-notice')!;
    this.status = root.querySelector('.cell-status')!;
    const button = (action: string) => root.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`)!;
    this.buttons = { run: button('run'), stop: button('stop'), reset: button('reset'), share: button('share'), 'run-all': button('run-all') };
    this.pre = root.querySelector<HTMLElement>('.expressive-code pre');
    const code = this.pre?.querySelector('code');
    if (this.pre && code) {
      // The <code>, not the <pre>: Expressive Code adds and removes the pre's tabindex as it
      // starts or stops scrolling. Focus on either swaps in the editor.
      code.tabIndex = 0;
      code.setAttribute('aria-label', t('cell.code', undefined, { title: this.title }));
      this.pre.addEventListener('pointerdown', (e) => (this.pointer = offsetAt(this.pre!, e.clientX, e.clientY)));
      this.pre.addEventListener('focusin', () => void this.activate(true, this.pointer));
    }
    this.buttons.run.addEventListener('click', () => this.run());
    this.buttons.stop.addEventListener('click', () => void sessionPromise?.then((s) => s.stop(this)));
    this.buttons.reset.addEventListener('click', () => this.reset());
    this.buttons.share.addEventListener('click', () => void this.share());
    this.buttons['run-all'].addEventListener('click', () => this.session((s) => s.runAll(), this));
  }

  /** The code as it is now (edited, from a link, or the verified original). */
  code(): string {
    return this.editor?.code() ?? this.text;
  }

  /** Swaps the build-time code for the editor (once). */
  activate(focus = false, at?: number): Promise<Editor> {
    this.loading ??= loadEditor().then(({ createEditor }) => {
      const host = document.createElement('div');
      host.className = 'cell-editor';
      const hadFocus = !!this.pre?.contains(document.activeElement);
      if (this.pre) this.pre.replaceWith(host);
      else this.root.querySelector('.expressive-code figure')?.append(host);
      this.pre = null;
      this.editor = createEditor(host, this.text, {
        label: t('cell.code.editor', undefined, { title: this.title }),
        onRun: () => this.run(),
        onEscape: () => this.buttons.run.focus(),
        onChange: (code) => this.changed(code),
      });
      if (hadFocus) this.editor.focus(at);
      return this.editor;
    });
    if (focus) void this.loading.then((e) => e.focus(at));
    return this.loading;
  }

  /** The copy button copies what the cell shows. */
  private syncCopy(code: string): void {
    const copy = this.root.querySelector<HTMLButtonElement>('.expressive-code .copy button');
    if (copy) copy.dataset.code = code.replace(/\n/g, '\u007f');
  }

  private changed(code: string): void {
    this.text = code;
    this.syncCopy(code);
    this.buttons.reset.disabled = code === this.original;
    this.root.dataset.edited = String(code !== this.original);
    void import('./session'); // Sucrase and the runtime: fetch while the reader types
  }

  run(): void {
    this.pressedAt = performance.now();
    delete this.root.dataset.latency;
    void this.activate();
    this.session((s) => s.run(this), this);
  }

  /** Runs `task` on the session, starting it (Sucrase, the worker) on first use. */
  session(task: (s: Session) => void, cell: CellView): void {
    if (!sessionPromise) {
      cell.setState('queued', t('cell.status.starting'));
      sessionPromise = import('./session').then((m) => m.createSession(this.cells));
    }
    sessionPromise.then(task, (e) => cell.setState('error', t('cell.status.loadFailed', undefined, { message: e instanceof Error ? e.message : String(e) })));
  }

  async reset(): Promise<void> {
    const editor = await this.activate();
    editor.setCode(this.original);
    editor.markError(undefined);
    this.clearNotice();
    this.fromLink = false;
    delete this.root.dataset.fromLink;
    void sessionPromise?.then((s) => s.reset(this));
    const url = new URL(location.href);
    url.searchParams.delete(paramOf(this.id));
    history.replaceState(history.state, '', url);
    this.say(t('cell.status.resetDone'), 'ok');
  }

  /** Puts the code in the page's URL and copies the link. */
  async share(): Promise<void> {
    const url = new URL(location.href);
    const code = this.code();
    if (code === this.original) url.searchParams.delete(paramOf(this.id));
    else url.searchParams.set(paramOf(this.id), encodeCode(code));
    url.hash = this.root.id;
    history.replaceState(history.state, '', url);
    let copied = false;
    try {
      await navigator.clipboard.writeText(url.href);
      copied = true;
    } catch {
      // no clipboard permission: the link is in the address bar
    }
    this.say(t('cell.sentence', undefined, { text: t(copied ? 'cell.status.linkCopied' : 'cell.status.linkInBar') + t(code === this.original ? 'cell.status.linkOriginal' : 'cell.status.linkEdited') }), copied ? 'ok' : 'info');
  }

  setState(state: CellState, message: string): void {
    this.root.dataset.state = state;
    this.say(message);
    const busy = state === 'running' || state === 'queued';
    this.buttons.stop.disabled = !busy;
    this.output.setAttribute('aria-busy', String(state === 'running'));
  }

  /**
   * Shows a message in the status line. Without a tone it reads in the colour of the cell's
   * state (red after an error or a stop); a confirmation ('ok') or a neutral note ('info') does
   * not, even when the cell was stopped or failed before.
   */
  say(message: string, tone?: 'ok' | 'info'): void {
    this.status.textContent = message;
    if (tone) this.status.dataset.tone = tone;
    else delete this.status.dataset.tone;
  }

  clearOutput(): void {
    this.output.replaceChildren();
    this.output.hidden = true;
  }

  clearNotice(): void {
    this.notice.replaceChildren();
    this.notice.hidden = true;
    delete this.notice.dataset.kind;
  }

  /** A note above the output (a link's code, a missing earlier cell, a restart) with buttons. */
  notify(kind: string, text: string, actions: Action[] = []): void {
    const p = document.createElement('p');
    p.textContent = text;
    for (const a of actions) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = a.label;
      b.addEventListener('click', a.run);
      p.append(' ', b);
    }
    this.notice.replaceChildren(p);
    this.notice.dataset.kind = kind;
    this.notice.hidden = false;
  }

  markError(line?: number): void {
    if (this.editor) this.editor.markError(line);
    else if (line !== undefined) void this.activate().then((e) => e.markError(line));
  }

  /** Shows code that came with a link: never run until the reader presses Run. */
  showFromLink(code: string): void {
    this.text = code;
    this.fromLink = true;
    this.root.dataset.fromLink = 'true';
    this.root.dataset.edited = 'true';
    this.buttons.reset.disabled = false;
    this.syncCopy(code);
    const pre = this.pre?.querySelector('code');
    if (pre) pre.textContent = showInvisible(code); // plain until the editor loads, never the original
    const hidden = invisibleIn(code);
    const warning = hidden.length
      ? t(hidden.length > 1 ? 'cell.notice.invisibleMany' : 'cell.notice.invisibleOne', undefined, { count: hidden.length, names: describeInvisible(hidden) })
      : '';
    this.root.dataset.invisible = String(hidden.length);
    this.notify('link', `${t('cell.notice.linkCode')}${warning}`, [
      { label: t('cell.action.reset'), run: () => void this.reset() },
    ]);
    void this.activate();
  }
}

/** Wires every cell on the page. */
export function mountCells(): CellView[] {
  const cells: CellView[] = [];
  const roots = [...document.querySelectorAll<HTMLElement>('.cell[data-cell]')];
  roots.forEach((root, i) => cells.push(new CellView(root, i, cells)));
  for (const c of cells) c.buttons['run-all'].hidden = cells.length < 2;
  const params = new URLSearchParams(location.search);
  for (const cell of cells) {
    const given = params.get(paramOf(cell.id));
    if (given === null) continue;
    const code = decodeCode(given);
    if (code === undefined) cell.notify('link', t('cell.notice.linkUnreadable'));
    else if (code !== cell.original) cell.showFromLink(code);
  }
  for (const cell of cells) cell.root.dataset.ready = 'true';
  return cells;
}
