/**
 * Runnable cells in Debian's Chromium, against the built site: every verified snippet on the
 * site is a cell that runs in the page and prints what its `// =>` comments say; an edited
 * cell prints what the core computes for the edited setting; an endless loop is stopped by
 * the time limit while the page's figures keep redrawing; the core's validation message
 * reaches the reader intact, with its line; code from a shared link is shown and not run;
 * cells share definitions in the order they run; what a stopped cell printed stays; the editor
 * takes over from the build-time code without moving it, and no line is clipped. Expected
 * values come from the core in Node or from hand calculation, never from the page.
 * Screenshots: test-results/screenshots/cells-*.png.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { convTranspose, tensor, toArray } from '../../src/index';
import { encodeCode } from '../../site/cells/share';
import { dist, external, open, useSite } from './harness';

const shots = resolve(__dirname, '../../test-results/screenshots');
const snippets = resolve(__dirname, '../../site/snippets');
const NAME = 'tf-same-example';
const original = readFileSync(join(snippets, `${NAME}.ts`), 'utf8').trimEnd();

const site = useSite();

const compact = (s: string) => s.replace(/\s+/g, '');
const cellOf = (page: Page, name = NAME) => page.locator(`.cell[data-cell="${name}"]`);

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.querySelectorAll('.cell')].every((c) => (c as HTMLElement).dataset.ready === 'true'));
}

/** Waits until the cell is in one of the states; returns the state. */
async function settled(cell: Locator, states = ['done', 'error', 'stopped'], timeout = 20_000): Promise<string> {
  await cell.page().waitForFunction(([el, s]) => (s as string[]).includes((el as HTMLElement).dataset.state ?? ''), [await cell.elementHandle(), states] as const, { timeout });
  return (await cell.getAttribute('data-state'))!;
}

/** Replaces the cell's code by typing into its editor (select all, then type). */
async function edit(page: Page, cell: Locator, code: string): Promise<void> {
  await cell.locator('.expressive-code pre, .cm-content').first().click();
  await cell.locator('.cm-content').waitFor();
  await page.waitForFunction((el) => el.contains(document.activeElement), await cell.locator('.cm-editor').elementHandle());
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(code);
  expect(await editorText(cell)).toBe(code);
}

async function editorText(cell: Locator): Promise<string> {
  return cell.locator('.cm-content').evaluate((el) => [...el.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n'));
}

/** Printed lines of the cell (one per console.log). */
async function printed(cell: Locator): Promise<string[]> {
  return cell.locator('.cell-out-text > span').evaluateAll((spans) => spans.map((s) => s.textContent!));
}

/** URLs of the scripts the page has loaded (page and workers). */
async function scripts(page: Page): Promise<string[]> {
  return page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js')));
}

describe('a cell before anyone runs it', () => {
  it('shows the verified code highlighted at build time, with its copy button, and loads no editor, transform or worker', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/`);
    await ready(page);
    const cell = cellOf(page);
    expect(await cell.locator('.expressive-code pre span[style]').count()).toBeGreaterThan(5);
    expect(await cell.locator('.expressive-code .copy button').getAttribute('data-code')).toBe(original.replace(/\n/g, '\u007f'));
    expect(await cell.locator('.cm-editor').count()).toBe(0);
    expect(await cell.getAttribute('data-state')).toBe('idle');
    const loaded = await scripts(page);
    expect(loaded.filter((u) => /\/(editor|session|worker|plot-runtime)[.-]/.test(u))).toEqual([]);
    await cell.scrollIntoViewIfNeeded();
    await cell.screenshot({ path: join(shots, 'cells-before.png') });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('running and editing', () => {
  it('the verified original prints what its comment says', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/`);
    await ready(page);
    const cell = cellOf(page);
    await cell.locator('button[data-action=run]').click();
    expect(await settled(cell)).toBe('done');
    const want = original.split('\n').find((l) => l.includes('// => '))!.split('// => ')[1].trim();
    expect((await printed(cell)).map(compact)).toEqual([compact(want)]);
    await cell.scrollIntoViewIfNeeded();
    await cell.screenshot({ path: join(shots, 'cells-after.png') });
    await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
    await cell.screenshot({ path: join(shots, 'cells-after-dark.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an edited stride prints what the core computes for it (Ctrl+Enter runs)', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/`);
    await ready(page);
    const cell = cellOf(page);
    expect(original.split('strides: 2').length, 'the snippet sets strides: 2 once').toBe(2);
    await edit(page, cell, original.replace('strides: 2', 'strides: 1'));
    await page.keyboard.press('ControlOrMeta+Enter');
    expect(await settled(cell)).toBe('done');
    const x = tensor([[[[1, 2], [3, 4]]]]);
    const w = tensor([[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]]);
    const core = JSON.stringify(toArray(convTranspose(x, w, { strides: 1, pads: [0, 0, 1, 1] })));
    // By hand: the full 4x4 stamp sum of [[1, 2], [3, 4]] with a 3x3 box is
    // [[1,3,3,2],[4,10,10,6],[4,10,10,6],[3,7,7,4]]; pads [0, 0, 1, 1] drop the last row and column.
    expect(core).toBe('[[[[1,3,3],[4,10,10],[4,10,10]]]]');
    expect((await printed(cell)).map(compact)).toEqual([core]);
    expect(await cell.locator('button[data-action=reset]').isEnabled()).toBe(true);
    // Reset brings back the verified original.
    await cell.locator('button[data-action=reset]').click();
    await page.waitForFunction((el) => (el as HTMLElement).dataset.edited === 'false', await cell.elementHandle());
    expect(await editorText(cell)).toBe(original);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a cell that throws shows the core's message intact, and its line", async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/`);
    await ready(page);
    const cell = cellOf(page);
    const bad = original.replace('strides: 2, pads: [0, 0, 1, 1]', 'strides: [1, 2], pads: [0, 0, 1, 1], outputPadding: [0, 2]');
    expect(bad).not.toBe(original);
    let message = '';
    try {
      convTranspose(tensor([[[[1, 2], [3, 4]]]]), tensor([[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]]), { strides: [1, 2], pads: [0, 0, 1, 1], outputPadding: [0, 2] });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('convTranspose: outputPadding[1]=2 must be < max(strides[1], dilations[1])=2');
    await edit(page, cell, bad);
    await cell.locator('button[data-action=run]').click();
    expect(await settled(cell)).toBe('error');
    const line = bad.split('\n').findIndex((l) => l.includes('convTranspose(x')) + 1;
    const shown = await cell.locator('.cell-error').textContent();
    expect(shown).toContain(`RangeError: ${message}`);
    expect(shown).toContain(`line ${line}:`);
    expect(await cell.locator('.cm-cell-error-line').textContent()).toContain('convTranspose(x');
    await cell.scrollIntoViewIfNeeded();
    await cell.screenshot({ path: join(shots, 'cells-error.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('display() shows tensors as matrices and Plot figures (and the drawing library\'s heatmap) as images', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/`);
    await ready(page);
    const cell = cellOf(page);
    await edit(page, cell, [
      "import * as Plot from '@observablehq/plot';",
      "import { heatmap } from 'deconv/draw';",
      "import { convTranspose, tensor } from 'deconv';",
      'const y = convTranspose(tensor([[[[1, 2], [3, 4]]]]), tensor([[[[1, 1], [1, -1]]]]), { strides: 2 });',
      'display(y);',
      'display(Plot.cellX(Array.from(y.data), { fill: (d: number) => d }).plot({ height: 60 }));',
      'display(heatmap(y));',
      "console.log('shape', y.shape);",
    ].join('\n'));
    await cell.locator('button[data-action=run]').click();
    expect(await settled(cell)).toBe('done');
    // By hand: each x stamps [[x, x], [x, -x]] into its own 2x2 block.
    const cells = await cell.locator('.cell-out-matrix td').allTextContents();
    expect(cells).toEqual(['1', '1', '2', '2', '1', '-1', '2', '-2', '3', '3', '4', '4', '3', '-3', '4', '-4']);
    const imgs = cell.locator('.cell-out-image img');
    expect(await imgs.count()).toBe(2);
    for (const img of await imgs.all()) {
      expect(await img.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
      await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle());
    }
    // The heatmap writes y's values in its cells, row by row (the same numbers as the matrix above).
    const heat = decodeURIComponent((await imgs.nth(1).getAttribute('src'))!.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
    expect([...heat.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).slice(-16)).toEqual(cells);
    expect(compact((await printed(cell)).join('\n'))).toBe('shape[1,1,4,4]');
    await cell.scrollIntoViewIfNeeded();
    await cell.screenshot({ path: join(shots, 'cells-display.png') });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('isolation', () => {
  it('cell code cannot reach the page or the network', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/`);
    await ready(page);
    const cell = cellOf(page);
    await edit(page, cell, 'console.log(typeof document, typeof window, typeof fetch, typeof XMLHttpRequest, typeof WebSocket, typeof importScripts);');
    await cell.locator('button[data-action=run]').click();
    expect(await settled(cell)).toBe('done');
    expect(await printed(cell)).toEqual(['undefined undefined undefined undefined undefined undefined']);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the time limit and Stop', () => {
  it('an endless loop is stopped at the time limit while the figures keep redrawing; a fresh runtime follows', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/`);
    await ready(page);
    const cell = cellOf(page);
    const limit = 1000 * Number(await cell.getAttribute('data-timeout'));
    await edit(page, cell, "console.log('before the loop');\nwhile (true) {}");
    const started = Date.now();
    await cell.locator('button[data-action=run]').click();
    await settled(cell, ['running']);
    // The page stays responsive: a figure redraws after its slider moves, while the loop spins.
    const figure = page.locator('figure[data-figure]').first();
    await figure.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => Number((el as Element).getAttribute('data-renders')) >= 1, await figure.elementHandle());
    const renders = Number(await figure.getAttribute('data-renders'));
    const range = figure.locator('input[type=range]').first();
    await range.focus();
    const atMax = await range.evaluate((el: HTMLInputElement) => el.value === el.max);
    await page.keyboard.press(atMax ? 'ArrowLeft' : 'ArrowRight');
    await page.waitForFunction(([el, n]) => Number((el as Element).getAttribute('data-renders')) > (n as number), [await figure.elementHandle(), renders] as const, { timeout: 3000 });
    expect(await cell.getAttribute('data-state')).toBe('running');
    expect(await settled(cell, ['stopped'], limit + 5000)).toBe('stopped');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(limit - 500);
    expect(elapsed).toBeLessThan(limit + 4000);
    expect(await cell.locator('.cell-status').textContent()).toContain('time limit');
    expect(await cell.locator('.cell-notice').textContent()).toContain('runtime restarted');
    // What it printed before the loop stays, and the output says it was stopped.
    expect(await printed(cell)).toEqual(['before the loop']);
    expect(await cell.locator('.cell-output > :last-child').getAttribute('class')).toBe('cell-out-stopped');
    expect(await cell.locator('.cell-out-stopped').textContent()).toContain('stopped at the time limit');
    await cell.scrollIntoViewIfNeeded();
    await cell.screenshot({ path: join(shots, 'cells-stopped.png') });
    // A fresh worker runs the next cell.
    await edit(page, cell, 'console.log(6 * 7);');
    await cell.locator('button[data-action=run]').click();
    expect(await settled(cell)).toBe('done');
    expect(await printed(cell)).toEqual(['42']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Stop ends a running cell at once, keeping what it printed; Share then confirms in green, not red', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/`);
    await ready(page);
    const cell = cellOf(page);
    await edit(page, cell, "let i = 0;\nconsole.log('one');\nconsole.log('two', [1, 2]);\nwhile (true) { i++; }");
    await cell.locator('button[data-action=run]').click();
    await settled(cell, ['running']);
    // Streamed while the loop still spins, not held back until the run ends.
    await page.waitForFunction((el) => (el as Element).querySelectorAll('.cell-out-text > span').length === 2, await cell.elementHandle(), { timeout: 3000 });
    const stop = cell.locator('button[data-action=stop]');
    expect(await stop.isEnabled()).toBe(true);
    const t = Date.now();
    await stop.click();
    expect(await settled(cell, ['stopped'], 3000)).toBe('stopped');
    expect(Date.now() - t).toBeLessThan(3000);
    expect(await stop.isEnabled()).toBe(false);
    expect((await printed(cell)).map(compact)).toEqual(['one', 'two[1,2]']);
    expect(await cell.locator('.cell-out-stopped').textContent()).toMatch(/stopped after \d/);
    const status = cell.locator('.cell-status');
    const colour = () => status.evaluate((el) => getComputedStyle(el).color);
    const stoppedColour = await colour();
    const red = await status.evaluate((el) => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--sl-color-red-high)';
      el.append(probe);
      const c = getComputedStyle(probe).color;
      probe.remove();
      return c;
    });
    expect(stoppedColour).toBe(red);
    await cell.scrollIntoViewIfNeeded();
    await cell.screenshot({ path: join(shots, 'cells-stop-output.png') });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await cell.locator('button[data-action=share]').click();
    await page.waitForFunction((el) => /link/i.test((el as Element).textContent!), await status.elementHandle());
    expect(await status.getAttribute('data-tone')).toMatch(/^(ok|info)$/);
    expect(await colour()).not.toBe(red);
    await cell.screenshot({ path: join(shots, 'cells-share.png') });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('shared links', () => {
  it('code from a link is shown and does not run until Run is pressed', async () => {
    const code = "console.log('from the link');";
    const { page, context, errors } = await open(site.browser, `${site.base}/?cell.${NAME}=${encodeCode(code)}`);
    await ready(page);
    const cell = cellOf(page);
    await cell.locator('.cm-content').waitFor();
    expect(await editorText(cell)).toBe(code);
    expect(await cell.locator('.cell-notice').textContent()).toContain('has not run');
    await page.waitForTimeout(1500);
    expect(await cell.getAttribute('data-state')).toBe('idle');
    expect(await cell.locator('.cell-output').isHidden()).toBe(true);
    expect((await scripts(page)).filter((u) => /\/(session|worker)[.-]/.test(u))).toEqual([]);
    await cell.scrollIntoViewIfNeeded();
    await cell.screenshot({ path: join(shots, 'cells-link.png') });
    await cell.locator('button[data-action=run]').click();
    expect(await settled(cell)).toBe('done');
    expect(await printed(cell)).toEqual(['from the link']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Share puts the edited code in the URL, and that URL shows it again', async () => {
    const { page, context } = await open(site.browser, `${site.base}/`);
    await ready(page);
    const cell = cellOf(page);
    const code = original.replace('strides: 2', 'strides: 3');
    await edit(page, cell, code);
    await cell.locator('button[data-action=share]').click();
    await page.waitForFunction((n) => new URL(location.href).searchParams.has(`cell.${n}`), NAME);
    const shared = page.url();
    const again = await context.newPage();
    await again.goto(shared, { waitUntil: 'networkidle' });
    await cellOf(again).locator('.cm-content').waitFor();
    expect(await editorText(cellOf(again))).toBe(code);
    expect(await cellOf(again).getAttribute('data-state')).toBe('idle');
    await context.close();
  });
});

describe('notebook state', () => {
  /** The page with a second cell after the first that reads the first one's `y`. */
  async function twoCells(code: string) {
    const opened = await open(site.browser, 'about:blank');
    await opened.page.addInitScript((source: string) => {
      document.addEventListener('readystatechange', () => {
        if (document.readyState !== 'interactive') return;
        const first = document.querySelector<HTMLElement>('.cell[data-cell]');
        if (!first) return; // (init scripts run in every frame, the cells' sandbox too)
        const second = first.cloneNode(true) as HTMLElement;
        Object.assign(second.dataset, { cell: 'second', title: 'second.ts', source });
        second.id = 'cell-second';
        second.querySelector('.expressive-code pre code')!.textContent = source;
        second.querySelector('.expressive-code .title')!.textContent = 'second.ts';
        first.after(second);
      });
    }, code);
    await opened.page.goto(`${site.base}/`, { waitUntil: 'networkidle' });
    await ready(opened.page);
    return opened;
  }

  it('a later cell sees what an earlier one defined; a missing earlier cell is named, and Run the cells above fixes it', async () => {
    const { page, context, errors } = await twoCells('console.log(y.shape, x.data.length);');
    const second = cellOf(page, 'second');
    expect(await second.locator('button[data-action=run-all]').isVisible()).toBe(true);
    // A short cell (no scrolling, so Expressive Code makes its <pre> unfocusable) is still reachable by Tab.
    await second.locator('button[data-action=run]').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await second.locator('.cm-editor').waitFor();
    await page.waitForFunction((el) => el.contains(document.activeElement), await second.locator('.cm-editor').elementHandle());
    await second.locator('button[data-action=run]').click();
    expect(await settled(second)).toBe('error');
    expect(await second.locator('.cell-error').textContent()).toContain('ReferenceError');
    const notice = second.locator('.cell-notice');
    expect(await notice.textContent()).toContain(`from ${NAME}.ts (cell 1), which has not run yet`);
    await second.scrollIntoViewIfNeeded();
    await second.screenshot({ path: join(shots, 'cells-depends.png') });
    await notice.locator('button').click();
    expect(await settled(cellOf(page))).toBe('done');
    expect(await settled(second)).toBe('done');
    expect((await printed(second)).map(compact)).toEqual(['[1,1,4,4]4']);
    // Re-running the first cell with another stride re-binds y for the cells after it.
    await edit(page, cellOf(page), original.replace('strides: 2', 'strides: 1'));
    await cellOf(page).locator('button[data-action=run]').click();
    expect(await settled(cellOf(page))).toBe('done');
    await second.locator('button[data-action=run]').click();
    expect(await settled(second)).toBe('done');
    expect((await printed(second)).map(compact)).toEqual(['[1,1,3,3]4']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Run all runs the cells in order', async () => {
    const { page, context, errors } = await twoCells('const z = y.shape[3] * 10;\nconsole.log(z);');
    await cellOf(page).locator('button[data-action=run-all]').click();
    expect(await settled(cellOf(page, 'second'))).toBe('done');
    expect(await cellOf(page).getAttribute('data-state')).toBe('done');
    expect(await printed(cellOf(page, 'second'))).toEqual(['40']);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('keyboard', () => {
  it('Tab reaches the code (the editor takes over), Escape leaves it for Run, Enter on Run runs', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/`);
    await ready(page);
    const cell = cellOf(page);
    const run = cell.locator('button[data-action=run]');
    await run.focus();
    await page.keyboard.press('Shift+Tab'); // the copy button
    await page.keyboard.press('Shift+Tab'); // the code
    await cell.locator('.cm-editor').waitFor();
    await page.waitForFunction((el) => el.contains(document.activeElement), await cell.locator('.cm-editor').elementHandle());
    await page.keyboard.press('Escape');
    expect(await run.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await settled(cell)).toBe('done');
    // Tab moves out of the editor (no keyboard trap).
    await cell.locator('.cm-content').focus();
    await page.keyboard.press('Tab');
    expect(await cell.locator('.cm-editor').evaluate((el) => !el.contains(document.activeElement))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});

/** Pages of the built site that have cells. */
function cellPages(): string[] {
  const found: string[] = [];
  const walk = (dir: string, path: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (!['_astro', 'pagefind', 'notebooks'].includes(name)) walk(full, `${path}${name}/`);
      } else if (name === 'index.html' && readFileSync(full, 'utf8').includes('data-cell=')) found.push(path);
    }
  };
  walk(dist, '/');
  return found;
}

describe('every cell on the site', () => {
  const pages = cellPages();
  it('there are cells', () => expect(pages.length).toBeGreaterThan(0));
  for (const path of pages) {
    it(`${path}: Run all, and every cell prints what its comments say`, async () => {
      const { page, context, errors } = await open(site.browser, site.base + path);
      await ready(page);
      const ids = await page.locator('.cell[data-cell]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.cell!));
      for (const id of ids) {
        const cell = cellOf(page, id);
        await cell.locator('button[data-action=run]').click();
        expect(await settled(cell), `${path} ${id}: ${await cell.locator('.cell-output').textContent()}`).toBe('done');
        const source = await cell.getAttribute('data-source');
        const lines = await printed(cell);
        const logs = source!.split('\n').filter((l) => /console\.log\(/.test(l));
        logs.forEach((line, i) => {
          const at = line.indexOf('// => ');
          // Printed as the page prints (arrays spaced), compared without spaces and quotes.
          if (at >= 0) expect(compact(lines[i] ?? '').replace(/['"]/g, ''), `${id}: ${line.trim()}`).toBe(compact(line.slice(at + 6)).replace(/['"]/g, ''));
        });
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

/**
 * Where each line of a cell's code sits, relative to the code box: the first and last character
 * of its text, and how many rows it wraps to. The build-time code (.ec-line) or the editor (.cm-line).
 */
async function layout(cell: Locator): Promise<{ lines: number[][]; clipped: boolean }> {
  return cell.evaluate((root) => {
    const box = root.querySelector('.expressive-code figure')!.getBoundingClientRect();
    const lines = [...root.querySelectorAll<HTMLElement>('.ec-line .code, .cm-line')].flatMap((line) => {
      if (!line.textContent!.trim()) return [];
      const range = document.createRange();
      range.selectNodeContents(line);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      const first = rects[0];
      const last = rects[rects.length - 1];
      const rows = new Set(rects.map((r) => Math.round(r.top))).size;
      return [[first.left - box.left, first.top - box.top, last.right - box.left, last.bottom - box.top, rows].map((v) => Math.round(v * 2) / 2)];
    });
    const scroller = root.querySelector<HTMLElement>('.cm-scroller') ?? root.querySelector<HTMLElement>('.expressive-code pre')!;
    return { lines, clipped: scroller.scrollWidth > scroller.clientWidth + 1 };
  });
}

describe('the code box', () => {
  const pages = cellPages();
  for (const path of pages) {
    it(`${path}: long lines wrap (nothing clipped), and the editor takes over without moving a character`, async () => {
      const { page, context, errors } = await open(site.browser, site.base + path);
      await ready(page);
      const ids = await page.locator('.cell[data-cell]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.cell!));
      for (const id of ids) {
        const cell = cellOf(page, id);
        await cell.scrollIntoViewIfNeeded();
        const before = await layout(cell);
        expect(before.clipped, `${id}: the build-time code overflows its box`).toBe(false);
        expect(before.lines.length).toBeGreaterThan(0);
        // Focus the code as a click would, at the end of its longest line (which used to scroll it sideways).
        await cell.locator('.expressive-code pre code').focus();
        await cell.locator('.cm-editor').waitFor();
        await page.keyboard.press('End');
        const after = await layout(cell);
        expect(after.clipped, `${id}: the editor overflows its box`).toBe(false);
        expect(after.lines.length, id).toBe(before.lines.length);
        // Same rows; the same place to within a pixel (glyphs split into other spans round differently).
        const moved = after.lines.flatMap((l, i) => (l[4] !== before.lines[i][4] || l.some((v, j) => Math.abs(v - before.lines[i][j]) > 1) ? [{ line: i, before: before.lines[i], after: l }] : []));
        expect(moved, `${id}: [left, top, right, bottom, rows] of text lines that moved when the editor took over`).toEqual([]);
        if (id === NAME) {
          // The line with the expected result wraps (it is longer than the box), in both.
          expect(Math.max(...before.lines.map((l) => l[4]))).toBeGreaterThan(1);
          await cell.screenshot({ path: join(shots, 'cells-editor-wrapped.png') });
        }
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

describe('measurements (reported, not asserted)', () => {
  it('JS before and after the first Run, and Run-to-output time', async () => {
    const gz = (urls: string[]) => urls.reduce((n, u) => {
      const file = join(dist, new URL(u).pathname);
      return n + gzipSync(readFileSync(file), { level: 9 }).length;
    }, 0);
    const { page, context } = await open(site.browser, `${site.base}/`);
    await ready(page);
    const before = await scripts(page);
    const cell = cellOf(page);
    await cell.locator('button[data-action=run]').click();
    await settled(cell);
    const first = Number(await cell.getAttribute('data-latency'));
    const after = await scripts(page);
    const warm: number[] = [];
    for (let i = 0; i < 10; i++) {
      await cell.locator('button[data-action=run]').click();
      await settled(cell);
      warm.push(Number(await cell.getAttribute('data-latency')));
    }
    warm.sort((a, b) => a - b);
    const cellScripts = (urls: string[]) => urls.filter((u) => /\/(Cell\.astro|editor|session|worker|plot-runtime)[._-]/.test(u));
    const added = [...new Set(after.filter((u) => !before.includes(u)))];
    console.info(`[cells] JS on the page before the first Run: ${(gz(before) / 1024).toFixed(1)} KB gzip in ${before.length} files, of which the cells' ${(gz(cellScripts(before)) / 1024).toFixed(1)} KB`);
    console.info(`[cells] loaded by the first Run: ${(gz(cellScripts(added)) / 1024).toFixed(1)} KB gzip (${cellScripts(added).map((u) => `${new URL(u).pathname.split('/').pop()} ${(gz([u]) / 1024).toFixed(1)}`).join(', ')})`);
    console.info(`[cells] Run to output: first run ${first} ms (loads the editor, Sucrase, the worker); then median ${warm[5]} ms over 10 runs`);
    await context.close();
  });
});

describe('offline', () => {
  it('no request left localhost', () => expect(external).toEqual([]));
});
