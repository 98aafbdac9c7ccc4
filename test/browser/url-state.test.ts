/**
 * Shared-URL state is untrusted input. For every live figure on the built site, at least 50
 * malformed links (NaN, negative, huge and non-numeric numbers, values off the slider's grid,
 * repeated keys, 10,000-character values, unknown keys, options that do not exist, non-boolean
 * checkboxes) must leave every control at its default, name what was refused in a visible note,
 * draw the figure (never a blank area) and log no console error. A valid link still applies.
 *
 * Speed: one page load per figure (with its first malformed link); all links are then applied in
 * the page by replacing the address and firing popstate, which site/lib/figure.ts answers by
 * reading the URL again (as for back/forward).
 * A Thai page runs the same figure modules and the same parser, so its figures get the first 13
 * links (every setting bad at once, then one fault of each kind): enough to show the note and the
 * defaults there too, at a quarter of the time.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { defaults, type Control } from '../../site/lib/figure';
import { dist, external, open, useSite } from './harness';

interface Found {
  path: string;
  name: string;
  id: string;
  /** The controls as the built page renders them, their defaults included. */
  controls: Control[];
}

/** A control as Figure.astro writes it into the page at build time. */
function controlOf(input: Element): Control {
  const name = input.getAttribute('data-param')!;
  if (input.tagName === 'SELECT') {
    const options = Array.from(input.querySelectorAll('option'), (o) => ({ value: o.getAttribute('value')!, label: o.textContent ?? '' }));
    const chosen = input.querySelector('option[selected]')?.getAttribute('value') ?? options[0].value;
    return { name, label: name, kind: 'select', value: chosen, options };
  }
  if (input.getAttribute('type') === 'checkbox') return { name, label: name, kind: 'checkbox', value: input.hasAttribute('checked') };
  const number = (attr: string) => Number(input.getAttribute(attr));
  return { name, label: name, kind: 'range', value: number('value'), min: number('min'), max: number('max'), step: number('step') || 1 };
}

/** Every live figure of the built site: its page, module name, URL prefix and controls. */
function figures(dir = dist): Found[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = join(dir, entry);
    if (statSync(file).isDirectory()) return ['_astro', 'pagefind'].includes(entry) ? [] : figures(file);
    if (entry !== 'index.html') return [];
    const path = `/${relative(dist, dir)}${dir === dist ? '' : '/'}`;
    const { document } = parseHTML(readFileSync(file, 'utf8'));
    return Array.from(document.querySelectorAll('figure[data-figure][data-id]'), (root) => ({
      path, name: root.getAttribute('data-figure')!, id: root.getAttribute('data-id')!,
      controls: Array.from(root.querySelectorAll('[data-param]'), controlOf),
    }));
  });
}

const LONG = '7'.repeat(10_000);

/** Values no range control can hold. */
function badNumbers(c: Control): string[] {
  const [min, max, step] = [c.min ?? 0, c.max ?? 100, c.step ?? 1];
  return ['NaN', String(min - step), String(max + step), '-1', '1e308', '-Infinity', 'abc', '', ' 1', '0x1', String(min + step / 2), LONG];
}

/** A query string setting `key` to `value`, both encoded. */
const pair = (key: string, value: string) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;

/**
 * 50 to 60 malformed query strings for one figure: every kind of fault, spread over its controls
 * (taken in turn from each kind, so a figure with many controls does not cost more time).
 */
function malformed(id: string, controls: readonly Control[]): string[] {
  const key = (c: Control) => `${id}.${c.name}`;
  const kinds: string[][] = [];
  for (const c of controls) {
    if (c.kind === 'range') kinds.push(badNumbers(c).map((v) => pair(key(c), v)));
    if (c.kind === 'select') {
      const first = c.options![0];
      const bad = ['nope', '', 'toString', '__proto__', LONG, `${first.value.toUpperCase()}!`, ` ${first.value}`, `${first.value} `, '0', '-1', 'NaN',
        'null', 'undefined', '<img src=x onerror=alert(1)>', '\u0000', '%', first.label === first.value ? `${first.label}?` : first.label];
      kinds.push(bad.map((v) => pair(key(c), v)));
    }
    if (c.kind === 'checkbox') kinds.push(['1', 'yes', '', 'TRUE', LONG].map((v) => pair(key(c), v)));
  }
  // Repeated keys (even with two valid values: which one would the reader have meant?).
  kinds.push(controls.filter((c) => c.kind !== 'checkbox').map((c) => {
    const values = c.kind === 'range' ? [String(c.min), String(c.max)] : c.options!.slice(0, 2).map((o) => o.value);
    return `${pair(key(c), values[0])}&${pair(key(c), values[1] ?? values[0])}`;
  }));
  // Unknown keys, including the names of Object.prototype.
  kinds.push(['zzz', '__proto__', 'constructor', 'toString', LONG.slice(0, 300)].map((name) => pair(`${id}.${name}`, '1')));
  const urls = [controls.map((c) => pair(key(c), LONG)).join('&')]; // every setting bad at once
  const single = kinds.flat();
  for (let round = 0; urls.length < 52; round++) {
    const before = urls.length;
    for (const list of kinds) if (round < list.length) urls.push(list[round]);
    if (urls.length === before) break;
  }
  // A figure with few controls: the same faults, each with an unknown key beside it.
  for (let e = 0; urls.length < 52; e++) urls.push(`${single[e % single.length]}&${pair(`${id}.extra${e}`, 'NaN')}`);
  return urls;
}

interface Seen {
  query: string;
  values: Record<string, string | boolean>;
  note: string;
  drawn: boolean;
  description: string;
}

/**
 * In the page, for each query string: puts it in the address, fires popstate (as back/forward
 * does), waits for figure `id` to redraw, and reads its controls, note, drawing and description.
 * One round trip for all of them, so 50 links cost about as much as one page load.
 */
function visitAll(page: Page, id: string, queries: string[]): Promise<Seen[]> {
  return page.evaluate(async ({ id, queries }) => {
    const root = document.querySelector<HTMLElement>(`figure[data-id="${id}"]`)!;
    const renders = () => Number(root.getAttribute('data-renders'));
    const read = (query: string) => {
      const values: Record<string, string | boolean> = {};
      for (const input of root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-param]')) {
        values[input.dataset.param!] = input.type === 'checkbox' ? (input as HTMLInputElement).checked : input.value;
      }
      const output = root.querySelector('.figure-output')!;
      const drawn = output.getBoundingClientRect().height > 20
        && (output.querySelector('svg, table, .figure-error') !== null || (output.textContent ?? '').trim().length > 0);
      return {
        query, values, drawn,
        note: root.querySelector('.figure-url-note')?.textContent ?? '',
        description: root.querySelector('.figure-description')?.textContent ?? '',
      };
    };
    const seen = [];
    for (const query of queries) {
      const before = renders();
      history.replaceState(null, '', `${location.pathname}?${query}`);
      dispatchEvent(new PopStateEvent('popstate'));
      const deadline = performance.now() + 10_000;
      while (renders() === before && performance.now() < deadline) await new Promise(requestAnimationFrame);
      seen.push(read(query));
    }
    return seen;
  }, { id, queries });
}

const site = useSite();
const all = figures();

const byPage = new Map<string, Found[]>();
for (const found of all) byPage.set(found.path, [...(byPage.get(found.path) ?? []), found]);

describe('shared-URL state is untrusted input', () => {
  it('the site has figures', () => expect(all.length).toBeGreaterThan(10));
  for (const [path, found] of byPage) {
    it(`${path} ${found.map((f) => f.id).join(', ')}: ${path.startsWith('/th/') ? 13 : '50+'} malformed links each give the defaults and a note, never a blank or an error`, async () => {
      const thai = path.startsWith('/th/');
      const lists = found.map((f) => malformed(f.id, f.controls).slice(0, thai ? 13 : undefined));
      // The page loads with the first figure's first malformed link; every link is then applied in the page.
      // (A short one: servers refuse a request line of hundreds of kilobytes before any page could see it.)
      const { page, context, errors } = await open(site.browser, `${site.base}${path}?${lists[0].find((q) => q.length < 2000)}`);
      for (const [e, { id, controls }] of found.entries()) {
        const urls = lists[e];
        expect(urls.length).toBeGreaterThanOrEqual(thai ? 13 : 50);
        const expected = Object.fromEntries(Object.entries(defaults(controls)).map(([k, v]) => [k, typeof v === 'boolean' ? v : String(v)]));
        await page.locator(`figure[data-id="${id}"]`).scrollIntoViewIfNeeded();
        await page.waitForFunction((id) => Number(document.querySelector(`figure[data-id="${id}"]`)?.getAttribute('data-renders')) >= 1, id);
        if (e === 0) expect(await page.locator(`figure[data-id="${id}"] .figure-url-note`).count(), 'a note after the page load').toBe(1);
        for (const seen of await visitAll(page, id, urls)) {
          const what = `${id} ?${seen.query.slice(0, 120)}`;
          expect(seen.values, what).toEqual(expected);
          expect(seen.note, what).toMatch(path.startsWith('/th/') ? /^ค่าที่ตั้งไว้ในลิงก์สำหรับรูปนี้ใช้ไม่ได้บางค่า: .+$/ : /^The link's settings for this figure were not all usable: .+\.$/);
          expect(seen.note.length, what).toBeLessThan(1200);
          expect(seen.drawn, `${what}: blank`).toBe(true);
          expect(seen.description.length, `${what}: no description`).toBeGreaterThan(0);
        }
        // A valid link still applies, and clears the note.
        const range = controls.find((c) => c.kind === 'range' && c.max! > Number(c.value));
        if (range) {
          const value = String(Number(range.value) + (range.step ?? 1));
          const [seen] = await visitAll(page, id, [pair(`${id}.${range.name}`, value)]);
          expect(seen.values[range.name]).toBe(value);
          expect(seen.note).toBe('');
        }
      }
      expect(errors).toEqual([]);
      await context.close();
    }, 180_000);
  }
  it('no request left localhost', () => expect(external).toEqual([]));
});
