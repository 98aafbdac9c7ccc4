/**
 * Output blocks -> DOM, on the page. The blocks come from the worker, which runs code the
 * reader typed or a link carried, so they are untrusted data: text goes in as text, numbers
 * are checked to be numbers, and an SVG is shown only as an <img> (an image cannot run script
 * or load anything), never inserted as markup.
 */
import type { CellError, Output } from './protocol';
import { t } from '../i18n';

const str = (v: unknown, max = 200_000) => String(v ?? '').slice(0, max);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A number for a matrix cell: integers as they are, others to 4 significant digits. */
export function cellNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return Object.is(v, -0) ? '0' : String(v);
  const r = Number(v.toPrecision(4));
  return Math.abs(r) < 1e-4 ? r.toExponential(2) : String(r);
}

function matrix(item: Extract<Output, { kind: 'matrix' }>): HTMLElement {
  const box = el('div', 'cell-out-block cell-out-matrix');
  box.append(el('div', 'cell-out-title', str(item.title, 500)));
  const slices = Array.isArray(item.slices) ? item.slices.slice(0, 64) : [];
  const wrap = el('div', 'cell-out-slices');
  for (const s of slices) {
    const rows = Array.isArray(s?.rows) ? s.rows.slice(0, 256).map((r) => (Array.isArray(r) ? r.slice(0, 256).map(Number) : [])) : [];
    const extent = Math.max(1e-12, ...rows.flat().filter(Number.isFinite).map(Math.abs));
    const figure = el('figure', 'cell-out-slice');
    if (s.label) figure.append(el('figcaption', undefined, str(s.label, 200)));
    const table = el('table');
    for (const r of rows) {
      const tr = el('tr');
      for (const v of r) {
        const td = el('td', undefined, cellNumber(v));
        // A light diverging tint, as in the figures: blue above 0, red below.
        if (Number.isFinite(v) && v !== 0) td.style.setProperty('--tint', String(Math.round((Math.abs(v) / extent) * 100) / 100));
        if (v < 0) td.className = 'neg';
        tr.append(td);
      }
      table.append(tr);
    }
    figure.append(table);
    wrap.append(figure);
  }
  box.append(wrap);
  if (Number(item.omitted) > 0) box.append(el('div', 'cell-out-note', t('cell.out.moreSlices', undefined, { n: Number(item.omitted) })));
  return box;
}

function table(item: Extract<Output, { kind: 'table' }>): HTMLElement {
  const box = el('div', 'cell-out-block cell-out-table');
  if (item.title) box.append(el('div', 'cell-out-title', str(item.title, 500)));
  const grid = el('table');
  const head = el('tr');
  for (const c of (Array.isArray(item.columns) ? item.columns : []).slice(0, 100)) head.append(el('th', undefined, str(c, 200)));
  grid.append(el('thead'));
  grid.tHead!.append(head);
  const body = el('tbody');
  for (const r of (Array.isArray(item.rows) ? item.rows : []).slice(0, 1000)) {
    const tr = el('tr');
    for (const v of (Array.isArray(r) ? r : []).slice(0, 100)) tr.append(el('td', undefined, str(v, 2000)));
    body.append(tr);
  }
  grid.append(body);
  box.append(grid);
  if (Number(item.omitted) > 0) box.append(el('div', 'cell-out-note', t('cell.out.moreRows', undefined, { n: Number(item.omitted) })));
  return box;
}

function image(item: Extract<Output, { kind: 'image' }>): HTMLElement {
  const box = el('div', 'cell-out-block cell-out-image');
  const img = el('img');
  img.alt = str(item.alt, 500);
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(str(item.svg, 5_000_000))}`;
  box.append(img);
  return box;
}

const stoppedMark = (container: HTMLElement) => [...container.children].find((c) => c.classList.contains('cell-out-stopped'));

/** Appends output blocks; consecutive text joins one <pre>. A "stopped" mark stays last. */
export function appendOutputs(container: HTMLElement, items: unknown): void {
  if (!Array.isArray(items)) return;
  container.hidden = false;
  // Output the worker posted just before it was terminated can arrive after the mark.
  const stopped = stoppedMark(container);
  stopped?.remove();
  for (const raw of items.slice(0, 5000)) {
    const item = raw as Output;
    if (item?.kind === 'text') {
      let pre = container.lastElementChild as HTMLElement | null;
      if (!pre?.classList.contains('cell-out-text')) container.append((pre = el('pre', 'cell-out-text')));
      const level = ['info', 'warn', 'error'].includes(item.level) ? item.level : 'log';
      // One block per call; a value printed over several lines gets room around it.
      const text = str(item.text);
      pre.append(el('span', `cell-out-${level}${text.includes('\n') ? ' cell-out-multi' : ''}`, text));
    } else if (item?.kind === 'matrix') container.append(matrix(item));
    else if (item?.kind === 'table') container.append(table(item));
    else if (item?.kind === 'image') container.append(image(item));
  }
  if (stopped) container.append(stopped);
}

/** Marks the end of a run that was stopped, after what it printed until then. */
export function appendStopped(container: HTMLElement, text: string): void {
  container.hidden = false;
  stoppedMark(container)?.remove();
  const mark = el('p', 'cell-out-stopped');
  mark.append(el('span', undefined, '■ '), text);
  mark.firstElementChild!.setAttribute('aria-hidden', 'true');
  container.append(mark);
}

/** The error as the reader needs it: the message as thrown, and the line of the cell it came from. */
export function appendError(container: HTMLElement, error: CellError, code: string): void {
  container.hidden = false;
  const box = el('div', 'cell-error');
  box.setAttribute('role', 'alert');
  const head = el('p');
  head.append(el('strong', undefined, `${str(error?.name, 100) || 'Error'}: `), document.createTextNode(str(error?.message, 10_000)));
  box.append(head);
  const line = Number(error?.line);
  const source = code.split('\n')[line - 1];
  if (Number.isInteger(line) && line > 0 && source !== undefined) {
    const where = el('p', 'cell-out-where');
    where.append(document.createTextNode(t('cell.out.line', undefined, { line })), el('code', undefined, source.trim()));
    box.append(where);
  }
  container.append(box);
}
