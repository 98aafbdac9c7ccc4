/**
 * Long use stays bounded (issue 16): the figures are redrawn through a thousand random settings
 * (sizes up and down, as a reader moving sliders would), with a large decoder layer run through
 * the core every so often, and the fast kernels' memory between calls (memoryInUse()) must stay
 * under MEMORY_CAP, the documented cap of the release policy (src/fast/memory.ts), without a
 * single call to releaseMemory(). After a large layer, the small redraws that follow must give
 * its memory back (the "much smaller problems" rule).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { draw, type Control, type FigureModule, type Params } from '../site/lib/figure';
import { convTranspose, memoryInUse, MEMORY_CAP, randomTensor } from '../src/index';

const folder = resolve(__dirname, '../site/figures');
// The figures that run the fast kernels (the only users of the pools memoryInUse() counts); the
// others draw in the same time and would only slow the test down.
const names = readdirSync(folder).filter((f) => f.endsWith('.ts'))
  .filter((f) => /\b(conv|convTranspose|convGrad\w*|convTransposeGrad\w*|createTrainer|bilinearUpsample|resizeConvolution|subPixel\w*)\(/.test(readFileSync(resolve(folder, f), 'utf8')))
  .map((f) => f.slice(0, -3)).sort();
const REDRAWS = 1000;
const LARGE_EVERY = 100;

/** Random settings for a figure's controls: any value of each range (by its step), option or box. */
function settings(controls: readonly Control[]): fc.Arbitrary<Params> {
  return fc.record(Object.fromEntries(controls.map((c) => {
    if (c.kind === 'range') {
      const step = c.step ?? 1;
      const steps = Math.floor((c.max! - c.min!) / step);
      return [c.name, fc.integer({ min: 0, max: steps }).map((i) => Number((c.min! + i * step).toFixed(10)))];
    }
    if (c.kind === 'select') return [c.name, fc.constantFrom(...c.options!.map((o) => o.value))];
    return [c.name, fc.boolean()];
  })) as Record<string, fc.Arbitrary<Params[string]>>);
}

/** A DCGAN-like decoder layer, far larger than any figure: 256 -> 128 channels, 32x32 -> 64x64, float32. */
function largeLayer(seed: number): void {
  const x = randomTensor([1, 256, 32, 32], { seed, dtype: 'float32' });
  const w = randomTensor([256, 128, 4, 4], { seed: seed + 1, dtype: 'float32' });
  convTranspose(x, w, { strides: 2, pads: 1 });
}

describe('memory: long use stays bounded', () => {
  it(`stays under MEMORY_CAP through ${REDRAWS} random figure redraws and large layers`, async () => {
    const started = Date.now();
    const figures = await Promise.all(names.map(async (name) => ({ name, module: (await import(`../site/figures/${name}.ts`)) as FigureModule })));
    const plan = fc.sample(fc.tuple(fc.nat({ max: figures.length - 1 }), fc.nat()), { seed: 1203, numRuns: REDRAWS });
    let largest = 0;
    let afterLarge = 0;
    const fellBack: boolean[] = [];
    for (let i = 0; i < REDRAWS; i++) {
      if (i % LARGE_EVERY === 0) {
        largeLayer(i);
        afterLarge = memoryInUse();
        largest = Math.max(largest, afterLarge);
      }
      const [which, seed] = plan[i];
      const { name, module } = figures[which];
      const [params] = fc.sample(settings(module.controls), { seed, numRuns: 1 });
      const { document } = parseHTML('<!doctype html><html><body></body></html>');
      const element = draw(module, params, document as unknown as Document, name);
      expect(element, `${name} ${JSON.stringify(params)}`).toBeTruthy();
      const held = memoryInUse();
      largest = Math.max(largest, held);
      expect(held, `after ${name} ${JSON.stringify(params)}`).toBeLessThanOrEqual(MEMORY_CAP);
      if (i % LARGE_EVERY === LARGE_EVERY - 1) fellBack.push(held < afterLarge);
    }
    console.log(
      `memory: ${REDRAWS} redraws of ${figures.length} figures and ${REDRAWS / LARGE_EVERY} large layers in ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s; cap ${MEMORY_CAP} bytes (${MEMORY_CAP / 2 ** 20} MiB), ` +
        `largest held ${largest} bytes (${(largest / 2 ** 20).toFixed(2)} MiB), after a large layer ${afterLarge} bytes`,
    );
    expect(largest).toBeLessThanOrEqual(MEMORY_CAP);
    // The large layer's memory is given back by the small redraws after it, every time.
    expect(afterLarge).toBeGreaterThan(2 ** 20);
    expect(fellBack).toEqual(new Array(REDRAWS / LARGE_EVERY).fill(true));
  }, 120_000);
});
