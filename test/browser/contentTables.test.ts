/**
 * The static tables in the built site (dist/, made by `npm run build`, which npm test runs before the
 * browser tests) show the numbers worked out by hand in test/contentTables.expected.ts and here.
 * A missing dist/ is a failure, not a skip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { FrameworkName } from '../../site/components/frameworkTables';
import { WANT, windowOf } from '../contentTables.expected';

const dist = resolve(__dirname, '../../dist');

describe('the built HTML shows the same numbers (after npm run build)', () => {
  it('the site is built', () => expect(existsSync(resolve(dist, 'frameworks/index.html')), 'run npm run build first').toBe(true));
  const page = (path: string) => parseHTML(readFileSync(resolve(dist, path), 'utf8')).document;
  it('frameworks page: every static table row, above the calculator', () => {
    const doc = page('frameworks/index.html');
    const html = readFileSync(resolve(dist, 'frameworks/index.html'), 'utf8');
    for (const framework of Object.keys(WANT) as FrameworkName[]) {
      const table = doc.querySelector(`[data-framework-table="${framework}"]`);
      expect(table, framework).not.toBeNull();
      const rows = [...table!.querySelectorAll('tr[data-row]')];
      expect(rows.length).toBe(WANT[framework].length);
      rows.forEach((tr, r) => {
        const want = WANT[framework][r];
        const cell = (name: string) => tr.querySelector(`[data-cell="${name}"]`)!.textContent!.trim();
        expect([cell('pb'), cell('pe'), cell('a'), cell('size')]).toEqual([...want.pads, want.a, want.size].map(String));
        expect(cell('y')).toBe(`[${windowOf(want.pads[0], want.size).join(', ')}]`);
      });
      expect(html.indexOf(`data-framework-table="${framework}"`)).toBeLessThan(html.indexOf('data-figure="framework-calculator"'));
    }
    expect(doc.querySelector('[data-weight-layout] [data-cell="tf"]')!.textContent).toBe(
      '[[[111, 211], [121, 221], [131, 231]], [[112, 212], [122, 222], [132, 232]]]');
  });
  it("up-sampling page and the chapter show FCN's 4×4 kernel as numbers", () => {
    for (const path of ['upsampling/index.html', 'from-the-question/index.html']) {
      const cells = [...page(path).querySelectorAll('[data-fcn-kernel="2"] td')].map((td) => Number(td.textContent));
      expect(cells.slice(0, 8), path).toEqual([0.0625, 0.1875, 0.1875, 0.0625, 0.1875, 0.5625, 0.5625, 0.1875]);
    }
  });
  it('checkerboard page shows the phase sums', () => {
    const sums = [...page('checkerboard/index.html').querySelectorAll('[data-phase-sums] [data-cell="sums"]')].map((td) => td.textContent);
    expect(sums).toEqual(['[2, 1]', '[2, 2]', '[1, 1]', '[1, 1]', '[6, 6]']);
  });
  it('the chapter shows the counted multiply-adds', () => {
    const doc = page('from-the-question/index.html');
    expect(doc.querySelector('[data-cell="zi-macs"]')!.textContent).toBe('4,194,304');
    expect(doc.querySelector('[data-cell="sc-macs"]')!.textContent).toBe('1,048,576');
    expect(doc.querySelector('[data-cell="zi-useful"]')!.textContent).toMatch(/^1,016,064 /);
  });
});
