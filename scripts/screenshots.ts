/**
 * npm run screenshots [-- /th/ ...]: full-page screenshots of the built site for a person to look
 * at (not a test; the browser tests check the same pages by machine). Every page whose path starts
 * with one of the given prefixes (default: every chapter, English and Thai; the generated API
 * pages only when asked for with /api/ or /th/api/), at 1280 and 390 px wide, in Starlight's light
 * and dark themes, every live figure drawn first. Writes
 * test-results/screenshots/pages/<page>-<width>-<theme>.png and prints, per shot, the sideways
 * overflow in pixels (0 means nothing sticks out of the viewport's width).
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, relative, resolve } from 'node:path';
import { dist, launch, serve } from '../test/browser/harness';

const out = resolve(import.meta.dirname ?? __dirname, '../test-results/screenshots/pages');

function pages(dir = dist): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ['_astro', 'pagefind'].includes(name) ? [] : pages(path);
    return name === 'index.html' ? [`/${relative(dist, dir)}${dir === dist ? '' : '/'}`] : [];
  });
}

async function main(): Promise<void> {
  const prefixes = process.argv.slice(2);
  const chosen = pages().filter((p) => (prefixes.length
    ? prefixes.some((prefix) => p.startsWith(prefix))
    : !/^\/(th\/)?api\//.test(p))).sort();
  mkdirSync(out, { recursive: true });
  const { server, base } = (await serve()) as { server: Server; base: string };
  const browser = await launch();
  console.log('shot                                              overflow px');
  for (const theme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
    await context.route('**/*', (route) => {
      const { hostname, protocol } = new URL(route.request().url());
      const local = protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1' || hostname === 'localhost';
      return local ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    for (const path of chosen) {
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(base + path, { waitUntil: 'networkidle' });
        const figures = page.locator('figure[data-figure]');
        for (let f = 0; f < await figures.count(); f++) {
          await figures.nth(f).scrollIntoViewIfNeeded();
          await page.waitForFunction((el) => Number(el?.getAttribute('data-renders')) >= 1, await figures.nth(f).elementHandle());
        }
        await page.evaluate(() => document.fonts.ready);
        // Back to the top: a full-page shot draws the fixed header and sidebar where the page is scrolled to.
        await page.evaluate(() => window.scrollTo(0, 0));
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        const name = `${path === '/' ? 'index' : path.replace(/^\/|\/$/g, '').replace(/\//g, '_')}-${width}-${theme}`;
        await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
        console.log(`${name.padEnd(50)} ${overflow}`);
      }
    }
    await context.close();
  }
  await browser.close();
  server.close();
  console.log(`written to ${relative(process.cwd(), out)}/`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
