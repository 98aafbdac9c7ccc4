/**
 * A figure's text alternative: what it shows, with its current numbers, in words a screen
 * reader reads. A figure module writes it in its render() (where the numbers are at hand) with
 * `describe(element, text)`; the shared layer (site/lib/figure.ts) takes it out of the drawing
 * and shows it in the figure's description element, which the drawing's images reference with
 * aria-describedby. Kept in one function per module so the words can move to message tables.
 */
import { t, type Lang } from '../i18n';

export const DESCRIPTION_CLASS = 'figure-description';

/** Attaches `text` to a drawn figure as its description (replacing an earlier one). */
export function describe<T extends Element>(element: T, text: string): T {
  for (const old of Array.from(element.children)) if (old.classList.contains(DESCRIPTION_CLASS)) old.remove();
  const p = element.ownerDocument.createElement('p');
  p.setAttribute('class', DESCRIPTION_CLASS);
  p.setAttribute('hidden', '');
  p.textContent = text;
  element.appendChild(p);
  return element;
}

/** Takes the description out of a drawing: its text, or null when the module wrote none. */
export function takeDescription(element: Element): string | null {
  const p = element.classList.contains(DESCRIPTION_CLASS) ? element : element.querySelector(`.${DESCRIPTION_CLASS}`);
  if (!p) return null;
  const text = p.textContent ?? '';
  p.remove();
  return text;
}

/** A matrix in words, row by row: "rows 1 2; 3 4". Numbers as the cells show them. */
export function matrixWords(rows: readonly (readonly number[])[], format: (v: number) => string): string {
  return rows.map((r) => r.map(format).join(' ')).join('; ');
}

/** Largest matrix spelled out cell by cell; a larger one is summarised by its size and range. */
const MAX_CELLS = 100;

/**
 * A matrix for a description: its name, size and values row by row ("y (2×2): 1 2; 3 4"),
 * or, past MAX_CELLS, its size and the range of its values. Numbers as `format` prints them,
 * the way the drawing's cells show them; the words in `lang` (English unless a module passes its page's).
 */
export function matrixText(title: string, rows: readonly (readonly number[])[], format: (v: number) => string, lang: Lang = 'en'): string {
  const cols = rows[0]?.length ?? 0;
  const size = `${title} (${rows.length}×${cols})`;
  if (rows.length * cols > MAX_CELLS) {
    const all = rows.flat();
    return t('figure.desc.range', lang, { size, min: format(Math.min(...all)), max: format(Math.max(...all)) });
  }
  return `${size}: ${matrixWords(rows, format)}`;
}
