/**
 * axe-core (WCAG 2.1 A and AA rules) on every built page, in Starlight's light and dark themes,
 * 1280 and 390 pixels wide: no critical and no serious violation. Pages are listed from dist/,
 * so a new page is covered without editing this file. Every live figure is scrolled into view
 * and drawn first, so axe sees the figures as a reader does, not only their build-time SVG.
 * One browser and one page for the whole run: each site page loads once and is audited at each
 * width and theme (the theme switched as Starlight's picker does, which is all its CSS reads).
 * The generated API reference (74 pages from one template, English and Thai) is audited in one
 * setting per page, the four settings taken in turn, so every setting still meets that template
 * about 18 times per language; the chapters get all four (they hold the figures, tables and cells).
 * The counts per rule go to test-results/a11y.json (and the console) for the notes.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dist, external, useSite } from './harness';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const results = resolve(__dirname, '../../test-results');

/** Every page of the built site, as URL paths. */
function pages(dir = dist): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ['_astro', 'pagefind'].includes(name) ? [] : pages(path);
    return name === 'index.html' ? [`/${relative(dist, dir)}${dir === dist ? '' : '/'}`] : [];
  });
}

interface Found {
  rule: string;
  impact: string;
  nodes: number;
  targets: string[];
}

/** A context whose pages start in `theme` and may not leave localhost. */
async function themedPage(context: BrowserContext, theme: 'light' | 'dark'): Promise<Page> {
  await context.addInitScript((t) => {
    localStorage.setItem('starlight-theme', t);
    document.documentElement.dataset.theme = t;
  }, theme);
  await context.route('**/*', (route) => {
    const { hostname, protocol } = new URL(route.request().url());
    if (protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
    external.push(route.request().url());
    return route.abort();
  });
  return context.newPage();
}

/** Scrolls every live figure into view and waits for its first live drawing. */
async function drawFigures(page: Page): Promise<void> {
  const figures = page.locator('figure[data-figure]');
  for (let f = 0; f < await figures.count(); f++) {
    const figure = figures.nth(f);
    await figure.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => Number(el?.getAttribute('data-renders')) >= 1, await figure.elementHandle());
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

async function audit(page: Page): Promise<Found[]> {
  await page.addScriptTag({ path: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return violations.map((v) => ({ rule: v.id, impact: v.impact, nodes: v.nodes.length, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

const site = useSite();
const list = pages();
/** [setting, page, found] for the summary. */
const log: { setting: string; path: string; found: Found[] }[] = [];

afterAll(() => {
  const byRule: Record<string, Record<string, number>> = {};
  for (const { found } of log) {
    for (const f of found) {
      byRule[f.impact] ??= {};
      byRule[f.impact][f.rule] = (byRule[f.impact][f.rule] ?? 0) + f.nodes;
    }
  }
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'a11y.json'), JSON.stringify({ byRule, log }, null, 1));
  console.log('axe violations (nodes) by impact and rule:', JSON.stringify(byRule));
});

const settings = [
  { theme: 'light', width: 1280 }, { theme: 'light', width: 390 }, { theme: 'dark', width: 390 }, { theme: 'dark', width: 1280 },
] as const;

/** Switches Starlight's theme the way its theme picker does: the stored choice and the root's data-theme. */
async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate((t) => {
    localStorage.setItem('starlight-theme', t);
    document.documentElement.dataset.theme = t;
  }, theme);
}

describe('axe-core, WCAG 2.1 A/AA', () => {
  it('the site has pages', () => expect(list.length).toBeGreaterThan(1));
  // One page, reused: each site page loads once (in the light theme, stored before load), its
  // figures are drawn, then axe runs at each width and theme.
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await site.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page = await themedPage(context, 'light');
  });
  afterAll(() => context?.close());

  let api = 0;
  for (const path of list) {
    const generated = /^\/(th\/)?api\/./.test(path);
    const chosen = generated ? [settings[api++ % settings.length]] : settings;
    const named = chosen.map(({ theme, width }) => `${theme} ${width} px`).join(', ');
    it(`${path}: no critical or serious violation (${named})`, async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(site.base + path, { waitUntil: 'load' });
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
      await drawFigures(page);
      const serious: string[] = [];
      for (const { theme, width } of chosen) {
        const setting = `${theme} ${width}px`;
        await setTheme(page, theme);
        await page.setViewportSize({ width, height: 900 });
        await page.waitForTimeout(300); // scrollers are re-marked 200 ms after a resize
        const found = await audit(page);
        log.push({ setting, path, found });
        for (const f of found) {
          if (f.impact !== 'critical' && f.impact !== 'serious') continue;
          serious.push(`${setting} ${f.impact} ${f.rule} ×${f.targets.length}: ${f.targets.slice(0, 3).join(' | ')}`);
        }
      }
      expect(serious).toEqual([]);
    }, 120_000);
  }
  it('no request left localhost', () => expect(external).toEqual([]));
});
