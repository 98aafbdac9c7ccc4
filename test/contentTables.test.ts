/**
 * The static tables of the site (frameworks page, up-sampling page, "From the question") show
 * numbers computed by the core at build time. Here those numbers are compared with values
 * worked out by hand in this file: the data modules the components render, and, when the site
 * has been built (dist/), the tables in the built HTML.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { canvas, coreWeight, examples, fcnKernel, phaseRows, tfWeight, type FrameworkName } from '../site/components/frameworkTables';
import { cost, COST, roundTrips } from '../site/components/questionNumbers';

// x = [1, 2, 3], w = [1, 2, 3], stride 2: the stamps 1·w at 0, 2·w at 2, 3·w at 4 add up to
//   [1, 2, 3, 0, 0, 0, 0] + [0, 0, 2, 4, 6, 0, 0] + [0, 0, 0, 0, 3, 6, 9] = [1, 2, 5, 4, 9, 6, 9].
const CANVAS = [1, 2, 5, 4, 9, 6, 9];

/** The window y[i] = canvas[i + pb], zero beyond the canvas. */
const windowOf = (pb: number, size: number) => Array.from({ length: size }, (_, i) => CANVAS[i + pb] ?? 0);

interface Want { pads: [number, number]; a: number; size: number }
// Each row by hand from the framework's documented rule (see the comments).
const WANT: Record<FrameworkName, Want[]> = {
  torch: [
    { pads: [0, 0], a: 0, size: 7 }, // 2·2 - 0 + 2 + 0 + 1
    { pads: [1, 1], a: 0, size: 5 }, // padding 1 at both ends
    { pads: [1, 1], a: 1, size: 6 }, // output_padding adds one cell at the end
    { pads: [1, 1], a: 1, size: 6 }, // output_size 6 = min size 5 + output_padding 1
  ],
  tensorflow: [
    { pads: [0, 0], a: 0, size: 7 }, // VALID, the canvas
    { pads: [0, 0], a: 1, size: 8 }, // VALID, one zero cell past the canvas
    { pads: [0, 1], a: 0, size: 6 }, // SAME: P = 7 - 6 = 1, the odd cell at the end
    { pads: [1, 1], a: 0, size: 5 }, // SAME: P = 2
    { pads: [1, 1], a: 0, size: 5 }, // explicit [1, 1]
  ],
  keras: [
    { pads: [0, 0], a: 0, size: 7 }, // valid: (3-1)·2 + max(3, 2)
    { pads: [0, 0], a: 1, size: 8 }, // valid, output_padding 1: 4 + 3 + 1
    { pads: [0, 1], a: 0, size: 6 }, // same: 3·2, TF's crop
    { pads: [1, 1], a: 0, size: 5 }, // same, output_padding 0: 4 + (3 mod 2) + 0
    { pads: [0, 1], a: 0, size: 6 }, // same, output_padding 1: 4 + 1 + 1
  ],
  onnx: [
    { pads: [1, 1], a: 0, size: 5 },
    { pads: [0, 1], a: 1, size: 7 }, // 7 - 0 - 1 + 1
    { pads: [0, 1], a: 0, size: 6 }, // SAME_UPPER: the odd cell cropped at the end
    { pads: [1, 0], a: 0, size: 6 }, // SAME_LOWER: at the beginning
    { pads: [1, 0], a: 0, size: 6 }, // output_shape with NOTSET: at the beginning
  ],
  caffe: [
    { pads: [0, 0], a: 0, size: 7 },
    { pads: [1, 1], a: 0, size: 5 },
  ],
};

describe('framework tables (data module)', () => {
  it('the canvas is the hand-summed stamps', () => expect(canvas).toEqual(CANVAS));
  for (const framework of Object.keys(WANT) as FrameworkName[]) {
    it(`${framework}: crops, output padding, sizes and outputs match the hand calculation`, () => {
      const rows = examples[framework];
      expect(rows.length).toBe(WANT[framework].length);
      rows.forEach((row, r) => {
        const want = WANT[framework][r];
        expect([row.pads, row.outputPadding, row.size], row.args).toEqual([want.pads, want.a, want.size]);
        expect(row.output, row.args).toEqual(windowOf(want.pads[0], want.size));
      });
    });
  }
  it('Keras same rows carry the torch-backend shift note, valid rows none', () => {
    const notes = examples.keras.map((r) => r.note ?? '');
    expect(notes[0]).toBe('');
    expect(notes[1]).toBe('');
    expect(notes[2]).toMatch(/padding=1, output_padding=1 .*shifted by 1/);
    expect(notes[4]).toMatch(/shifted by 1/);
  });
  it('weight layouts: TF [k, C_out, C_in] is the core [C_in, C_out, k] with axes reversed', () => {
    expect(coreWeight).toEqual([
      [[111, 112], [121, 122], [131, 132]],
      [[211, 212], [221, 222], [231, 232]],
    ]);
    expect(tfWeight).toEqual([
      [[111, 211], [121, 221], [131, 231]],
      [[112, 212], [122, 222], [132, 232]],
    ]);
  });
  it("FCN's kernels: f = 2 is the outer product of [1/4, 3/4, 3/4, 1/4], f = 3 of [1/3, 2/3, 1, 2/3, 1/3]", () => {
    const outer = (p: number[]) => p.map((a) => p.map((b) => a * b));
    const two = fcnKernel(2);
    expect(two.k).toBe(4);
    expect(two.rows).toEqual(outer([0.25, 0.75, 0.75, 0.25]));
    expect(two.rows[1][1]).toBe(0.5625);
    expect(two.phases).toEqual([1, 1, 1, 1]);
    const three = fcnKernel(3);
    expect(three.k).toBe(5);
    three.rows.flat().forEach((v, n) => expect(v).toBeCloseTo(outer([1 / 3, 2 / 3, 1, 2 / 3, 1 / 3]).flat()[n], 9));
    three.phases.forEach((v) => expect(v).toBeCloseTo(1, 9));
  });
});

describe('checkerboard phase table (data module)', () => {
  it('taps per phase and phase sums at stride 2, by hand', () => {
    // phase 0 takes taps 0, 2, ...; phase 1 takes taps 1, 3, ...
    expect(phaseRows.map((r) => [r.taps, r.counts, r.sums])).toEqual([
      [[1, 1, 1], [2, 1], [2, 1]],
      [[1, 1, 1, 1], [2, 2], [2, 2]],
      [[0.5, 1, 0.5], [2, 1], [1, 1]],
      [[0.25, 0.75, 0.75, 0.25], [2, 2], [1, 1]],
      // conv weights [1, 2, 3] act as the impulse response g = [3, 2, 1]; g * [1, 1] = [3, 5, 3, 1]
      [[3, 5, 3, 1], [2, 2], [6, 6]],
    ]);
  });
});

describe('"From the question" numbers (data module)', () => {
  const { channels: C, n, k } = COST;
  it('multiply-adds: zero insertion C²·n_out²·k², scatter C²·n_in²·k²', () => {
    expect(cost.nOut).toBe(64); // 2·31 + 4 - 2
    expect(cost.zeroInsertionMacs).toBe(C * C * 64 * 64 * k * k); // 4,194,304
    expect(cost.scatterMacs).toBe(C * C * n * n * k * k); // 1,048,576
  });
  it('useful products: per axis 32·4 stamps minus the 2 that fall on the cropped border', () => {
    // position 2o + j - 1 must lie in [0, 63]: only (o, j) = (0, 0) and (31, 3) fall outside.
    const perAxis = 32 * 4 - 2;
    expect(cost.scatterUseful).toBe(perAxis * perAxis * C * C);
    expect(cost.zeroInsertionUseful).toBe(perAxis * perAxis * C * C);
    expect(cost.agreement).toBeLessThan(1e-9);
  });
  it('C^T C x = x for the complete orthonormal Haar bank only', () => {
    expect(roundTrips[0].error).toBeLessThan(1e-12);
    expect(roundTrips[1].error).toBeGreaterThan(0.1);
    expect(roundTrips[2].error).toBeGreaterThan(0.1);
  });
});

const dist = resolve(__dirname, '../dist');
const built = existsSync(resolve(dist, 'frameworks/index.html'));

describe.skipIf(!built)('the built HTML shows the same numbers (after npm run build)', () => {
  const page = (path: string) => parseHTML(readFileSync(resolve(dist, path), 'utf8')).document;
  it('frameworks page: every static table row, above the calculator', () => {
    const doc = page('frameworks/index.html');
    const html = readFileSync(resolve(dist, 'frameworks/index.html'), 'utf8');
    for (const framework of Object.keys(WANT) as FrameworkName[]) {
      const table = doc.querySelector(`[data-framework-table="${framework}"]`);
      expect(table, framework).not.toBeNull();
      const rows = [...table!.querySelectorAll('tr[data-row]')];
      expect(rows.length).toBe(WANT[framework].length);
      rows.forEach((tr, r) => {
        const want = WANT[framework][r];
        const cell = (name: string) => tr.querySelector(`[data-cell="${name}"]`)!.textContent!.trim();
        expect([cell('pb'), cell('pe'), cell('a'), cell('size')]).toEqual([...want.pads, want.a, want.size].map(String));
        expect(cell('y')).toBe(`[${windowOf(want.pads[0], want.size).join(', ')}]`);
      });
      expect(html.indexOf(`data-framework-table="${framework}"`)).toBeLessThan(html.indexOf('data-figure="framework-calculator"'));
    }
    expect(doc.querySelector('[data-weight-layout] [data-cell="tf"]')!.textContent).toBe(
      '[[[111, 211], [121, 221], [131, 231]], [[112, 212], [122, 222], [132, 232]]]');
  });
  it("up-sampling page and the chapter show FCN's 4×4 kernel as numbers", () => {
    for (const path of ['upsampling/index.html', 'from-the-question/index.html']) {
      const cells = [...page(path).querySelectorAll('[data-fcn-kernel="2"] td')].map((td) => Number(td.textContent));
      expect(cells.slice(0, 8), path).toEqual([0.0625, 0.1875, 0.1875, 0.0625, 0.1875, 0.5625, 0.5625, 0.1875]);
    }
  });
  it('checkerboard page shows the phase sums', () => {
    const sums = [...page('checkerboard/index.html').querySelectorAll('[data-phase-sums] [data-cell="sums"]')].map((td) => td.textContent);
    expect(sums).toEqual(['[2, 1]', '[2, 2]', '[1, 1]', '[1, 1]', '[6, 6]']);
  });
  it('the chapter shows the counted multiply-adds', () => {
    const doc = page('from-the-question/index.html');
    expect(doc.querySelector('[data-cell="zi-macs"]')!.textContent).toBe('4,194,304');
    expect(doc.querySelector('[data-cell="sc-macs"]')!.textContent).toBe('1,048,576');
    expect(doc.querySelector('[data-cell="zi-useful"]')!.textContent).toMatch(/^1,016,064 /);
  });
});
