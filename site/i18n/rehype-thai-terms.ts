/**
 * Keeps the glossary's Thai terms whole at line ends on Thai pages. Browsers break Thai lines
 * with a dictionary; transliterations such as คอนโวลูชัน are not in it and get split between
 * syllables (คอน|โวลูชัน). This wraps each occurrence, outside code and math, in
 * <span class="th-term"> (white-space: nowrap in site/styles/thai.css). The text is unchanged,
 * so search and the copied text are unchanged too.
 */
import { glossary } from './glossary';
import type { Node } from './hast';

/** The terms worth keeping whole: Thai-only, one word, short enough for a 390 px column. */
const terms = glossary.flatMap((g) => g.thai.split(' / ')).filter((t) => /^[\u0E00-\u0E7F]+$/.test(t) && t.length <= 20)
  .sort((a, b) => b.length - a.length);
const pattern = new RegExp(`(${terms.join('|')})`);

const skipped = (node: Node) => {
  const cls = node.properties?.className;
  return ['code', 'pre', 'script', 'style', 'svg'].includes(node.tagName ?? '') || (Array.isArray(cls) && cls.some((c) => String(c).startsWith('katex')));
};

function wrap(node: Node): void {
  if (!node.children || skipped(node)) return;
  node.children = node.children.flatMap((child): Node[] => {
    if (child.type !== 'text' || !pattern.test(child.value ?? '')) {
      wrap(child);
      return [child];
    }
    return (child.value ?? '').split(pattern).filter(Boolean).map((part): Node =>
      terms.includes(part) ? { type: 'element', tagName: 'span', properties: { className: ['th-term'] }, children: [{ type: 'text', value: part }] }
        : { type: 'text', value: part });
  });
}

/** The rehype plugin: only for pages under site/content/docs/th/. */
export function rehypeThaiTerms() {
  return (tree: Node, file: { path?: string; history?: string[] }) => {
    const path = file.path ?? file.history?.[0] ?? '';
    if (/[\\/]content[\\/]docs[\\/]th[\\/]/.test(path)) wrap(tree);
  };
}
