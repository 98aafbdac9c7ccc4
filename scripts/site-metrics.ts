/**
 * npm run site:metrics: a browser benchmark of the built site (not a test).
 * For every page: the JavaScript it loads (gzip bytes, measured by compressing each script the
 * page fetched) before interaction and once every figure has loaded, and for every live figure
 * the median redraw time (data-render-ms) over 30 one-step moves of its first slider.
 */
import type { Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dist, launch, open, serve } from '../test/browser/harness';

const pages = ['/', '/scatter/', '/zero-insertion/', '/matrix/', '/gradient/', '/signal-processing/', '/frameworks/', '/upsampling/', '/checkerboard/', '/performance/', '/notebooks/'];

function gzipKB(urls: string[], base: string): number {
  const files = [...new Set(urls.filter((u) => u.startsWith(base) && /\.m?js(\?|$)/.test(u)))];
  const bytes = files.reduce((sum, u) => sum + gzipSync(readFileSync(join(dist, new URL(u).pathname))).length, 0);
  return bytes / 1024;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

async function main(): Promise<void> {
  const { server, base } = (await serve()) as { server: Server; base: string };
  const browser = await launch();
  console.log('page                  JS before KB  JS all figures KB  figure: median redraw ms');
  for (const path of pages) {
    const { page, context } = await open(browser, base + path);
    const scripts = () => page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name));
    const before = gzipKB(await scripts(), base);
    const figures = page.locator('figure[data-figure]');
    const timings: string[] = [];
    for (let f = 0; f < await figures.count(); f++) {
      const figure = figures.nth(f);
      await figure.scrollIntoViewIfNeeded();
      await page.waitForFunction((el) => Number(el?.getAttribute('data-renders')) >= 1, await figure.elementHandle());
      const range = figure.locator('input[type=range]').first();
      if (await range.count() === 0) continue;
      const ms: number[] = [];
      await range.focus();
      for (let i = 0; i < 30; i++) {
        const renders = Number(await figure.getAttribute('data-renders'));
        const atMax = await range.evaluate((el: HTMLInputElement) => el.value === el.max);
        const atMin = await range.evaluate((el: HTMLInputElement) => el.value === el.min);
        await page.keyboard.press(atMax || (i % 8 >= 4 && !atMin) ? 'ArrowLeft' : 'ArrowRight');
        await page.waitForFunction(([el, n]) => Number((el as Element).getAttribute('data-renders')) > (n as number), [await figure.elementHandle(), renders] as const);
        ms.push(Number(await figure.getAttribute('data-render-ms')));
      }
      timings.push(`${await figure.getAttribute('data-figure')}: ${median(ms).toFixed(1)}`);
    }
    const after = gzipKB(await scripts(), base);
    console.log(`${path.padEnd(22)}${before.toFixed(1).padStart(12)}${after.toFixed(1).padStart(19)}  ${timings.join(', ')}`);
    await context.close();
  }
  await browser.close();
  server.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
