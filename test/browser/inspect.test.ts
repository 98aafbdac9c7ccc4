/**
 * The inspector page in Chromium: no console error and no request leaving localhost, the
 * parser and the renderer not loaded until a model is chosen (JavaScript budget), the samples
 * run from the keyboard, files chosen through the input (a real exported model, broken files,
 * a 300 MB file that is refused before it is read) give findings or a clear message, and the
 * page stays usable after an error. Screenshots of two reports go to test-results/ (and to
 * /work/notes/ when that folder exists, for the report).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { dist, external, open, useSite } from './harness';

const site = useSite();
const shots = resolve(__dirname, '../../test-results/screenshots');
const notes = '/work/notes';
const tmp = mkdtempSync(join(tmpdir(), 'deconv-inspect-page-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const python = spawnSync('/usr/bin/python3', ['-c', 'import torch, onnx'], { encoding: 'utf8' }).status === 0;
if (!python && process.env.CI === 'true') throw new Error('the inspector browser test needs python3 with torch and onnx (scripts/setup.sh installs them)');

async function finished(page: Page): Promise<string> {
  await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('[data-inspector]')?.getAttribute('data-state') ?? ''), undefined, { timeout: 60_000 });
  return (await page.locator('[data-inspector]').getAttribute('data-state'))!;
}

/** The whole page, and the top of the report at screen size (readable at a glance). */
async function shot(page: Page, name: string, layer = 1): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, name), fullPage: true });
  await page.evaluate(() => (document.querySelector('.inspect-results h2') ?? document.querySelector('[data-inspector]'))?.scrollIntoView({ block: 'start' }));
  const top = name.replace('.png', '-top.png');
  await page.screenshot({ path: join(shots, top) });
  if (existsSync(notes)) {
    await page.screenshot({ path: join(notes, top) });
    await page.evaluate((n) => document.querySelector(`#inspect-layer-${n}`)?.scrollIntoView({ block: 'start' }), layer);
    await page.screenshot({ path: join(notes, name.replace('.png', '-layer.png')) });
  }
}

const scriptsOf = (page: Page) => page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name).filter((u) => /\.m?js(\?|$)/.test(u)));
const gzKB = (urls: string[]) => urls.reduce((n, u) => n + gzipSync(readFileSync(join(dist, new URL(u).pathname))).length, 0) / 1024;

describe('the inspector page', () => {
  it('loads cleanly; the parser, the core and Plot wait until a model is chosen', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/inspect/`);
    const before = await scriptsOf(page);
    expect(before.some((u) => /worker/.test(u)), 'worker loaded before a choice').toBe(false);
    const own = before.filter((u) => /Inspector|inspect/i.test(new URL(u).pathname));
    console.info(`[inspect] JS before a choice: ${gzKB(before).toFixed(1)} KB gzip in ${before.length} files (the inspector's own ${gzKB(own).toFixed(1)} KB)`);
    expect(gzKB(own)).toBeLessThan(5);
    expect(await page.locator('text=nothing is uploaded').count()).toBeGreaterThan(0);
    // The sample, from the keyboard.
    await page.locator('button[data-name="dcgan.onnx"]').focus();
    await page.keyboard.press('Enter');
    expect(await finished(page)).toBe('done');
    const after = await scriptsOf(page);
    // The worker's script shows in the page's resource timing once it is created, so its absence above means something.
    expect(after.some((u) => /worker/.test(u)), 'worker script after a choice').toBe(true);
    console.info(`[inspect] loaded by the first inspection: ${gzKB(after.filter((u) => !before.includes(u))).toFixed(1)} KB gzip`);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    const results = page.locator('.inspect-results');
    expect(await results.locator('.inspect-summary').textContent()).toMatch(/3 up-sampling layers: 2 can produce checkerboard artifacts/);
    expect(await results.locator('.inspect-table').first().locator('tbody tr').count()).toBe(3);
    expect(await results.locator('section.verdict-checkerboard').count()).toBe(2);
    const picture = results.locator('section svg[role=img][aria-label*="response"]').first();
    expect(await picture.getAttribute('aria-label')).toMatch(/checkerboard score/);
    expect(await results.locator('a[href="/checkerboard/#checkerboard-artifacts"]').count()).toBeGreaterThan(0);
    await shot(page, 'inspect-dcgan.png', 3);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('FCN sample: bilinear, checkerboard-free', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/inspect/`);
    await page.locator('button[data-name="fcn.onnx"]').click();
    expect(await finished(page)).toBe('done');
    const text = await page.locator('.inspect-results').textContent();
    expect(text).toMatch(/0 can produce checkerboard artifacts/);
    expect(text).toMatch(/FCN's fixed bilinear kernel/);
    await shot(page, 'inspect-fcn.png');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('broken files give a clear message and the page stays usable', async () => {
    const dcgan = readFileSync(join(dist, 'inspect-samples/dcgan.onnx'));
    writeFileSync(join(tmp, 'cut.onnx'), dcgan.subarray(0, 2000));
    writeFileSync(join(tmp, 'noise.onnx'), Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) % 251));
    const big = join(tmp, 'huge.onnx');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 300 * 2 ** 20); // sparse: the browser gets a 300 MB File without anyone allocating it
    closeSync(fd);
    const { page, context, errors } = await open(site.browser, `${site.base}/inspect/`);
    const input = page.locator('#inspect-file');
    const error = page.locator('.inspect-error');
    for (const [file, pattern] of [['cut.onnx', /incomplete[\s\S]*truncated/], ['noise.onnx', /not a model[\s\S]*does not start like an ONNX model/], ['huge.onnx', /too large[\s\S]*300 MB/]] as const) {
      await input.setInputFiles(join(tmp, file));
      expect(await finished(page), file).toBe('error');
      expect(await error.textContent(), file).toMatch(pattern);
    }
    // Still usable: a good model after the errors.
    await input.setInputFiles(join(dist, 'inspect-samples/fcn.onnx'));
    expect(await finished(page)).toBe('done');
    expect(await error.isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  (python ? it : it.skip)('models exported by PyTorch, chosen as files: ESPCN, U-Net, Upsample+conv, and a graph without weights', async () => {
    spawnSync('/usr/bin/python3', [resolve(__dirname, '../inspect-models.py'), tmp], { encoding: 'utf8' });
    const { page, context, errors } = await open(site.browser, `${site.base}/inspect/`);
    const input = page.locator('#inspect-file');
    for (const [file, pattern] of [
      ['espcn.onnx', /DepthToSpace[\s\S]*pixel shuffle by 3 is one transposed convolution/],
      ['unet.onnx', /2 up-sampling layers/],
      ['upconv.onnx', /resize-convolution/],
      ['noweights.onnx', /holds no weights/],
      ['external.onnx', /separate file[\s\S]*save_as_external_data=False/],
    ] as const) {
      await input.setInputFiles(join(tmp, file));
      const state = await finished(page);
      expect(await page.locator('[data-inspector]').textContent(), file).toMatch(pattern);
      expect(state, file).toBe(file === 'external.onnx' ? 'error' : 'done');
    }
    await shot(page, 'inspect-external-error.png');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('no request left localhost', () => expect(external).toEqual([]));
});
