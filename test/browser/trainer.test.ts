/**
 * The checkerboard page's live trainer (site/components/Trainer.astro, site/lib/trainer.ts) in
 * Chromium. It is not a params -> render figure, so site.test.ts does not drive it: here the
 * keyboard starts it, the loss must fall by a stated factor, Stop must stop it, Reset must
 * bring back step 0, and nothing may log an error. No timing is asserted.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { open, useSite } from './harness';

const site = useSite();

const state = (page: Page, name: string) => page.locator('[data-trainer]').getAttribute(`data-${name}`);

describe('up-sampling page: the live trainer', () => {
  it('starts from the keyboard, lowers the loss at least 10 times, stops, and resets', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/checkerboard/`);
    const trainer = page.locator('[data-trainer]');
    await trainer.scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-trainer][data-ready=true]');
    const toggle = trainer.locator('button[data-action=toggle]');
    expect(await toggle.textContent()).toBe('Start');
    expect(Number(await state(page, 'steps'))).toBe(0);
    const start = Number(await state(page, 'loss-start'));
    expect(start).toBeGreaterThan(0);

    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-trainer][data-state=running]');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    // From the random start the loss falls ~75x in 100 steps (test/train.test.ts states >= 100x overall).
    await page.waitForFunction((s) => Number(document.querySelector('[data-trainer]')?.getAttribute('data-loss')) < s / 10, start, { timeout: 45_000 });

    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-trainer]:is([data-state=stopped], [data-state=finished])');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    const stoppedAt = await state(page, 'steps');
    await page.waitForTimeout(500);
    expect(await state(page, 'steps')).toBe(stoppedAt);
    expect(Number(stoppedAt)).toBeGreaterThan(0);
    expect(await trainer.locator('.trainer-status').textContent()).toContain(`${stoppedAt} steps`);

    await trainer.locator('button[data-action=reset]').click();
    await page.waitForFunction(() => document.querySelector('[data-trainer]')?.getAttribute('data-steps') === '0');
    expect(Number(await state(page, 'loss'))).toBe(start);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the bilinear start begins at the fixed FCN kernel\'s loss, below the random start', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/checkerboard/`);
    const trainer = page.locator('[data-trainer]');
    await trainer.scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-trainer][data-ready=true]');
    const random = Number(await state(page, 'loss-start'));
    await trainer.locator('select[data-init]').selectOption('bilinear');
    await page.waitForFunction((r) => Number(document.querySelector('[data-trainer]')?.getAttribute('data-loss-start')) !== r, random);
    expect(Number(await state(page, 'loss-start'))).toBeLessThan(random / 10);
    expect(await trainer.locator('.figure-note').textContent()).toContain('FCN\'s fixed bilinear kernel');
    expect(errors).toEqual([]);
    await context.close();
  });
});
