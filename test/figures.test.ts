/**
 * Every figure renders in Node (Plot with linkedom as its document) at its default settings,
 * and its SVG is compared with a checked-in snapshot (numbers rounded), the way Observable Plot
 * tests its marks. Snapshots guard against unnoticed changes; they prove nothing about
 * correctness, which the core's own tests establish.
 *
 * Every figure also carries a text alternative (site/lib/description.ts): it must change when
 * the figure's first control moves, and the numbers it reads out must be numbers the drawing
 * itself shows (its cell labels, notes and tables), so the words cannot drift from the picture.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { controlLabel, defaults, drawDescribed, parseUrlState, type Control, type FigureModule, type Params } from '../site/lib/figure';
import { en } from '../site/i18n/en';
import { englishWords } from './thaiWords';
import { FRAMEWORKS } from '../src/index';

const folder = resolve(__dirname, '../site/figures');
const names = readdirSync(folder).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
/** Figures without a text alternative yet (none: the list may only shrink). */
const pendingDescription = new Set<string>([]);


/** Rounds every decimal number in the markup to 2 places, so float noise does not churn snapshots. */
function rounded(svg: string): string {
  return svg.replace(/-?\d+\.\d+/g, (n) => String(Number(Number(n).toFixed(2))));
}

function pretty(markup: string): string {
  return rounded(markup).replace(/></g, '>\n<') + '\n';
}

function render(figure: FigureModule, params: Params, name: string) {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  return drawDescribed(figure, params, document as unknown as Document, name);
}

/** The first control moved by one step (down at its maximum), or to its next option. */
function moved(c: Control, params: Params): Params {
  const next = { ...params };
  if (c.kind === 'range') next[c.name] = Number(c.value) + (Number(c.value) + (c.step ?? 1) <= c.max! ? (c.step ?? 1) : -(c.step ?? 1));
  else if (c.kind === 'select') next[c.name] = c.options!.find((o) => o.value !== c.value)!.value;
  else next[c.name] = !c.value;
  return next;
}

/** Numbers written in a text, normalised (− as -, no trailing zeros). */
function numbers(text: string): string[] {
  return (text.replace(/−/g, '-').match(/-?\d+(\.\d+)?(e[-+]?\d+)?/g) ?? []).map((n) => String(Number(n)));
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

describe('figures in Thai', () => {
  for (const name of names) {
    it(`${name}: its controls read in Thai, and the English table holds the module's own labels`, async () => {
      const figure = (await import(`../site/figures/${name}.ts`)) as FigureModule;
      const table: Record<string, string> = en;
      const shown: string[] = [];
      for (const c of figure.controls) {
        for (const o of [undefined, ...(c.options ?? [])]) {
          const key = o ? `${name}.option.${c.name}.${o.value}` : `${name}.label.${c.name}`;
          if (key in table) expect(table[key], key).toBe((o ?? c).label);
          expect(controlLabel(name, c, 'en', o)).toBe((o ?? c).label);
          shown.push(controlLabel(name, c, 'th', o));
        }
      }
      expect(englishWords(shown.join(' '))).toEqual([]);
    });
    it(`${name}: drawn on a Thai page, no English word outside numbers, code and names`, async () => {
      const figure = (await import(`../site/figures/${name}.ts`)) as FigureModule;
      const { document } = parseHTML('<!doctype html><html lang="th"><body></body></html>');
      for (const params of [defaults(figure.controls), moved(figure.controls[0], defaults(figure.controls))]) {
        const { element, description } = drawDescribed(figure, params, document as unknown as Document, name);
        // What the browser check of whole pages skips too (test/browser/thai.test.ts): code, math, text marked English.
        for (const skipped of Array.from(element.querySelectorAll('style, code, pre, kbd, samp, .katex, [lang="en"]'))) skipped.remove();
        const text = `${element.textContent} ${description}`;
        expect(text).toMatch(/[\u0E00-\u0E7F]/);
        expect(englishWords(text), text).toEqual([]);
      }
    });
  }
});

describe('framework calculator', () => {
  it("the English table repeats each adapter's own checkedNote (the Thai one translates it)", () => {
    for (const f of FRAMEWORKS) expect(en[`framework-calculator.card.checked.${f.id}` as keyof typeof en], f.id).toBe(f.checkedNote);
  });
});

describe('figure descriptions', () => {
  /** Distinct numbers the drawing shows as values: its marks' text and table cells, not axis ticks. */
  function shownValues(element: Element): Set<string> {
    const texts = Array.from(element.querySelectorAll('svg text, td'))
      .filter((el) => !el.closest('[aria-label*="tick"], [aria-label*="axis"], [aria-label*="legend"]'))
      .filter((el) => el.querySelector('text, tspan') === null);
    return new Set(texts.flatMap((el) => numbers(el.textContent ?? '')));
  }

  for (const name of names.filter((n) => !pendingDescription.has(n))) {
    it(`${name}: describes what it shows with its numbers, and follows its first control`, async () => {
      const figure = (await import(`../site/figures/${name}.ts`)) as FigureModule;
      const said: string[] = [];
      for (const params of [defaults(figure.controls), moved(figure.controls[0], defaults(figure.controls))]) {
        const { document } = parseHTML('<!doctype html><html><body></body></html>');
        const element = figure.render(params, document as unknown as Document);
        const description = element.querySelector('.figure-description')?.textContent ?? '';
        said.push(description);
        const heard = new Set(numbers(description));
        expect(heard.size, description).toBeGreaterThanOrEqual(3);
        // At least half of the distinct values drawn in cells, labels and tables are read out.
        const shown = Array.from(shownValues(element));
        const missing = shown.filter((n) => !heard.has(n));
        expect(missing.length, `${description}\nshown but not said: ${missing.join(' ')}`).toBeLessThanOrEqual(shown.length / 2);
        // The shared layer takes it out of the drawing, for the figure's description element.
        expect(render(figure, params, name).description).toBe(description);
      }
      expect(said[1]).not.toBe(said[0]);
    });
  }
});

describe('shared-URL settings (parseUrlState)', () => {
  const controls: Control[] = [
    { name: 's', label: 'stride s', kind: 'range', min: 1, max: 3, value: 2 },
    { name: 'lr', label: 'learning rate', kind: 'select', value: '0.5', options: [{ value: '0.5', label: '0.5' }, { value: '2', label: '2' }] },
    { name: 'zoom', label: 'zoom', kind: 'checkbox', value: false },
  ];
  const read = (search: string) => parseUrlState(search, 'f', controls);

  it('takes values a control can hold', () => {
    expect(read('?f.s=3&f.lr=2&f.zoom=true')).toEqual({ params: { s: 3, lr: '2', zoom: true }, problems: [] });
    expect(read('?other.s=abc&utm=1')).toEqual({ params: { s: 2, lr: '0.5', zoom: false }, problems: [] });
  });

  for (const bad of ['NaN', '-1', '4', '1e3', '2.5', 'abc', '', ' 2', '0x2', 'Infinity', '9'.repeat(10_000)]) {
    it(`keeps the default and says so for s=${bad.slice(0, 12)}`, () => {
      const { params, problems } = read(`?f.s=${encodeURIComponent(bad)}`);
      expect(params.s).toBe(2);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^stride s .* must be a number from 1 to 3 in steps of 1; showing the default 2$|is too long/);
      expect(problems[0].length).toBeLessThan(200);
    });
  }

  it('refuses an option that is not offered, a non-boolean, a repeated and an unknown key', () => {
    const { params, problems } = read('?f.lr=0&f.zoom=1&f.s=1&f.s=3&f.nope=1');
    expect(params).toEqual({ s: 2, lr: '0.5', zoom: false });
    expect(problems).toEqual([
      'unknown setting "nope" ignored',
      'stride s is given 2 times; showing the default 2',
      'learning rate "0" must be one of 0.5, 2; showing the default 0.5',
      'zoom "1" must be true or false; showing the default false',
    ]);
  });
});
