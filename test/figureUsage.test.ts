/**
 * Every figure module in site/figures/ is shown on at least one English page (a
 * `<Figure name="..." />` in site/content/docs, translations under a locale folder excluded),
 * and every page names only figures that exist: a figure nobody sees is dead code that still
 * costs snapshots and reviews, and a page naming a missing figure fails the build late.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const figures = resolve(__dirname, '../site/figures');
const docs = resolve(__dirname, '../site/content/docs');
function englishPages(): string[] {
  // Subfolders (site/content/docs/<lang>/) hold translations, so only the top level's files count.
  return readdirSync(docs)
    .map((f) => join(docs, f))
    .filter((p) => statSync(p).isFile() && /\.mdx?$/.test(p));
}

/** The names of `<Figure name="..."` elements in a page's source. */
function figuresNamedIn(source: string): string[] {
  return [...source.matchAll(/<Figure\b[^>]*?\bname=["']([^"']+)["']/g)].map((m) => m[1]);
}

const modules = readdirSync(figures).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
const used = new Map<string, string[]>();
for (const page of englishPages()) {
  for (const name of figuresNamedIn(readFileSync(page, 'utf8'))) used.set(name, [...(used.get(name) ?? []), page]);
}

describe('figure modules and pages', () => {
  it('finds figure modules and pages that use figures', () => {
    expect(modules.length).toBeGreaterThan(0);
    expect(used.size).toBeGreaterThan(0);
  });

  it('reads a Figure element the way pages write it', () => {
    expect(figuresNamedIn('<Figure name="scatter" caption="x" />\n<Figure caption="y" name=\'matrix\'/>')).toEqual(['scatter', 'matrix']);
    expect(figuresNamedIn('<Figures name="no" /> <FigureX name="no" />')).toEqual([]);
  });

  it.each(modules)('site/figures/%s.ts is used on an English page', (name) => {
    expect(used.has(name), `site/figures/${name}.ts is not named by any <Figure name="${name}"> in site/content/docs/*.mdx`).toBe(true);
  });

  it('every figure a page names has a module', () => {
    expect([...used.keys()].filter((n) => !modules.includes(n))).toEqual([]);
  });
});
