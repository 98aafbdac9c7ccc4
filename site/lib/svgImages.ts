/**
 * Drawings as images for assistive technology: each top-level SVG gets role="img" and a name,
 * and the aria-label Plot puts on its marks' groups ("cell", "rule", "line") is removed: ARIA
 * forbids a name on a <g> without a role (axe: aria-prohibited-attr), and inside an image the
 * groups are presentational anyway. What the drawing shows is said by the figure's description.
 */
export function svgImages(root: Element, name: (svg: Element) => string): void {
  const svgs = root.tagName.toLowerCase() === 'svg' ? [root] : Array.from(root.querySelectorAll('svg'));
  for (const svg of svgs) {
    if (svg.parentElement?.closest('svg')) continue;
    svg.setAttribute('role', 'img');
    if (!svg.getAttribute('aria-label')) svg.setAttribute('aria-label', name(svg));
    for (const inner of Array.from(svg.querySelectorAll('[aria-label], [aria-description]'))) {
      inner.removeAttribute('aria-label');
      inner.removeAttribute('aria-description');
    }
  }
}
