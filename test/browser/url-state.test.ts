/**
 * Shared-URL state is untrusted input. For every live figure on the built site, at least 50
 * malformed links (NaN, negative, huge and non-numeric numbers, values off the slider's grid,
 * repeated keys, 10,000-character values, unknown keys, options that do not exist, non-boolean
 * checkboxes) must leave every control at its default, name what was refused in a visible note,
 * draw the figure (never a blank area) and log no console error. A valid link still applies.
 *
 * Speed: one page load per page; the other links are applied by replacing the address and firing
 * popstate, which site/lib/figure.ts answers by reading the URL again (as for back/forward).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { defaults, type Control, type FigureModule } from '../../site/lib/figure';
import { dist, external, open, useSite } from './harness';

/** Every live figure of the built site: its page, module name and URL prefix. */
function figures(dir = dist): { path: string; name: string; id: string }[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = join(dir, entry);
    if (statSync(file).isDirectory()) return ['_astro', 'pagefind'].includes(entry) ? [] : figures(file);
    if (entry !== 'index.html') return [];
    const path = `/${relative(dist, dir)}${dir === dist ? '' : '/'}`;
    return Array.from(readFileSync(file, 'utf8').matchAll(/data-figure="([^"]+)" data-id="([^"]+)"/g), (m) => ({ path, name: m[1], id: m[2] }));
  });
}

const LONG = '7'.repeat(10_000);

/** Values no range control can hold. */
function badNumbers(c: Control): string[] {
  const [min, max, step] = [c.min ?? 0, c.max ?? 100, c.step ?? 1];
  return ['NaN', String(min - step), String(max + step), '-1', '1e308', '-Infinity', 'abc', '', ' 1', '0x1', String(min + step / 2), LONG];
}

/** At least 50 malformed query strings for one figure, each naming what it breaks. */
function malformed(id: string, controls: readonly Control[]): string[] {
  const key = (c: Control) => encodeURIComponent(`${id}.${c.name}`);
  const ranges = controls.filter((c) => c.kind === 'range');
  const selects = controls.filter((c) => c.kind === 'select');
  const boxes = controls.filter((c) => c.kind === 'checkbox');
  const urls: string[] = [];
  for (const c of ranges) for (const v of badNumbers(c)) urls.push(`${key(c)}=${encodeURIComponent(v)}`);
  for (const c of selects) for (const v of ['nope', '', 'toString', '__proto__', LONG, c.options![0].value.toUpperCase() + '!']) urls.push(`${key(c)}=${encodeURIComponent(v)}`);
  for (const c of boxes) for (const v of ['1', 'yes', '', 'TRUE', LONG]) urls.push(`${key(c)}=${encodeURIComponent(v)}`);
  // Repeated keys (even with two valid values: which one would the reader have meant?).
  for (const c of [...ranges.slice(0, 3), ...selects.slice(0, 2)]) {
    const values = c.kind === 'range' ? [String(c.min), String(c.max)] : c.options!.slice(0, 2).map((o) => o.value);
    urls.push(`${key(c)}=${encodeURIComponent(values[0])}&${key(c)}=${encodeURIComponent(values[1] ?? values[0])}`);
  }
  // Unknown keys, including the names of Object.prototype.
  for (const name of ['zzz', '__proto__', 'constructor', 'toString', LONG.slice(0, 300)]) urls.push(`${encodeURIComponent(`${id}.${name}`)}=1`);
  // Several bad settings in one link.
  urls.push(controls.map((c) => `${key(c)}=${encodeURIComponent(LONG)}`).join('&'));
  const first = controls[0];
  let filler = 0;
  while (urls.length < 50) urls.push(`${key(first)}=${encodeURIComponent(`bad${filler++}`)}&${encodeURIComponent(`${id}.x${filler}`)}=NaN`);
  return urls;
}

interface Seen {
  values: Record<string, string | boolean>;
  note: string;
  drawn: boolean;
  description: string;
}

/** The controls, the note and whether something is drawn, for figure `id`. */
function state(page: Page, id: string): Promise<Seen> {
  return page.evaluate((id) => {
    const root = document.querySelector<HTMLElement>(`figure[data-id="${id}"]`)!;
    const values: Record<string, string | boolean> = {};
    for (const input of root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-param]')) {
      values[input.dataset.param!] = input.type === 'checkbox' ? (input as HTMLInputElement).checked : input.value;
    }
    const output = root.querySelector('.figure-output')!;
    const drawn = output.getBoundingClientRect().height > 20 && (output.querySelector('svg, table, .figure-error') !== null || (output.textContent ?? '').trim().length > 0);
    return {
      values,
      note: root.querySelector('.figure-url-note')?.textContent ?? '',
      drawn,
      description: root.querySelector('.figure-description')?.textContent ?? '',
    };
  }, id);
}

/** Applies a query string the way back/forward does, and waits for the figure to redraw. */
async function visit(page: Page, id: string, query: string): Promise<void> {
  const renders = await page.evaluate((id) => Number(document.querySelector(`figure[data-id="${id}"]`)!.getAttribute('data-renders')), id);
  await page.evaluate((query) => {
    history.replaceState(null, '', `${location.pathname}?${query}`);
    dispatchEvent(new PopStateEvent('popstate'));
  }, query);
  await page.waitForFunction(([id, n]) => Number(document.querySelector(`figure[data-id="${id}"]`)!.getAttribute('data-renders')) > n, [id, renders] as const);
}

const site = useSite();
const all = figures();

describe('shared-URL state is untrusted input', () => {
  it('the site has figures', () => expect(all.length).toBeGreaterThan(10));
  for (const { path, name, id } of all) {
    it(`${path} ${id} (${name}): 50+ malformed links give the defaults and a note, never a blank or an error`, async () => {
      const figure = (await import(`../../site/figures/${name}.ts`)) as FigureModule;
      const expected = Object.fromEntries(Object.entries(defaults(figure.controls)).map(([k, v]) => [k, typeof v === 'boolean' ? v : String(v)]));
      const urls = malformed(id, figure.controls);
      expect(urls.length).toBeGreaterThanOrEqual(50);
      // The first link by a real page load, the others by address change.
      const { page, context, errors } = await open(site.browser, `${site.base}${path}?${urls[0]}`);
      const root = page.locator(`figure[data-id="${id}"]`);
      await root.scrollIntoViewIfNeeded();
      await page.waitForFunction((id) => Number(document.querySelector(`figure[data-id="${id}"]`)?.getAttribute('data-renders')) >= 1, id);
      for (const [e, query] of urls.entries()) {
        if (e > 0) await visit(page, id, query);
        const seen = await state(page, id);
        const what = `${id} ?${query.slice(0, 120)}`;
        expect(seen.values, what).toEqual(expected);
        expect(seen.note, what).toMatch(/^The link's settings for this figure were not all usable: .+\.$/);
        expect(seen.note.length, what).toBeLessThan(1200);
        expect(seen.drawn, `${what}: blank`).toBe(true);
        expect(seen.description.length, `${what}: no description`).toBeGreaterThan(0);
      }
      // A valid link still applies, and clears the note.
      const range = figure.controls.find((c) => c.kind === 'range' && c.max! > Number(c.value));
      if (range) {
        await visit(page, id, `${encodeURIComponent(`${id}.${range.name}`)}=${Number(range.value) + (range.step ?? 1)}`);
        const seen = await state(page, id);
        expect(seen.values[range.name]).toBe(String(Number(range.value) + (range.step ?? 1)));
        expect(seen.note).toBe('');
      }
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
  it('no request left localhost', () => expect(external).toEqual([]));
});
