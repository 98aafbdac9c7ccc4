// usage: node scripts/notebooks/math.mjs OUT_DIR NB.ipynb [NB.ipynb ...]
//
// Renders the $...$ and $$...$$ math of every markdown cell with KaTeX, as MathML (browsers
// render it natively: no script, no CSS, no fonts, so the exported HTML stays self-contained
// and offline), and writes each notebook to OUT_DIR. Code spans and fenced code are left alone.
// Without the katex package the notebooks are copied unchanged (math stays $...$) and a
// warning is printed.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [outDir, ...paths] = process.argv.slice(2);
const root = fileURLToPath(new URL('../../', import.meta.url));
let katex = null;
try {
  katex = createRequire(join(root, 'package.json'))('katex');
} catch {
  console.error('math: the katex package is not installed: math in the HTML export stays as raw $...$');
}

// Characters that markdown (nbconvert's mistune) would read inside the MathML text: escape them.
const protect = (html) => html
  .replace(/<annotation[^>]*>[\s\S]*?<\/annotation>/g, '')
  .replace(/>([^<]*)</g, (_, t) => `>${t.replace(/[\\*_$`|]/g, (c) => `&#${c.charCodeAt(0)};`)}<`);

function tex(source, displayMode) {
  return protect(katex.renderToString(source, { displayMode, output: 'mathml', throwOnError: true, strict: 'ignore' }));
}

/** Math in one piece of markdown that holds no code. */
function renderText(text) {
  return text
    .replace(/\$\$([\s\S]+?)\$\$/g, (_, s) => `\n\n<div class="math-display">${tex(s.trim(), true)}</div>\n\n`)
    .replace(/(^|[^\\$])\$([^\s$](?:[^$\n]*?[^\s\\$])?)\$(?!\d)/g, (_, pre, s) => `${pre}${tex(s, false)}`);
}

/** Splits off fenced code blocks and inline code spans, and renders the rest. */
export function renderMarkdown(md) {
  return md
    .split(/(^```[\s\S]*?^```[ \t]*$)/m)
    .map((part, i) => (i % 2 === 1 ? part : part.split(/(`+[^`]*`+)/).map((p, j) => (j % 2 === 1 ? p : renderText(p))).join('')))
    .join('');
}

for (const path of paths) {
  const nb = JSON.parse(readFileSync(path, 'utf8'));
  if (katex) {
    for (const cell of nb.cells) {
      if (cell.cell_type !== 'markdown') continue;
      const source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
      try {
        cell.source = renderMarkdown(source);
      } catch (e) {
        throw new Error(`${basename(path)}: ${e.message}`);
      }
    }
  }
  writeFileSync(join(outDir, basename(path)), JSON.stringify(nb));
}
