/**
 * Regions that scroll sideways (a wide formula, table or drawing on a phone) must be reachable
 * from the keyboard, or a keyboard user cannot see their hidden part (WCAG 2.1.1; axe's
 * scrollable-region-focusable). markScrollers() gives every such region that holds nothing
 * focusable a tab stop and a name; regions that stop overflowing lose the tab stop again.
 */

const SCROLLERS = '.katex-display, .sl-markdown-content table, .figure-output, .figure-output div, .figure-output table, .expressive-code pre';

function overflows(el: HTMLElement): boolean {
  const style = getComputedStyle(el);
  return /(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
}

function name(el: HTMLElement): string {
  if (el.matches('.katex-display')) return 'formula, scrolls sideways';
  if (el.tagName === 'TABLE') return 'table, scrolls sideways';
  return 'drawing, scrolls sideways';
}

/** Gives the overflowing regions under `root` a tab stop (tabindex 0) and a name. */
export function markScrollers(root: ParentNode = document): void {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>(SCROLLERS))) {
    const marked = el.dataset.scroller !== undefined;
    if (overflows(el) && !el.querySelector('a[href], button, input, select, textarea, [tabindex]')) {
      if (marked) continue;
      el.dataset.scroller = '';
      el.tabIndex = 0;
      if (el.tagName !== 'TABLE' && !el.getAttribute('role')) el.setAttribute('role', 'region');
      if (!el.getAttribute('aria-label')) el.setAttribute('aria-label', name(el));
      else el.dataset.scrollerOwnLabel = '';
    } else if (marked && !overflows(el)) {
      delete el.dataset.scroller;
      el.removeAttribute('tabindex');
      if (el.getAttribute('role') === 'region') el.removeAttribute('role');
      if (el.dataset.scrollerOwnLabel === undefined) el.removeAttribute('aria-label');
    }
  }
}

/** Marks the page now and again after the window changes size. */
export function watchScrollers(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  markScrollers();
  window.addEventListener('resize', () => {
    clearTimeout(timer);
    timer = setTimeout(() => markScrollers(), 200);
  });
}
