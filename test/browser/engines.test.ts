/**
 * The three float32 engines in Debian's Chromium, in the runnable cells' worker, against the
 * built site's performance page: the worker has all three ('wasm-relaxed' included: Chromium
 * ships relaxed SIMD), and on a layer large enough for the WebAssembly engines to run (far above
 * SIMD_MIN_WORK multiply-adds) each engine agrees with the core in Node (float64 data, so the
 * TypeScript engine) to 1e-4 relative. The expected values come from Node and are typed into the
 * cell; the cell prints its differences as JSON, which this test reads. One page load.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { convTransposeReference, randomTensor, tensor } from '../../src/index';
import { SIMD_MIN_WORK } from '../../src/fast/dispatch';
import { external, open, useSite } from './harness';

const site = useSite();

const ENGINES = ['wasm-relaxed', 'wasm-simd', 'typescript'] as const;
const TOLERANCE = 1e-4;
const compact = (s: string) => s.replace(/\s+/g, '');

/** Waits until the cell has finished (done, error or stopped); returns the state. */
async function settled(cell: Locator): Promise<string> {
  await cell.page().waitForFunction((el) => ['done', 'error', 'stopped'].includes((el as HTMLElement).dataset.state ?? ''), await cell.elementHandle(), { timeout: 20_000 });
  return (await cell.getAttribute('data-state'))!;
}

async function printed(cell: Locator): Promise<string[]> {
  return cell.locator('.cell-out-text > span').evaluateAll((spans) => spans.map((s) => s.textContent!));
}

/** Replaces the cell's code as a reader would: click into it, select all, type. */
async function edit(page: Page, cell: Locator, code: string): Promise<void> {
  await cell.locator('.expressive-code pre, .cm-content').first().click();
  await cell.locator('.cm-content').waitFor();
  await page.waitForFunction((el) => el.contains(document.activeElement), await cell.locator('.cm-editor').elementHandle());
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(code);
}

// The layer: x [2, 16, 6, 6], w [16, 8, 4, 4], stride 2, pads 1 -> [2, 8, 12, 12].
const X = { shape: [2, 16, 6, 6], seed: 11 };
const W = { shape: [16, 8, 4, 4], seed: 12 };
const OPTIONS = { strides: 2, pads: 1 };

/** The same layer in Node by its definition (the gather reference), on the cell's float32 inputs as float64 data. */
function expected(): { shape: number[]; data: Float64Array } {
  const x32 = randomTensor(X.shape, { seed: X.seed, dtype: 'float32' });
  const w32 = randomTensor(W.shape, { seed: W.seed, dtype: 'float32' });
  const y = convTransposeReference(tensor(Float64Array.from(x32.data), X.shape, 'float64'), tensor(Float64Array.from(w32.data), W.shape, 'float64'), OPTIONS);
  expect(y.data).toBeInstanceOf(Float64Array);
  return { shape: [...y.shape], data: y.data as Float64Array };
}

/** The expected values as typed into the cell (10 significant digits: their rounding is far below the tolerance). */
const typed = (want: Float64Array) => Array.from(want, (v) => Number(v.toPrecision(10)));

/** Cell code: the layer on each engine, its largest difference from `want` (relative, as the bench measures), as one JSON line. */
function cellCode(want: Float64Array): string {
  return [
    "import { convTranspose, currentEngine, randomTensor, setEngine } from 'deconv';",
    '',
    `const want = [${typed(want).join(', ')}];`,
    `const x = randomTensor(${JSON.stringify(X.shape)}, { seed: ${X.seed}, dtype: 'float32' });`,
    `const w = randomTensor(${JSON.stringify(W.shape)}, { seed: ${W.seed}, dtype: 'float32' });`,
    'const report: Record<string, unknown> = { wantLength: want.length, wantSum: want.reduce((a, b) => a + b, 0) };',
    'const outputs: Record<string, Float32Array> = {};',
    `for (const engine of ${JSON.stringify(ENGINES)}) {`,
    '  setEngine(engine);',
    `  const y = convTranspose(x, w, ${JSON.stringify(OPTIONS).replace(/"/g, '')});`,
    '  outputs[engine] = y.data as Float32Array;',
    '  let worst = 0;',
    '  y.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want[i]) / Math.max(1, Math.abs(want[i])))));',
    '  report[engine] = { engine: currentEngine(), dtype: y.data.constructor.name, shape: y.shape, worst };',
    '}',
    "setEngine('auto');",
    'const apart = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);',
    "report.simdVsTypescript = apart(outputs['wasm-simd'], outputs.typescript);",
    "report.relaxedVsSimd = apart(outputs['wasm-relaxed'], outputs['wasm-simd']);",
    'console.log(JSON.stringify(report));',
  ].join('\n');
}

describe('engines in the cells worker (Chromium)', () => {
  it('has wasm-relaxed, wasm-simd and typescript, and each agrees with the core in Node on a layer above SIMD_MIN_WORK', async () => {
    const want = expected();
    const [n, cIn, h, wIn] = X.shape;
    const [, cOut, kh, kw] = W.shape;
    const work = n * cOut * cIn * kh * kw * h * wIn; // multiply-adds, as select.ts counts them
    expect(work).toBeGreaterThan(10 * SIMD_MIN_WORK);

    const { page, context, errors } = await open(site.browser, `${site.base}/performance/`);
    await page.waitForFunction(() => [...document.querySelectorAll('.cell')].every((c) => (c as HTMLElement).dataset.ready === 'true'));
    const cell = page.locator('.cell[data-cell="engines"]');

    // The page's own snippet, as shown: what its `// =>` comment says, then one line per available engine, fastest first.
    await cell.locator('button[data-action=run]').click();
    expect(await settled(cell), (await cell.locator('.cell-output').textContent()) ?? '').toBe('done');
    const shown = await printed(cell);
    const said = readFileSync(resolve(__dirname, '../../site/snippets/engines.ts'), 'utf8').split('\n').find((l) => l.includes('// => '))!;
    expect(compact(shown[0])).toBe(compact(said.split('// => ')[1]));
    expect(shown.slice(1).map((l) => l.split(' ')[0])).toEqual([...ENGINES]);

    // Edited: each engine against the values computed here.
    await edit(page, cell, cellCode(want.data));
    await cell.locator('button[data-action=run]').click();
    expect(await settled(cell), (await cell.locator('.cell-output').textContent()) ?? '').toBe('done');
    const lines = await printed(cell);
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]) as Record<string, unknown>;
    // The typed-in values arrived whole (the same numbers summed in the same order: the same sum, to the bit).
    expect(report.wantLength).toBe(want.data.length);
    expect(report.wantSum).toBe(typed(want.data).reduce((a, b) => a + b, 0));
    const worst: Record<string, number> = {};
    for (const engine of ENGINES) {
      const r = report[engine] as { engine: string; dtype: string; shape: number[]; worst: number };
      expect(r.engine).toBe(engine);
      expect(r.dtype).toBe('Float32Array');
      expect(r.shape).toEqual(want.shape);
      expect(r.worst, `${engine}: largest relative difference from Node`).toBeLessThanOrEqual(TOLERANCE);
      worst[engine] = r.worst;
    }
    // WebAssembly sums in float32 and TypeScript in float64: if the two agreed to the bit, the WebAssembly engine did not run.
    expect(report.simdVsTypescript as number).toBeGreaterThan(0);
    console.info(`[engines] largest relative difference from Node: ${ENGINES.map((e) => `${e} ${worst[e].toExponential(2)}`).join(', ')}; ` +
      `wasm-simd vs typescript ${(report.simdVsTypescript as number).toExponential(2)}, wasm-relaxed vs wasm-simd ${(report.relaxedVsSimd as number).toExponential(2)} (0 would mean no fused multiply-add on this CPU)`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('offline', () => {
  it('no request left localhost', () => expect(external).toEqual([]));
});
