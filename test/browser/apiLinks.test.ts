/**
 * Pages link the API reference: under each snippet, every name it imports from 'deconv' links its
 * entry (site/components/Snippet.astro). Checked in the built site: each link's page exists and has
 * the heading it points at. Runs after `npm run build`; a missing dist/ is a failure.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';

const dist = resolve(__dirname, '../../dist');

function pagesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? pagesUnder(join(dir, e.name)) : e.name === 'index.html' ? [join(dir, e.name)] : []);
}

describe('snippets link the API reference', () => {
  it('every link under a snippet reaches an existing entry, and the English and Thai pages both have them', () => {
    expect(existsSync(join(dist, 'index.html')), 'run npm run build first').toBe(true);
    const links: { from: string; href: string; name: string }[] = [];
    for (const file of pagesUnder(dist).filter((f) => !f.includes(`${join(dist, 'api')}`))) {
      const { document } = parseHTML(readFileSync(file, 'utf8'));
      for (const a of document.querySelectorAll('.snippet-api a')) {
        links.push({ from: file.slice(dist.length), href: a.getAttribute('href')!, name: a.textContent!.trim() });
      }
    }
    // The README's first example imports convTranspose; the frameworks page shows it in a snippet.
    expect(links.some((l) => l.from === '/frameworks/index.html' && l.name === 'convTranspose')).toBe(true);
    expect(links.some((l) => l.from === '/th/frameworks/index.html' && l.name === 'convTranspose')).toBe(true);
    for (const { from, href, name } of links) {
      const [path, anchor] = href.split('#');
      const target = join(dist, path, 'index.html');
      expect(existsSync(target), `${from}: ${href}`).toBe(true);
      const { document } = parseHTML(readFileSync(target, 'utf8'));
      expect(document.getElementById(anchor), `${from}: ${href}`).not.toBeNull();
      expect(anchor).toBe(name.toLowerCase());
    }
  });
});
