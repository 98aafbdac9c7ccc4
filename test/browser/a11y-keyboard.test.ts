/**
 * The keyboard alone: Tab walks a figure's controls in their visual (DOM) order, each showing a
 * visible focus ring (a solid outline at least 2 px wide); the slider moves with the arrow keys,
 * Step and Play/Pause work with Enter and Space. Nothing animates by itself: with or without
 * prefers-reduced-motion no figure plays until asked (no autoplay).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { open, useSite } from './harness';

const site = useSite();

/** What has focus: the control's param name, or its role in the figure. */
function focused(page: Page): Promise<{ key: string; inFigure: boolean; outline: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const style = el ? getComputedStyle(el) : null;
    const key = el?.dataset.param ?? (el?.dataset.play ? `play:${el.dataset.play}` : el?.dataset.step ? `step:${el.dataset.step}` : el?.tagName ?? '');
    return {
      key,
      inFigure: Boolean(el?.closest('figure[data-figure=scatter]')),
      outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
    };
  });
}

const renders = (page: Page) => page.evaluate(() => Number(document.querySelector('figure[data-figure=scatter]')!.getAttribute('data-renders')));

describe('keyboard', () => {
  it('Tab reaches every control of a figure in order, each with a visible focus ring; keys operate them', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/scatter/`);
    const figure = page.locator('figure[data-figure=scatter]');
    await figure.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => Number(document.querySelector('figure[data-figure=scatter]')?.getAttribute('data-renders')) >= 1);
    const expected = await figure.evaluate((root) => Array.from(root.querySelectorAll<HTMLElement>('input, select, button, [tabindex="0"]'))
      .filter((el) => !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0)
      .map((el) => el.dataset.param ?? (el.dataset.play ? `play:${el.dataset.play}` : el.dataset.step ? `step:${el.dataset.step}` : el.tagName)));
    expect(expected.length).toBeGreaterThanOrEqual(9);
    // Arrive from the element before the figure, by keyboard.
    await figure.locator('[data-param]').first().focus();
    await page.keyboard.press('Shift+Tab');
    const order: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      if (!now.inFigure) break;
      order.push(now.key);
      expect(now.outline, `focus ring on ${now.key}`).toMatch(/^solid ([2-9]|\d\d)(\.\d+)?px$/);
    }
    expect(order).toEqual(expected);

    // Operable: arrows move a slider, Enter steps, Space plays and pauses.
    const t = figure.locator('input[data-param=t]');
    const before = await t.inputValue();
    await figure.locator('button[data-step=t]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((v) => (document.querySelector('figure[data-figure=scatter] input[data-param=t]') as HTMLInputElement).value !== v, before);
    const play = figure.locator('button[data-play=t]');
    await play.focus();
    await page.keyboard.press('Space');
    expect(await play.getAttribute('aria-pressed')).toBe('true');
    expect(await play.textContent()).toBe('Pause');
    await page.keyboard.press('Space');
    expect(await play.getAttribute('aria-pressed')).toBe('false');
    const k = figure.locator('input[data-param=k]');
    await k.focus();
    await page.keyboard.press('ArrowLeft');
    expect(await k.inputValue()).toBe('2');
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const reducedMotion of ['reduce', 'no-preference'] as const) {
    it(`nothing plays by itself (prefers-reduced-motion: ${reducedMotion})`, async () => {
      const { page, context, errors } = await open(site.browser, `${site.base}/scatter/`);
      await page.emulateMedia({ reducedMotion });
      await page.reload({ waitUntil: 'networkidle' });
      await page.locator('figure[data-figure=scatter]').scrollIntoViewIfNeeded();
      await page.waitForFunction(() => Number(document.querySelector('figure[data-figure=scatter]')?.getAttribute('data-renders')) >= 1);
      const [n, t] = [await renders(page), await page.locator('figure[data-figure=scatter] input[data-param=t]').inputValue()];
      await page.waitForTimeout(2000); // Play's slowest default is a step per 0.7 s
      expect(await renders(page)).toBe(n);
      expect(await page.locator('figure[data-figure=scatter] input[data-param=t]').inputValue()).toBe(t);
      expect(await page.locator('figure[data-figure=scatter] button[data-play]').getAttribute('aria-pressed')).toBe('false');
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
