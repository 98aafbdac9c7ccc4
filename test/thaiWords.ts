/**
 * Which English words may show on a Thai page: proper names, the glossary's English terms (the
 * brackets after a Thai term's first use) and a short allow-list. Shared by the browser check of
 * whole pages (test/browser/thai.test.ts) and the Node check of each figure (test/figures.test.ts).
 */
import { glossary } from '../site/i18n/glossary';

/** Names and words that stay English in Thai text (lower case). Keep it short. */
export const ALLOW = [
  // frameworks, libraries, tools, formats
  'pytorch', 'tensorflow', 'keras', 'onnx', 'tf', 'js', 'caffe', 'typescript', 'javascript', 'jupyter', 'tslab', 'numpy',
  'webassembly', 'simd', 'katex', 'starlight', 'pagefind', 'chromium', 'blas', 'relu', 'adam', 'icnr', 'ipynb',
  // networks and people
  'fcn', 'net', 'gan', 'cnn', 'long', 'shelhamer', 'darrell', 'odena', 'dumoulin', 'olah', 'visin', 'zeiler', 'distill',
  // the site's name; the language menu names each language in itself; a key name
  'deconv', 'english', 'ctrl',
  // API names a figure's select, label or text alternative shows where code font cannot go (an <option>, a screen reader's
  // text); a filter's and a runtime's name
  'pad', 'pads', 'strides', 'dilations', 'none', 'sobel', 'onnxruntime', 'node',
];

/** Every letter-word of the glossary's English terms: the brackets after a Thai term's first use. */
const glossaryWords = glossary.flatMap((g) => g.english.toLowerCase().match(/[a-z]+/g) ?? []);
export const allowed = new Set([...ALLOW, ...glossaryWords]);

/**
 * English words (two letters or more) in `text` that a Thai reader should not meet: every word
 * not allowed above, except code: identifiers (snake_case, camelCase, ALL CAPS, with digits) and
 * quoted string literals ('same').
 */
export function englishWords(text: string): string[] {
  const code = (w: string) => /[_\d]/.test(w) || /^[A-Z0-9_]+$/.test(w) || /[a-z][A-Z]/.test(w);
  const unquoted = text.replace(/'[^'\s]*'|"[^"\s]*"/g, ' ');
  return (unquoted.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).filter((w) => /[A-Za-z]{2}/.test(w) && !code(w) && !allowed.has(w.toLowerCase()));
}
