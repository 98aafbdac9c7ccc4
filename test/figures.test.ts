/**
 * Every figure renders in Node (Plot with linkedom as its document) at its default settings,
 * and its SVG is compared with a checked-in snapshot (numbers rounded), the way Observable Plot
 * tests its marks. Snapshots guard against unnoticed changes; they prove nothing about
 * correctness, which the core's own tests establish.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { defaults, type FigureModule } from '../site/lib/figure';

const folder = resolve(__dirname, '../site/figures');
const names = readdirSync(folder).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();

/** Rounds every decimal number in the markup to 2 places, so float noise does not churn snapshots. */
function rounded(svg: string): string {
  return svg.replace(/-?\d+\.\d+/g, (n) => String(Number(Number(n).toFixed(2))));
}

function pretty(markup: string): string {
  return rounded(markup).replace(/></g, '>\n<') + '\n';
}

describe('figures', () => {
  for (const name of names) {
    it(`${name}: renders at its defaults and matches its snapshot`, async () => {
      const figure = (await import(`../site/figures/${name}.ts`)) as FigureModule;
      const { document } = parseHTML('<!doctype html><html><body></body></html>');
      const element = figure.render(defaults(figure.controls), document as unknown as Document);
      expect(element.querySelector('.figure-error')).toBeNull();
      await expect(pretty(element.outerHTML)).toMatchFileSnapshot(`snapshots/figures/${name}.svg`);
    });
  }
});
