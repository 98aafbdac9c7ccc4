/**
 * Code inside a figure's words: a message (site/i18n/*.ts) may mark an identifier or a formula
 * in code with backticks (`convTranspose(x, w)`), as Markdown does. markCode turns those spans
 * of a drawing's HTML text into <code> elements, so the page styles them as code and a Thai
 * page's English-word check (test/browser/thai.test.ts) reads them as code, not as prose; in
 * SVG text, which cannot hold <code>, and in labels it only drops the backticks. A message
 * without backticks is left exactly as it was (the English drawings keep their markup).
 */

const TICKED = /`([^`]+)`/g;

/** The text with its backticks dropped: for a text alternative, an aria-label, an SVG label. */
export function plain(text: string): string {
  return text.replace(TICKED, '$1');
}

/** Replaces one HTML text node holding backticks with text and <code> nodes. */
function split(node: Text): void {
  const text = node.data;
  const document = node.ownerDocument;
  const parts: Node[] = [];
  let at = 0;
  for (const match of text.matchAll(TICKED)) {
    if (match.index > at) parts.push(document.createTextNode(text.slice(at, match.index)));
    const code = document.createElement('code');
    code.textContent = match[1];
    parts.push(code);
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push(document.createTextNode(text.slice(at)));
  for (const part of parts) node.parentNode!.insertBefore(part, node);
  node.remove();
}

/** Every backtick span in the drawing's text as code; backticks in SVG text and aria-labels dropped. */
export function markCode<T extends Element>(root: T): T {
  const texts: Text[] = [];
  const visit = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) texts.push(child as Text);
      else if (child.nodeType === 1 && !['CODE', 'PRE', 'STYLE', 'SCRIPT'].includes((child as Element).tagName.toUpperCase())) visit(child);
    }
  };
  visit(root);
  for (const node of texts) {
    if (!node.data.includes('`')) continue;
    if ((node.parentNode as Element | null)?.closest?.('svg')) node.data = plain(node.data);
    else split(node);
  }
  for (const el of Array.from(root.querySelectorAll('[aria-label]'))) {
    const labelText = el.getAttribute('aria-label')!;
    if (labelText.includes('`')) el.setAttribute('aria-label', plain(labelText));
  }
  return root;
}
