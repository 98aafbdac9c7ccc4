/**
 * The built site in Debian's Chromium: every page loads with no console error, renders its
 * formulas with KaTeX, and every live figure redraws (its SVG changes) when a control
 * changes. (Screenshots for a person to look at: `npm run screenshots`.)
 * Any request that leaves localhost fails the run.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dist, external, open, useSite } from './harness';


/** Every page of the built site, as URL paths. */
function pages(dir = dist): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ['_astro', 'pagefind'].includes(name) ? [] : pages(path);
    return name === 'index.html' ? [`/${relative(dist, dir)}${dir === dist ? '' : '/'}`] : [];
  });
}

const site = useSite();

describe('every page', () => {
  const list = pages();
  it('the site has pages', () => expect(list.length).toBeGreaterThan(1));
  for (const path of list) {
    it(`${path}: loads cleanly, KaTeX rendered, figures live`, async () => {
      const { page, context, errors } = await open(site.browser, site.base + path);
      if (await page.locator('.sl-markdown-content .katex').count() === 0) {
        // Pages without formulas are allowed only if they say so in their markup.
        expect(await page.locator('[data-no-math]').count(), `${path} has no KaTeX formula`).toBeGreaterThan(0);
      }
      const figures = page.locator('figure[data-figure]');
      for (let f = 0; f < await figures.count(); f++) {
        const figure = figures.nth(f);
        await figure.scrollIntoViewIfNeeded();
        await figure.locator('.figure-output').first().waitFor();
        await page.waitForFunction((el) => Number(el.getAttribute('data-renders')) >= 1, await figure.elementHandle());
        const range = figure.locator('input[type=range]').first();
        if (await range.count() === 0) continue;
        const before = await figure.locator('.figure-output').innerHTML();
        const renders = Number(await figure.getAttribute('data-renders'));
        // Move the first slider one step (down if it is at its maximum) with the keyboard.
        await range.focus();
        const atMax = await range.evaluate((el: HTMLInputElement) => el.value === el.max);
        await page.keyboard.press(atMax ? 'ArrowLeft' : 'ArrowRight');
        await page.waitForFunction(([el, n]) => Number((el as Element).getAttribute('data-renders')) > (n as number), [await figure.elementHandle(), renders] as const);
        const after = await figure.locator('.figure-output').innerHTML();
        expect(after, `${path} figure ${await figure.getAttribute('data-figure')} did not change`).not.toBe(before);
        expect(await figure.locator('.figure-output svg, .figure-output .figure-error').count()).toBeGreaterThan(0);
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

describe('figures', () => {
  it('a setting the core refuses shows its message in words, never a blank figure', async () => {
    // output padding 2 with stride 2 and dilation 1: PyTorch's rule refuses it.
    const { page, context, errors } = await open(site.browser, `${site.base}/scatter/?scatter.s=2&scatter.op=2`);
    const figure = page.locator('figure[data-figure=scatter]');
    await figure.scrollIntoViewIfNeeded();
    await figure.locator('.figure-error').waitFor();
    expect(await figure.locator('.figure-error').textContent()).toContain('outputPadding[0]=2 must be < max(strides[0], dilations[0])=2');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the settings live in the URL', async () => {
    const { page, context } = await open(site.browser, `${site.base}/scatter/?scatter.k=4`);
    const figure = page.locator('figure[data-figure=scatter]');
    await figure.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => Number(document.querySelector('figure[data-figure=scatter]')?.getAttribute('data-renders')) >= 1);
    expect(await figure.locator('input[data-param=k]').inputValue()).toBe('4');
    await figure.locator('input[data-param=s]').fill('3');
    await page.waitForFunction(() => location.search.includes('scatter.s=3'));
    await context.close();
  });
});

describe('offline', () => {
  it('no request left localhost', () => expect(external).toEqual([]));
});

describe('notebooks', () => {
  it('every chapter links its notebook, and both links resolve', async () => {
    const chapters = ['/', '/scatter/', '/zero-insertion/', '/matrix/', '/gradient/', '/signal-processing/', '/frameworks/', '/upsampling/', '/checkerboard/'];
    const { page, context } = await open(site.browser, `${site.base}/notebooks/`);
    for (const path of chapters) {
      await page.goto(site.base + path);
      const html = page.locator('.notebook-link a[data-notebook-html]');
      expect(await html.count(), `${path} links no executed notebook`).toBe(1);
      for (const selector of ['a[data-notebook-html]', 'a[data-notebook-ipynb]']) {
        const href = await page.locator(`.notebook-link ${selector}`).getAttribute('href');
        const response = await page.request.get(new URL(href!, site.base + path).href);
        expect(response.status(), `${path} ${href}`).toBe(200);
      }
    }
    await context.close();
  });
});

describe('search', () => {
  /** Scripts or index files of Pagefind this page has fetched. */
  const pagefindFetches = (page: import('playwright-core').Page) => page.evaluate(() =>
    performance.getEntriesByType('resource').map((r) => r.name).filter((name) => /ui-core|pagefind/i.test(name)));

  it('loads Pagefind only when opened; Ctrl+K finds "transposed"; Escape closes', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/gradient/`);
    await page.waitForTimeout(1000); // Starlight's own search loaded its UI on idle
    expect(await pagefindFetches(page)).toEqual([]);
    const dialog = page.locator('site-search dialog');
    await page.keyboard.press('Control+k');
    await dialog.waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.activeElement?.matches('#starlight__search input'));
    await page.keyboard.type('transposed');
    await page.locator('#starlight__search .pagefind-ui__result').first().waitFor();
    expect(await page.locator('#starlight__search .pagefind-ui__result').count()).toBeGreaterThan(0);
    // The pattern above does name the UI chunk, so its absence before opening meant something.
    expect((await pagefindFetches(page)).some((name) => name.includes('ui-core'))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    await context.close();
  });

  it('the button opens it; Cancel (narrow) and a click outside (wide) close it', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/`);
    const dialog = page.locator('site-search dialog');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('site-search button[data-open-modal]').click();
    await page.waitForFunction(() => document.activeElement?.matches('#starlight__search input'));
    await page.locator('site-search button[data-close-modal]').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('site-search button[data-open-modal]').click();
    await dialog.waitFor({ state: 'visible' });
    await page.mouse.click(10, 450);
    await dialog.waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
    await context.close();
  });
});
