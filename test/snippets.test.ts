/**
 * Every TypeScript snippet on the site is a file in site/snippets/ that the pages include
 * verbatim. Here each one runs exactly as shown; a line that ends in `// => text` must print
 * exactly `text` (these expected values are written by hand, from peers or by hand
 * calculation). Every snippet is used by a page, every page's snippet exists, and no page
 * hides TypeScript in a fenced block that would escape these tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { expectations, expectedLines, format } from './snippetChecks';

const snippets = resolve(__dirname, '../site/snippets');
const docs = resolve(__dirname, '../site/content/docs');
const names = readdirSync(snippets).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();

function mdxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? mdxFiles(join(dir, e.name)) : /\.mdx?$/.test(e.name) ? [join(dir, e.name)] : []);
}
// The generated API reference (docs/api/) shows @example code that test/doctest.test.ts runs.
const pages = mdxFiles(docs).filter((path) => !path.includes('/docs/api/')).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('site snippets', () => {
  it('exist', () => expect(names.length).toBeGreaterThan(0));
  for (const name of names) {
    it(`${name}.ts runs as shown and prints what its comments say`, async () => {
      const source = readFileSync(join(snippets, `${name}.ts`), 'utf8');
      const printed: string[] = [];
      const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(format(args)));
      try {
        await import(join(snippets, `${name}.ts`));
      } finally {
        spy.mockRestore();
      }
      const want = expectations(source);
      expect(printed.length, `${name} printed ${printed.length} lines but has ${want.length} expectations`).toBeGreaterThanOrEqual(want.length);
      // Lines with an expectation are console.log lines; match them in order.
      for (const { index, line, want: text } of expectedLines(source)) expect(printed[index], `${name}: ${line}`).toBe(text);
      expect(source).toMatch(/from 'deconv'/);
    });
  }

  it('every snippet is shown on a page, and every page snippet exists', () => {
    const used = new Set(pages.flatMap(({ text }) => [...text.matchAll(/<(?:Snippet|Cell)[^>]*name="([^"]+)"/g)].map((m) => m[1])));
    expect([...used].filter((n) => !names.includes(n))).toEqual([]);
    expect(names.filter((n) => !used.has(n))).toEqual([]);
  });

  it('no page has a TypeScript fenced block (all TypeScript is a verified snippet)', () => {
    const fenced = pages.filter(({ text }) => /^```(ts|typescript|js|javascript)\b/m.test(text)).map(({ path }) => path);
    expect(fenced).toEqual([]);
  });
});
