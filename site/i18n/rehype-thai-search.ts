/**
 * Makes Pagefind find Thai glossary terms that its two segmenters split differently. Pagefind
 * (1.6, extended build) segments Thai page text at indexing with the Rust ICU4X segmenter, but
 * segments the reader's query in the browser with Intl.Segmenter (Chromium's ICU); for a
 * transliteration standing alone they can disagree: the index holds ทรานส|โพ|ส where the
 * query asks for ทรานส|โพส, and Pagefind requires every query word (as a prefix), so
 * "ทรานสโพส" found nothing relevant. Words of a data-pagefind-meta field are split at spaces
 * only (not segmented), so each Thai page gets a hidden meta field "terms" holding, for every
 * glossary term on the page, the words Intl.Segmenter makes of it: the same split the query
 * gets. The visible text is unchanged.
 */
import { glossary } from './glossary';
import type { Node } from './hast';

/** The glossary's Thai terms (Thai script only; "a / b" entries are two terms), longest first. */
const terms = glossary.flatMap((g) => g.thai.split(' / ')).filter((t) => /^[\u0E00-\u0E7F]+$/.test(t)).sort((a, b) => b.length - a.length);
/** Longest match first: ทรานสโพสคอนโวลูชัน is one term, not also an occurrence of ทรานสโพส. */
const pattern = new RegExp(terms.join('|'), 'g');

/** The words a browser's Intl.Segmenter makes of `text` (as Pagefind's query does). */
export function queryWords(text: string): string[] {
  const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
  return [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
}

function textOf(node: Node): string {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}

/** The value of the hidden "terms" meta field for a page whose text is `text`, or '' when no term occurs. */
export function searchTerms(text: string): string {
  const found = new Set(text.match(pattern) ?? []);
  return [...new Set([...found].flatMap(queryWords))].join(' ');
}

/** The rehype plugin: only for pages under site/content/docs/th/. */
export function rehypeThaiSearch() {
  return (tree: Node, file: { path?: string; history?: string[] }) => {
    const path = file.path ?? file.history?.[0] ?? '';
    if (!/[\\/]content[\\/]docs[\\/]th[\\/]/.test(path)) return;
    // The glossary page lists every term through its component (not in this tree's text).
    const words = searchTerms(/[\\/]glossary\.mdx$/.test(path) ? terms.join(' ') : textOf(tree));
    if (!words) return;
    tree.children = [...(tree.children ?? []), {
      type: 'element', tagName: 'span', properties: { hidden: true, dataPagefindMeta: `terms:${words}` }, children: [],
    }];
  };
}
