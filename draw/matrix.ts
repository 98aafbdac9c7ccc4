/**
 * A matrix as numbers in a table (HTML markup, for Jupyter and any page that takes markup):
 * the plain counterpart of the heatmap, when the values matter more than the picture.
 */
import { fmt, rowsOf } from './numbers';
import type { MatrixLike } from './types';

export interface MatrixOptions {
  /** A heading for each row and each column. */
  rowLabels?: readonly string[];
  colLabels?: readonly string[];
  /** A line above the table. */
  caption?: string;
  /** Significant digits of non-integers (default 4). */
  digits?: number;
}

/** Text made safe to put between tags or in a double-quoted attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The small bold line the notebooks put above a table or a figure. */
export function headingHtml(text: string): string {
  return `<div style="font: 600 13px sans-serif; margin: 4px 0">${escapeHtml(text)}</div>`;
}

/** The matrix (a tensor's last two axes, or nested arrays) as an HTML table of its numbers. */
export function matrixHtml(m: MatrixLike, options: MatrixOptions = {}): string {
  const rows = rowsOf(m);
  const { rowLabels, colLabels } = options;
  const corner = rowLabels ? '<th></th>' : '';
  const head = colLabels ? `<thead><tr>${corner}${colLabels.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>` : '';
  const body = rows.map((r, i) => `<tr>${rowLabels ? `<th>${escapeHtml(rowLabels[i] ?? '')}</th>` : ''}${r.map((v) => `<td>${fmt(v, options.digits)}</td>`).join('')}</tr>`).join('\n');
  const caption = options.caption ? headingHtml(options.caption) : '';
  return `${caption}<table>${head}\n<tbody>\n${body}\n</tbody>\n</table>`;
}
