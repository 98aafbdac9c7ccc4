/**
 * Wide drawings on small screens. The site's stylesheet lets a figure's SVGs shrink to the column
 * (max-width: 100%), which on a 390-pixel phone turns a 640-pixel chart's labels into 5-pixel text
 * and a grid's digits into dots. These helpers give a drawing a smallest rendered width instead;
 * the figure's output (overflow-x: auto) then scrolls sideways. min-width beats max-width in CSS.
 */

function widen(element: Element, min: number): void {
  element.setAttribute('style', `${element.getAttribute('style') ?? ''}min-width: ${min}px;`);
}

/** The drawing's own SVGs (not Plot's legend swatches, which are tiny). */
function drawings(element: Element): Element[] {
  if (element.tagName.toLowerCase() === 'svg') return [element];
  return Array.from(element.querySelectorAll('svg')).filter((svg) => Number(svg.getAttribute('width')) >= 60);
}

/**
 * Never lets the SVGs of `element` render narrower than their own width or `min` pixels, whichever
 * is less: a grid or an image keeps its cells and digits, a chart wider than `min` may shrink to it.
 */
export function keepSize<T extends Element>(element: T, min = 560): T {
  for (const svg of drawings(element)) widen(svg, Math.min(Number(svg.getAttribute('width')), min));
  return element;
}

/**
 * A full-row box that scrolls sideways on its own, holding a chart or a table that keeps at least
 * `min` pixels, so that the notes under it still wrap to the column.
 */
export function scroller(document: Document, element: Element, min: number): Element {
  const box = document.createElement('div');
  box.setAttribute('style', 'flex: 1 1 100%; min-width: 0; overflow-x: auto;');
  if (element.tagName.toLowerCase() === 'table') widen(element, min);
  else keepSize(element, min);
  box.appendChild(element);
  return box;
}
